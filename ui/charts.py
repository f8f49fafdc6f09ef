"""Altair charts with tooltips; one colour per department, the same on every page."""
from __future__ import annotations

import altair as alt
from altair.utils.schemapi import disable_debug_mode

from . import data
from .chart_specs import PALETTE, colour_scale  # noqa: F401  (PALETTE: its old home)

# Altair otherwise validates every part of a chart as it is built, on every run of a page;
# the whole spec is still validated once when Streamlit draws it
disable_debug_mode()


def department_scale() -> alt.Scale:
    """Colour by department name, fixed by the order of department ids."""
    return colour_scale([d.name for d in data.departments()])
