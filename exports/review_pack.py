"""The monthly review pack (.xlsx) a committee member takes into the meeting."""
from __future__ import annotations

import io

from openpyxl.styles import Font

from i18n import metric_name, t
from metrics.alerts import FRACTION_METRICS
from metrics.figures import METRICS, RATE_METRICS
from metrics.review import MonthReview

from .xlsx import new_workbook, set_cell, write_table

PCT = "0.0%"


def _format(metric: str) -> str:
    if metric in RATE_METRICS:
        return PCT
    if metric in ("revenue",):
        return "#,##0.00"
    if metric in ("shares_per_capita", "enps"):
        return "0.0"
    return "#,##0"


def review_pack(review: MonthReview, lang: str = "zh") -> bytes:
    wb = new_workbook()
    _summary(wb.create_sheet(t("pack.summary", lang)), review, lang)
    _league(wb.create_sheet(t("pack.league", lang)), review, lang)
    _alerts(wb.create_sheet(t("pack.alerts", lang)), review, lang)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _summary(ws, review: MonthReview, lang: str) -> None:
    set_cell(ws.cell(1, 1), t("pack.title", lang, month=review.month))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    set_cell(ws.cell(2, 1), t("pack.phase", lang))
    set_cell(ws.cell(2, 2), t(f"phase.{review.phase or 'none'}", lang))
    company = review.company
    changes, goals = company.changes(), company.attainments()
    rows = []
    for m in METRICS:
        goal = goals.get(m, {})
        rows.append([metric_name(m, lang), company.values[m], changes[m]["previous"],
                     changes[m]["delta"], changes[m]["pct"], goal.get("target"),
                     goal.get("attainment")])
    headers = [t(k, lang) for k in ("col.metric", "col.value", "col.previous", "col.delta",
                                     "col.delta_pct", "col.target", "col.attainment")]
    write_table(ws, headers, rows, start_row=4)
    for i, m in enumerate(METRICS, start=5):   # number formats by metric, per row
        for col in (2, 3, 4, 6):
            if not isinstance(ws.cell(i, col).value, str):
                ws.cell(i, col).number_format = _format(m)
        ws.cell(i, 5).number_format = PCT
        ws.cell(i, 7).number_format = PCT
    ws.column_dimensions["A"].width = 22


def _league(ws, review: MonthReview, lang: str) -> None:
    ordered = sorted(review.departments,
                     key=lambda d: (d.values["participation_rate"] is None,
                                    -(d.values["participation_rate"] or 0), d.department_id))
    headers = ([t("col.rank", lang), t("col.department_id", lang), t("col.department", lang),
                t("col.in_pilot", lang)] + [metric_name(m, lang) for m in METRICS])
    rows = ([rank, d.department_id, d.name, t("common.yes" if d.in_pilot else "common.no", lang)]
            + [d.values[m] for m in METRICS] for rank, d in enumerate(ordered, start=1))
    formats = {5 + i: _format(m) for i, m in enumerate(METRICS)}
    write_table(ws, headers, rows, formats)


def _alerts(ws, review: MonthReview, lang: str) -> None:
    names = {d.department_id: d.name for d in review.departments}
    headers = [t(k, lang) for k in ("col.alert", "col.department_id", "col.department",
                                     "col.metric", "col.value", "col.threshold", "col.severity",
                                     "col.cause", "col.action")]
    if not review.alerts:
        write_table(ws, headers, [])
        set_cell(ws.cell(2, 1), t("pack.no_alerts", lang))
        return
    rows = [[t(f"alert.{a.type}", lang), a.department_id,
             names.get(a.department_id) or a.as_dict(lang)["department_name"],
             metric_name(a.metric, lang), a.value, a.threshold, t(f"severity.{a.severity}", lang),
             t(f"alert.{a.type}.cause", lang), t(f"alert.{a.type}.action", lang)]
            for a in review.alerts]
    write_table(ws, headers, rows)
    for r, a in enumerate(review.alerts, start=2):   # each alert's value in its metric's format
        fmt = PCT if a.metric in FRACTION_METRICS else _format(a.metric)
        for c, v in ((5, a.value), (6, a.threshold)):
            whole = v is None or float(v).is_integer()
            ws.cell(r, c).number_format = "#,##0.0" if fmt == "#,##0" and not whole else fmt
