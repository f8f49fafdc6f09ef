"""Altair charts with tooltips; one colour per department, the same on every page."""
from __future__ import annotations

import altair as alt
from altair.utils.schemapi import disable_debug_mode

from . import data

# Altair otherwise validates every part of a chart as it is built, on every run of a page;
# the whole spec is still validated once when Streamlit draws it
disable_debug_mode()

PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2",
           "#ff9da6", "#9d755d", "#bab0ac", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
           "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def department_scale() -> alt.Scale:
    """Colour by department name, fixed by the order of department ids."""
    names = [d.name for d in data.departments()]
    return alt.Scale(domain=names, range=[PALETTE[i % len(PALETTE)] for i in range(len(names))])
