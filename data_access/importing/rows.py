"""A sheet's header and rows -> typed rows of one table (with every cell problem found).

Typed rows are tuples in contract column order rather than dicts: a shares
import may hold millions of rows, and tuples take far less memory. A cell
that failed is BAD, so later rules skip it instead of piling up follow-on
problems. A column left out of the header is empty in every row: an
imported row replaces the stored row as a whole (documented in the README).
"""
from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import call, itemgetter

from openpyxl.utils import get_column_letter

from ..contract import TABLES, Table
from .limits import Capped
from .parse import CellError, display, parser_for, placeholder_reason
from .read import Sheet
from .report import Problem


class _Bad:
    __slots__ = ()

    def __repr__(self) -> str:
        return "BAD"


BAD = _Bad()  # a cell that could not be read; its problem is already reported


@dataclass
class Parsed:
    """One table's rows after parsing."""
    table: Table
    label: str
    present: frozenset[str]          # columns named (once) in the header
    rows: list[tuple] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    @property
    def keyed(self) -> bool:
        """Every key column is in the header, so the rows' keys can be trusted."""
        return all(k in self.present for k in self.table.key)

    def index(self, column: str) -> int:
        return self.table.column_names.index(column)


def check_header(sheet: Sheet, table: Table) -> tuple[dict[str, int], list[int], list[Problem]]:
    """Map column name -> cell index; also the unnamed positions, and the header's problems."""
    problems: list[Problem] = []
    where: dict[str, list[int]] = {}
    unnamed: list[int] = []
    allowed = ", ".join(table.column_names)
    for i, name in enumerate(sheet.header):
        if not name:
            unnamed.append(i)
        elif name in table.column_names:
            where.setdefault(name, []).append(i)
        else:
            close = difflib.get_close_matches(name, table.column_names, n=1, cutoff=0.6)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            problems.append(Problem(sheet.label, 1, name, None,
                                    f"is not a column of the {table.name} table "
                                    f"(its columns are: {allowed}){hint}"))
    index: dict[str, int] = {}
    for name, positions in where.items():
        if len(positions) > 1:
            problems.append(Problem(sheet.label, 1, name, None,
                                    "appears more than once in the header ("
                                    + ", ".join(get_column_letter(i + 1) for i in positions)
                                    + "); keep only one column of that name"))
        else:
            index[name] = positions[0]
    for col in table.columns:
        if col.required and col.name not in where:
            problems.append(Problem(sheet.label, 1, col.name, None,
                                    "is a required column, but the header does not have it"))
    return index, unnamed, problems


def parse_sheet(sheet: Sheet) -> tuple[Parsed, list[Problem]]:
    table = TABLES[sheet.table]
    index, unnamed, problems = check_header(sheet, table)
    problems = Capped(problems)    # a million bad rows: the first ones listed, the rest counted
    parsed = Parsed(table, sheet.label, frozenset(index))
    width = len(sheet.header)
    columns = table.columns
    parsers = [parser_for(table.name, c) for c in columns]
    # where each column's cell sits; a column absent from the header reads the padding None
    # appended at position `width`
    positions = [index.get(c.name, width) for c in columns]
    required = [j for j, c in enumerate(columns) if c.required]
    # Values that repeat (ids of other tables, channels, counts, dates) are parsed once per
    # distinct text; reference ids then also share one string object each, which keeps millions
    # of rows small. Key columns and timestamps are nearly all distinct: parsed directly.
    fast = [parse if c.name in table.key or c.kind == "timestamp"
            else _memo(parse, bounded=c.references is None) for c, parse in zip(columns, parsers)]
    take = itemgetter(*positions) if len(positions) > 1 else (lambda cells: (cells[positions[0]],))
    stray: dict[int, tuple[int, object]] = {}  # values in columns without a name: first line, value
    rows, lines, label = parsed.rows, parsed.lines, sheet.label
    pad = [None]

    complete = width not in positions  # every column is in the header: no padding needed

    for line, cells in sheet.rows:
        n = len(cells)
        if n == width and complete:
            raws = take(cells)
        else:
            raws = take(cells + pad if n == width
                        else [*cells[:width], *([None] * (width - n)), None])
        try:  # fast path: every cell reads fine
            values = tuple(map(call, fast, raws))
        except CellError:
            values = _slow_row(label, line, columns, parsers, raws, problems)
        if None in values:
            values = list(values)
            for j in required:
                if values[j] is None:
                    if positions[j] != width:  # a missing column is reported once, on the header
                        problems.append(Problem(label, line, columns[j].name, None,
                                                "is empty, but a value is required"))
                    values[j] = BAD
            values = tuple(values)
        rows.append(values)
        lines.append(line)
        if n > width or unnamed:
            for j in [*unnamed, *range(width, n)]:
                if j < n and j not in stray and display(cells[j]):
                    stray[j] = (line, cells[j])
    problems += sheet.problems
    for j, (line, raw) in sorted(stray.items()):
        problems.append(Problem(label, line, None, display(raw),
                                f"is in column {get_column_letter(j + 1)}, which has no name in "
                                "the header; name the column or clear it"))
    return parsed, problems


_MISSING = object()
MEMO_LIMIT = 100_000   # distinct texts remembered per column (reference columns: all)


def _memo(parse: Callable[[object], object], bounded: bool = True) -> Callable[[object], object]:
    """`parse` remembering its result per distinct text cell. Only str cells: a workbook's
    True, 1 and 1.0 are equal as dict keys but do not parse alike. Errors are not remembered
    (they raise, and the row is then read cell by cell)."""
    cache: dict[str, object] = {}
    get = cache.get

    def parse_memo(raw: object) -> object:
        if raw.__class__ is not str:
            return parse(raw)
        value = get(raw, _MISSING)
        if value is _MISSING:
            value = parse(raw)
            if not bounded or len(cache) < MEMO_LIMIT:
                cache[raw] = value
        return value
    return parse_memo


def _slow_row(label, line, columns, parsers, raws, problems) -> list:
    """Cell by cell, so that every bad cell of the row is reported."""
    values = []
    for col, parse, raw in zip(columns, parsers, raws):
        try:
            values.append(parse(raw))
        except CellError as e:
            # a placeholder ("NULL", "#N/A") fails every kind; say why once, the same way
            problems.append(Problem(label, line, col.name, display(raw),
                                    placeholder_reason(raw) or e.reason))
            values.append(BAD)
    return values
