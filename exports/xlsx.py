"""openpyxl helpers: text stays text, undefined stays "—", rates look like rates."""
from __future__ import annotations

import io
import math
import re
from typing import Iterable

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .safe_cells import is_formula_like

UNDEFINED = "—"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    return wb


def set_cell(cell: Cell, value: object, number_format: str | None = None) -> None:
    """Write one value. Strings are stored as strings, so '=cmd()' is never a formula, and
    formula-like text is marked quotePrefix (exports.safe_cells): it shows as it is and stays
    text when edited in Excel. Numbers stay numbers, negative ones too."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        cell.value = UNDEFINED
        cell.alignment = Alignment(horizontal="right")
        return
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
        return
    cell.value = value
    if number_format and isinstance(value, (int, float)):
        cell.number_format = number_format


def write_table(ws: Worksheet, headers: list[str], rows: Iterable[Iterable[object]],
                formats: dict[int, str] | None = None, start_row: int = 1) -> int:
    """Headers and rows from start_row; returns the next free row."""
    formats = formats or {}
    for j, h in enumerate(headers, start=1):
        c = ws.cell(start_row, j)
        set_cell(c, str(h))
        c.font, c.fill = Font(bold=True), HEADER_FILL
    r = start_row
    for r, row in enumerate(rows, start=start_row + 1):
        for j, value in enumerate(row, start=1):
            set_cell(ws.cell(r, j), value, formats.get(j))
    for j, h in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(10, min(40, 2 * len(str(h)) + 4))
    ws.freeze_panes = ws.cell(start_row + 1, 1)
    return r + 1


_NOT_IN_TITLE = re.compile(r"[\\/*?:\[\]\x00-\x1f\x7f-\x9f]")


def sheet_title(name: str) -> str:
    """A name Excel takes for a sheet: without \\ / * ? : [ ] or control characters, no
    apostrophe at either end, at most 31 characters. (Download names hold ids from the data,
    e.g. "team-a/b-2026-03".)"""
    return _NOT_IN_TITLE.sub("_", name)[:31].strip("'") or "Sheet"


def frames_to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per frame (sheet names made valid, see sheet_title)."""
    wb = new_workbook()
    for name, frame in sheets.items():
        rows = ([None if pd.isna(v) else v for v in row] for row in frame.itertuples(index=False))
        write_table(wb.create_sheet(sheet_title(name)), [str(c) for c in frame.columns], rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
