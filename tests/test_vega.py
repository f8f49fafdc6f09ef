"""ui.vega: the spec drawn is Altair's own (unvalidated, without the default theme's view
size), and a kept spec is the one its frames, language and data version build."""
from __future__ import annotations

import altair as alt
import pandas as pd

from ui import session, vega, versioned


def chart_of(frame: pd.DataFrame, title: str = "t"):
    base = alt.Chart(frame).encode(x=alt.X("week:N", title=title))
    return alt.layer(base.mark_bar().encode(y="actual:Q"), base.mark_tick().encode(
        y="target:Q")).facet(facet="series:N", columns=2)


def frame(actual: int = 1) -> pd.DataFrame:
    return pd.DataFrame({"week": ["2026-06-01", "2026-06-08"], "actual": [actual, 2],
                         "target": [1.5, 1.5], "series": ["a", "b"],
                         "day": pd.to_datetime(["2026-06-01", "2026-06-08"])})


def test_spec_is_altairs_own_without_the_default_view_size():
    chart = chart_of(frame())
    validated = chart.to_dict()
    assert validated["config"] == {"view": {"continuousWidth": 300, "continuousHeight": 300}}
    del validated["config"]
    assert vega.spec(chart) == validated


def test_cached_spec_follows_frames_language_and_version(monkeypatch):
    state = {"lang": "zh", "version": 7}
    monkeypatch.setattr(session, "lang", lambda: state["lang"])
    monkeypatch.setattr(versioned, "current", lambda: state["version"])
    vega._SPECS.clear()
    builds = []

    def build(f):
        builds.append(state["lang"])
        return chart_of(f, title=state["lang"])

    first = vega.cached_spec("test.weekly", (frame(),), build)
    assert first == vega.spec(chart_of(frame(), title="zh"))
    assert vega.cached_spec("test.weekly", (frame(),), build) == first   # kept
    assert len(builds) == 1
    changed = vega.cached_spec("test.weekly", (frame(actual=5),), build)  # other data
    assert changed == vega.spec(chart_of(frame(actual=5), title="zh"))
    state["lang"] = "en"
    assert vega.cached_spec("test.weekly", (frame(),), build) == vega.spec(
        chart_of(frame(), title="en"))
    state["version"] = 8                                       # an import elsewhere
    vega.cached_spec("test.weekly", (frame(),), build)
    assert builds == ["zh", "zh", "en", "en"]
    # every call hands out a dict of its own (Streamlit takes the datasets out of it)
    one = vega.cached_spec("test.weekly", (frame(),), build)
    one.pop("datasets")
    assert "datasets" in vega.cached_spec("test.weekly", (frame(),), build)
