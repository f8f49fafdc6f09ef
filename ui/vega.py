"""Altair charts drawn without validating their whole Vega-Lite spec on every run.

st.altair_chart turns a chart into its spec with chart.to_dict(), which validates the whole
spec against the Vega-Lite JSON schema: a quarter to a third of a warm page's server CPU on
the chart pages, on every run of every session, for charts our own code builds the same way
each time (a mistake in one shows in the first run, in the tests). `altair_chart` draws the
same spec with st.vega_lite_chart instead:

- the spec of to_dict(validate=False): the same dict, unchecked;
- without the view size of Altair's default theme, as Streamlit draws Altair charts;
- the data inline as named datasets, which Streamlit sends to the browser as Arrow tables,
  as it does an Altair chart's.
"""
from __future__ import annotations

import altair as alt
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


class on:
    """`on(container).altair_chart(chart, **options)` where a page wrote
    `container.altair_chart(chart, **options)` (st, a column, the sidebar, ...)."""

    def __init__(self, container=st):
        self.container = container

    def altair_chart(self, chart, **options):
        return self.container.vega_lite_chart(spec(chart), **options)
