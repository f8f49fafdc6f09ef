"""The review's charts as PNG pictures for the deck and the PDF.

The trend lines are the review page's own Altair charts (ui/chart_specs.py); here they only
get a size, the target and threshold rules, and a font with Chinese glyphs. vl-convert
draws text with the fonts it has been told about, so the CJK font's directory is
registered once before the first picture (exports/fonts.py says which font).
"""
from __future__ import annotations

import altair as alt
import pandas as pd
import vl_convert as vlc

from i18n import metric_name, t
from metrics.figures import RATE_METRICS
from metrics.league import LeagueRow
from metrics.review import MonthReview
from metrics.review_view import default_departments
from metrics.trend import Trend
from ui.chart_specs import colour_scale, company_trend, department_trend, trend_points
from ui.format import metric_value

from .fonts import cjk_font

SCALE = 2                   # pixels per CSS pixel: sharp on a projector and on paper
RULE_COLOUR = "#d62728"
_registered = False


def _font_ready() -> str:
    """The font family name charts use, its directory registered with vl-convert once."""
    global _registered
    font = cjk_font()
    if not _registered:
        vlc.register_font_directory(str(font.path.parent))
        _registered = True
    return font.family


def png(chart: alt.TopLevelMixin) -> bytes:
    family = _font_ready()
    # projected or printed on A4, the screen's 10-11 px labels are too small
    spec = (chart.configure(font=family, background="white").configure_view(stroke=None)
            .configure_axis(labelFontSize=13, titleFontSize=14)
            .configure_title(fontSize=16))
    return vlc.vegalite_to_png(spec.to_dict(), scale=SCALE)


def _rule(value: float, label: str) -> alt.LayerChart:
    """A dashed horizontal line at `value` with its label at the left end."""
    frame = pd.DataFrame({"value": [value], "label": [label]})
    base = alt.Chart(frame)
    line = base.mark_rule(color=RULE_COLOUR, strokeDash=[6, 4], strokeWidth=1.5).encode(
        y="value:Q")
    text = base.mark_text(align="left", baseline="bottom", dx=4, dy=-2, color=RULE_COLOUR,
                          fontSize=11).encode(y="value:Q", x=alt.value(0), text="label:N")
    return alt.layer(line, text)


def rules_for(metric: str, lang: str, goals: dict[str, float], threshold: float) -> list:
    out = []
    if goals.get(metric) is not None:
        out.append(_rule(goals[metric], t("deck.rule.target", lang,
                                          value=metric_value(metric, goals[metric], lang))))
    if metric == "participation_rate":
        out.append(_rule(threshold, t("deck.rule.threshold", lang,
                                      value=metric_value(metric, threshold, lang))))
    return out


def _empty(lang: str) -> alt.Chart:
    return (alt.Chart(pd.DataFrame({"text": [t("deck.no_trend", lang)]}))
            .mark_text(fontSize=18, color="#666666").encode(text="text:N")
            .properties(width=600, height=300))


def company_trends_png(history: Trend, metrics: tuple[str, ...], names: dict[str, str],
                       lang: str, goals: dict[str, float], threshold: float) -> bytes:
    """The company's 12-month line of each metric, two by two, with this month's target (and
    the participation threshold) as dashed rules."""
    charts = []
    for metric in metrics:
        points = trend_points(history, metric, names, lang)
        if points.empty:
            return png(_empty(lang))
        line = company_trend(points, metric, lang)
        charts.append(alt.layer(line, *rules_for(metric, lang, goals, threshold))
                      .properties(width=430, height=220, title=metric_name(metric, lang)))
    rows = [alt.hconcat(*charts[i:i + 2]) for i in range(0, len(charts), 2)]
    return png(alt.vconcat(*rows).resolve_scale(y="independent"))


def department_trend_png(history: Trend, review: MonthReview,
                         lang: str, threshold: float) -> bytes:
    metric = "participation_rate"
    names = {d.department_id: d.name for d in review.departments}
    points = trend_points(history, metric, names, lang)
    if points.empty:
        return png(_empty(lang))
    points = points[points["department_id"].isna()
                    | points["department_id"].isin(default_departments(review, metric))]
    # the legend lists the lines drawn, each in the colour it has on every page
    everyone = colour_scale([d.name for d in review.departments])
    shown = [n for n in everyone.domain if n in set(points["who"])]
    scale = alt.Scale(domain=shown, range=[everyone.range[everyone.domain.index(n)]
                                           for n in shown])
    lines = department_trend(points, metric, lang, scale)
    chart = alt.layer(lines, *rules_for(metric, lang, {}, threshold)).properties(
        width=900, height=380)
    return png(chart.configure_legend(orient="right", labelFontSize=13, titleFontSize=13,
                                      labelLimit=240))


def league_png(review: MonthReview, ranked: list[LeagueRow], lang: str, threshold: float
               ) -> bytes:
    """Departments by participation rate, best at the top, the threshold as a dashed rule."""
    metric = "participation_rate"
    frame = pd.DataFrame([{
        "who": f"{r.rank if r.rank is not None else '—'}. {r.name}", "name": r.name,
        "value": r.value, "shown": metric_value(metric, r.value, lang)} for r in ranked])
    if frame.empty:
        return png(_empty(lang))
    order = list(frame["who"])
    y = alt.Y("who:N", sort=order, title=None, axis=alt.Axis(labelFontSize=13, labelLimit=260))
    x = alt.X("value:Q", title=metric_name(metric, lang),
              axis=alt.Axis(format="%" if metric in RATE_METRICS else ",~f", tickCount=10),
              scale=alt.Scale(domain=[0, max(1.0, float(frame["value"].max() or 0))]))
    base = alt.Chart(frame).encode(y=y)
    bars = base.mark_bar().encode(
        x=x, color=alt.Color("name:N", scale=colour_scale([d.name for d in review.departments]),
                             legend=None))
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(x="value:Q", text="shown:N")
    rule = alt.Chart(pd.DataFrame({"value": [threshold]})).mark_rule(
        color=RULE_COLOUR, strokeDash=[6, 4], strokeWidth=1.5).encode(x="value:Q")
    rule_text = alt.Chart(pd.DataFrame({"value": [threshold], "label": [
        t("deck.rule.threshold", lang, value=metric_value(metric, threshold, lang))]})).mark_text(
        align="left", baseline="top", dx=4, dy=2, color=RULE_COLOUR, fontSize=11).encode(
        x="value:Q", y=alt.value(0), text="label:N")
    chart = alt.layer(bars, labels, rule, rule_text).properties(
        width=760, height=max(200, 34 * len(frame)))
    return png(chart)
