"""Altair charts drawn without validating their whole Vega-Lite spec on every run.

st.altair_chart turns a chart into its spec with chart.to_dict(), which validates the whole
spec against the Vega-Lite JSON schema, on every run of every session, for charts our own
code builds the same way each time (a mistake in one shows in the first run, in the
tests). Measured on the phases page's weekly chart: building it 15 ms, Streamlit's
conversion 13 ms, the unvalidated spec with its data as Arrow 9 ms. `altair_chart` draws the
same spec with st.vega_lite_chart instead:

- the spec of to_dict(validate=False): the same dict, unchecked;
- without the view size of Altair's default theme, as Streamlit draws Altair charts;
- the data inline as named datasets, which Streamlit sends to the browser as Arrow tables,
  as it does an Altair chart's.

`cached_chart` goes further for a chart drawn again and again from the same data (every
warm run of a page): the spec is kept per chart name, language, data version and a hash of
the data frames it is built from, so the chart is neither built nor converted again.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict

import altair as alt
import pandas as pd
import streamlit as st


def _theme_view() -> dict:
    """What Altair's default theme adds to every spec ({"continuousWidth": 300, ...})."""
    try:
        return dict(((alt.theme.get() or (lambda: {}))().get("config") or {}).get("view") or {})
    except Exception:       # a theme registry without a default: nothing to take away
        return {}


_DEFAULT_VIEW = _theme_view()


def spec(chart) -> dict:
    """The chart's Vega-Lite spec, unvalidated, without the default theme's view size."""
    out = chart.to_dict(validate=False)
    view = (out.get("config") or {}).get("view")
    if alt.theme.active == "default" and isinstance(view, dict):
        for key, value in _DEFAULT_VIEW.items():
            if view.get(key) == value:
                del view[key]
        if not view:
            del out["config"]["view"]
        if not out["config"]:
            del out["config"]
    return out


_SPECS: OrderedDict[tuple, str] = OrderedDict()     # key -> the spec as JSON text
_SPECS_MAX = 512
_specs_lock = threading.Lock()


def fingerprint(frame: pd.DataFrame) -> str:
    """The frame's content (values, index, column names and types), hashed."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    digest.update(pd.util.hash_pandas_object(frame, index=True).values.tobytes())
    return digest.hexdigest()


def cached_spec(name: str, frames: tuple, build) -> dict:
    """spec(build(*frames)), kept per (name, language, data version, frames' content).
    `build` may read nothing else that changes between runs: only `frames`, the language
    (tr) and data under the data version (ui.data and the other cached readers)."""
    from .session import lang
    from .versioned import current
    key = (name, lang(), current(), tuple(fingerprint(f) for f in frames))
    with _specs_lock:
        text = _SPECS.get(key)
        if text is not None:
            _SPECS.move_to_end(key)
    if text is None:
        text = json.dumps(spec(build(*frames)))
        with _specs_lock:
            _SPECS[key] = text
            while len(_SPECS) > _SPECS_MAX:
                _SPECS.popitem(last=False)
    return json.loads(text)        # a fresh dict: Streamlit takes the datasets out of it


class on:
    """`on(container).altair_chart(chart, **options)` where a page wrote
    `container.altair_chart(chart, **options)` (st, a column, the sidebar, ...)."""

    def __init__(self, container=st):
        self.container = container

    def altair_chart(self, chart, **options):
        return self.container.vega_lite_chart(spec(chart), **options)

    def cached_chart(self, name: str, frames: tuple, build, **options):
        """altair_chart(build(*frames), **options), the spec kept (cached_spec)."""
        return self.container.vega_lite_chart(cached_spec(name, frames, build), **options)
