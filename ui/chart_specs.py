"""The trend charts as plain Altair builders, without Streamlit: the review page draws them
and exports/chart_images.py renders the very same charts to pictures for the deck and the
PDF. One colour per department, fixed by the order of department ids."""
from __future__ import annotations

import altair as alt
import pandas as pd

from i18n import metric_name, t
from metrics.figures import RATE_METRICS
from metrics.trend import Trend

from .format import metric_value

PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2",
           "#ff9da6", "#9d755d", "#bab0ac", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
           "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
COMPANY_COLOUR = "#333333"


def colour_scale(names: list[str]) -> alt.Scale:
    """Department names (in department id order) to the palette's colours."""
    return alt.Scale(domain=names, range=[PALETTE[i % len(PALETTE)] for i in range(len(names))])


def trend_points(trend: Trend, metric: str, names: dict[str, str], lang: str) -> pd.DataFrame:
    """Long rows (month, department_id, who, date, shown, value) of one metric: company rows
    have no department_id."""
    points = pd.DataFrame(trend.rows(metric))
    if points.empty:
        return points
    points["who"] = points["department_id"].map(names).fillna(t("review.company", lang))
    points["date"] = pd.to_datetime(points["month"] + "-01")
    points["shown"] = [metric_value(metric, v, lang) for v in points["value"]]
    points["value"] = pd.to_numeric(points["value"], errors="coerce")
    return points


def _encodings(metric: str, lang: str):
    axis = alt.Axis(format="%" if metric in RATE_METRICS else ",~f")
    tips = [alt.Tooltip("who:N", title=t("col.department", lang)),
            alt.Tooltip("month:N", title=t("widget.month", lang)),
            alt.Tooltip("shown:N", title=metric_name(metric, lang))]
    x = alt.X("date:T", timeUnit="yearmonth", title=None, axis=alt.Axis(format="%Y-%m"))
    y = alt.Y("value:Q", title=metric_name(metric, lang), axis=axis)
    return x, y, tips


def company_trend(points: pd.DataFrame, metric: str, lang: str) -> alt.Chart:
    """The company's line (the rows without a department)."""
    x, y, tips = _encodings(metric, lang)
    return (alt.Chart(points[points["department_id"].isna()])
            .mark_line(color=COMPANY_COLOUR, point=alt.OverlayMarkDef(color=COMPANY_COLOUR))
            .encode(x=x, y=y, tooltip=tips))


def department_trend(points: pd.DataFrame, metric: str, lang: str, scale: alt.Scale
                     ) -> alt.Chart:
    """One line per department (the rows with a department), coloured by `scale`."""
    x, y, tips = _encodings(metric, lang)
    return (alt.Chart(points[points["department_id"].notna()]).mark_line(point=True)
            .encode(x=x, y=y, tooltip=tips,
                    color=alt.Color("who:N", scale=scale, title=t("col.department", lang))))
