"""The monthly review pack (.xlsx) a committee member takes into the meeting.

Sheets: summary (phase, data as of, key figures with change and target), league table,
alerts (with cause and action), phases (every check of every scorecard) and trend (the
company month by month, participation by department). Every sheet prints on A4 landscape,
fitted to the page width, its header row repeated on each page; long text wraps.

Changes are labelled so the two kinds never look alike: the absolute change of a rate is
in percentage points ("+2.1 pp"), the relative change in percent ("+3.9%"). Departments
appear by name; their ids stay in a last column labelled for lookups. Text from the data
is written as text, never as a formula (exports/xlsx.set_cell, exports/safe_cells).
"""
from __future__ import annotations

import io

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from i18n import metric_name, t
from metrics.alerts import FRACTION_METRICS
from metrics.figures import METRICS, RATE_METRICS
from metrics.review import MonthReview
from ui.format import month_label

from .xlsx import new_workbook, set_cell, write_table

PCT = "0.0%"
RELATIVE = "+0.0%;-0.0%;0.0%"
POINTS = '+0.0" pp";-0.0" pp";0.0" pp"'
WRAP = Alignment(wrap_text=True, vertical="top")


def _format(metric: str) -> str:
    if metric in RATE_METRICS:
        return PCT
    if metric in ("revenue",):
        return "#,##0.00"
    if metric in ("shares_per_capita", "enps"):
        return "0.0"
    return "#,##0"


def _signed(metric: str) -> str:
    """The number format of a month-over-month change of `metric`."""
    if metric in RATE_METRICS:
        return POINTS
    plain = _format(metric)
    return f"+{plain};-{plain};{plain}"


def review_pack(review: MonthReview, lang: str = "zh", engine=None, settings=None) -> bytes:
    """The pack of `review`; with `engine` (and its settings) also the phases and trend
    sheets, which read further months and the phase rules."""
    wb = new_workbook()
    _summary(wb.create_sheet(t("pack.summary", lang)), review, lang)
    _league(wb.create_sheet(t("pack.league", lang)), review, lang)
    _alerts(wb.create_sheet(t("pack.alerts", lang)), review, lang)
    if engine is not None:
        from metrics.phase_scorecard import scorecards
        from metrics.settings import load_settings
        from metrics.trend import trend
        from data_access.reference import data_span
        settings = settings or load_settings(engine)
        _phases(wb.create_sheet(t("pack.phases", lang)), review, lang,
                scorecards(engine, review.month, settings))
        span = data_span(engine)
        _trend(wb.create_sheet(t("pack.trend", lang)), review, lang,
               trend(engine, review.month, span[0] if span else None))
    for ws in wb.worksheets:
        _print_setup(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, every column on the page width, the table's header row on each page."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    header = ws.freeze_panes and ws[ws.freeze_panes].row - 1
    if header:
        ws.print_title_rows = f"{header}:{header}"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def _wrap(ws: Worksheet, columns: dict[int, int], first_row: int = 1) -> None:
    """Columns given widths and their cells wrapped (cause, action, check texts)."""
    for col, width in columns.items():
        ws.column_dimensions[get_column_letter(col)].width = width
        for row in range(first_row, ws.max_row + 1):
            ws.cell(row, col).alignment = WRAP


def _summary(ws, review: MonthReview, lang: str) -> None:
    set_cell(ws.cell(1, 1), t("pack.title", lang, month=review.month))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    set_cell(ws.cell(2, 1), t("pack.phase", lang))
    set_cell(ws.cell(2, 2), t(f"phase.{review.phase or 'none'}", lang))
    as_json = review.as_dict(lang)
    if as_json.get("data_as_of"):
        set_cell(ws.cell(3, 1), t("pack.data_as_of", lang))
        set_cell(ws.cell(3, 2), as_json["data_as_of"])
        if as_json.get("month_complete") is not None:
            set_cell(ws.cell(3, 3), t("deck.month_complete", lang) if as_json["month_complete"]
                     else t("deck.month_partial", lang, day=as_json["data_as_of"]))
    company = review.company
    changes, goals = company.changes(), company.attainments()
    rows = []
    for m in METRICS:
        goal = goals.get(m, {})
        step = changes[m]["delta"]
        if step is not None and m in RATE_METRICS:
            step = step * 100                # percentage points, shown with "pp"
        rows.append([metric_name(m, lang), company.values[m], changes[m]["previous"],
                     step, changes[m]["pct"], goal.get("target"), goal.get("attainment")])
    headers = [t("col.metric", lang), t("col.value", lang), t("col.previous", lang),
               t("pack.col.change_abs", lang), t("pack.col.change_rel", lang),
               t("col.target", lang), t("col.attainment", lang)]
    end = write_table(ws, headers, rows, start_row=4)
    for i, m in enumerate(METRICS, start=5):   # number formats by metric, per row
        for col in (2, 3, 6):
            if not isinstance(ws.cell(i, col).value, str):
                ws.cell(i, col).number_format = _format(m)
        if not isinstance(ws.cell(i, 4).value, str):
            ws.cell(i, 4).number_format = _signed(m)
        ws.cell(i, 5).number_format = RELATIVE
        ws.cell(i, 7).number_format = PCT
    set_cell(ws.cell(end + 1, 1), t("pack.note", lang))
    set_cell(ws.cell(end + 1, 2), t("deck.kpis_note", lang))
    ws.merge_cells(start_row=end + 1, start_column=2, end_row=end + 1, end_column=7)
    ws.cell(end + 1, 2).alignment = WRAP
    ws.row_dimensions[end + 1].height = 32
    ws.column_dimensions["A"].width = 22
    for col in "DE":
        ws.column_dimensions[col].width = 24
    ws.cell(4, 4).alignment = ws.cell(4, 5).alignment = WRAP


def _league(ws, review: MonthReview, lang: str) -> None:
    ordered = sorted(review.departments,
                     key=lambda d: (d.values["participation_rate"] is None,
                                    -(d.values["participation_rate"] or 0), d.department_id))
    headers = ([t("col.rank", lang), t("col.department", lang), t("col.in_pilot", lang)]
               + [metric_name(m, lang) for m in METRICS] + [t("pack.col.department_id", lang)])
    rows = ([rank, d.name, t("common.yes" if d.in_pilot else "common.no", lang)]
            + [d.values[m] for m in METRICS] + [d.department_id]
            for rank, d in enumerate(ordered, start=1))
    formats = {4 + i: _format(m) for i, m in enumerate(METRICS)}
    write_table(ws, headers, rows, formats)
    ws.column_dimensions["B"].width = 18
    for j in range(1, len(headers) + 1):
        ws.cell(1, j).alignment = WRAP


def _alerts(ws, review: MonthReview, lang: str) -> None:
    names = {d.department_id: d.name for d in review.departments}
    headers = [t(k, lang) for k in ("col.alert", "col.department", "col.metric", "col.value",
                                     "col.threshold", "col.severity", "col.cause", "col.action",
                                     "pack.col.department_id")]
    if not review.alerts:
        write_table(ws, headers, [])
        set_cell(ws.cell(2, 1), t("pack.no_alerts", lang))
        return
    ordered = review.ranked_alerts()
    rows = [[t(f"alert.{a.type}", lang),
             names.get(a.department_id) or a.as_dict(lang)["department_name"],
             metric_name(a.metric, lang), a.value, a.threshold, t(f"severity.{a.severity}", lang),
             t(f"alert.{a.type}.cause", lang), t(f"alert.{a.type}.action", lang),
             a.department_id or None] for a in ordered]
    write_table(ws, headers, rows)
    for r, a in enumerate(ordered, start=2):   # each alert's value in its metric's format
        fmt = PCT if a.metric in FRACTION_METRICS else _format(a.metric)
        for c, v in ((4, a.value), (5, a.threshold)):
            whole = v is None or float(v).is_integer()
            ws.cell(r, c).number_format = "#,##0.0" if fmt == "#,##0" and not whole else fmt
    ws.column_dimensions["A"].width = ws.column_dimensions["B"].width = 18
    _wrap(ws, {7: 48, 8: 48})


def _phases(ws, review: MonthReview, lang: str, cards) -> None:
    from .deck_content import check_text
    names = {d.department_id: d.name for d in review.departments}
    headers = [t("deck.col.phase", lang), t("deck.col.status", lang),
               t("deck.col.verdict", lang), t("pack.col.check", lang), t("deck.col.why", lang)]
    rows = []
    for card in cards:
        phase = t(f"phase.{card.phase}", lang)
        if card.status == "unscheduled":
            rows.append([phase, t("deck.phase_unscheduled", lang), None, None, None])
            continue
        if card.status == "upcoming":
            rows.append([phase, t("deck.phase_upcoming", lang, start=card.start.isoformat()),
                         None, None, None])
            continue
        status = t(f"phases.status.{card.status}", lang, month=month_label(card.month, lang))
        for c in card.checks:
            rows.append([phase, status, t(f"phases.verdict.{card.verdict}", lang),
                         t(f"phases.verdict.{c.verdict}", lang), check_text(c, lang, names)])
    write_table(ws, headers, rows)
    _wrap(ws, {1: 12, 2: 30, 3: 12, 4: 12, 5: 80})


def _trend(ws, review: MonthReview, lang: str, history) -> None:
    set_cell(ws.cell(1, 1), t("pack.trend_caption", lang))
    ws.cell(1, 1).font = Font(bold=True)
    headers = [t("pack.col.month", lang)] + [metric_name(m, lang) for m in METRICS]
    rows = [[m] + [history.value(m, metric) for metric in METRICS] for m in history.months]
    end = write_table(ws, headers, rows, {2 + i: _format(m) for i, m in enumerate(METRICS)},
                      start_row=2)
    for j in range(1, len(headers) + 1):
        ws.cell(2, j).alignment = WRAP
    # participation by department, month by month: the department trend of the review page
    start = end + 1
    set_cell(ws.cell(start, 1), metric_name("participation_rate", lang))
    ws.cell(start, 1).font = Font(bold=True)
    deps = review.departments
    head = start + 1
    for j, h in enumerate([t("pack.col.month", lang)] + [d.name for d in deps], start=1):
        set_cell(ws.cell(head, j), h)
        ws.cell(head, j).font = Font(bold=True)
        ws.cell(head, j).alignment = WRAP
    for i, m in enumerate(history.months, start=head + 1):
        set_cell(ws.cell(i, 1), m)
        for j, d in enumerate(deps, start=2):
            set_cell(ws.cell(i, j), history.value(m, "participation_rate", d.department_id), PCT)
