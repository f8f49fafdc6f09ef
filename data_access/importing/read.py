"""Turn files into sheets of raw cells: decoding, CSV and .xlsx reading, naming.

Nothing here knows column kinds; it only finds which table each file or sheet
holds, its header, and its rows with their line numbers as a spreadsheet
shows them (header = 1, first data row = 2; a CSV record spanning several
physical lines because of a quoted line break is still one row). Rows whose
cells are all empty are skipped (Excel leaves them behind) but still counted,
so line numbers keep matching what the analyst sees.

Encodings: UTF-8 (a byte-order mark is dropped), else GB18030 - a superset of
GBK, which is what Excel on a Chinese Windows machine writes for "CSV".
Both are decoded strictly, and text holding control characters (other than
tab, CR, LF) or U+FFFD is refused as not a text CSV file, so binary junk or
earlier mojibake never reaches the database. `decode` says when bytes that
would decode as GB18030 are refused all the same (damaged or cut-off UTF-8,
Western European text, Big5 and the like).

CSV quoting is read strictly, and a file cut off in its last line is refused
(`csv_sheet`). A sheet whose reading stopped early is marked `broken`, so the
import does not check references into its missing rows.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..contract import IMPORT_ORDER, TABLES
from .limits import EXCEL_MAX_ROWS
from .report import Problem

CSV_SUFFIXES = (".csv",)
BOOK_SUFFIXES = (".xlsx", ".xlsm")

# C0 controls except tab/LF/CR, DEL, C1 controls (a sign of cp1252 mojibake), U+FFFD
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
NO_HEADER = "is empty; the first line must be the header with the column names"
BLANK_HEADER = "is empty, but line 1 must be the header with the column names"
SAVE_AS_UTF8 = "save it from Excel as \"CSV UTF-8 (Comma delimited)\""


@dataclass(frozen=True)
class Special:
    """A workbook cell that holds no plain value (a formula, an error such as #N/A)."""
    text: str
    reason: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Sheet:
    """The raw cells of one table: a CSV file or one sheet of a workbook."""
    label: str                      # Problem.file
    table: str
    header: list[str]               # stripped header cells, "" for an empty one
    rows: Iterator[tuple[int, Sequence[object]]]  # (line, cells), blank rows left out
    letters: bool = False           # workbook: name columns by letter (A, B, ...)
    problems: list[Problem] = field(default_factory=list)  # found while iterating rows
    broken: bool = False            # reading stopped early: the rows are not all there
    text: str | None = None         # a CSV file's decoded text (importing.split reads it)
    records: int = 0                # data records read, blank ones included, once read to the end


@dataclass
class Inputs:
    sheets: list[Sheet]
    problems: list[Problem]
    labels: list[str]               # every file / sheet read, for the import record
    close: Callable[[], None] = lambda: None  # releases an open workbook
    # tables whose file or sheet was given but could not be read: nothing can be said about
    # which ids they hold, so references into them are not checked (no follow-on noise)
    unreadable: set[str] = field(default_factory=set)


def table_for_name(name: str) -> str | None:
    """The table a file stem or sheet name stands for (spaces and case ignored)."""
    t = name.strip().lower()
    return t if t in TABLES else None


def _suggest(name: str, suffix: str = "") -> str:
    close = difflib.get_close_matches(name.strip().lower(), IMPORT_ORDER, n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}{suffix}"?' if close else ""


def decode(label: str, data: bytes) -> tuple[str | None, Problem | None]:
    """Strictly decode CSV bytes; a Problem instead when they are not text we can trust.

    UTF-8 first. GB18030 only when the bytes are not UTF-8 and nothing says they were meant
    to be: a byte-order mark, an incomplete character at the very end (a UTF-8 file cut
    off), or several good UTF-8 characters before the first bad byte (a damaged UTF-8 file)
    are refused instead of being read as GBK nonsense. A GB18030 reading is refused too
    when it looks like something else: private-use characters, mostly characters outside
    GB2312 (Big5, Shift-JIS), or bytes that read as Western European words (Latin-1 /
    Windows-1252, see _western). No check can tell every encoding apart - Korean EUC-KR
    and a few Big5 files read as valid GBK - so the message always names the sure way:
    save as UTF-8.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or _looks_utf16(data):
        return None, Problem(label, None, None, None,
                             f"is saved as UTF-16 (\"Unicode Text\"), not as CSV; {SAVE_AS_UTF8}")
    if data[:4] == b"\xd0\xcf\x11\xe0" or data[:4] == b"PK\x03\x04":
        return None, Problem(label, None, None, None,
                             f"is an Excel workbook with a .csv name, not a CSV file; {SAVE_AS_UTF8}, "
                             "or import the workbook itself as .xlsx")
    bom = data[:3] == b"\xef\xbb\xbf"
    body = data[3:] if bom else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.end == len(body):
            return None, Problem(label, None, None, None,
                                 "ends in the middle of a character: the file seems cut off; "
                                 "save or copy it again in full")
        good = sum(1 for c in body[:e.start].decode("utf-8") if c > "\x7f") if not bom else 0
        if bom or good >= UTF8_EVIDENCE:
            line = data.count(b"\n", 0, e.start + (3 if bom else 0)) + 1
            return None, Problem(label, None, None, None,
                                 f"is UTF-8 text, but line {line} holds bytes that are not UTF-8 (the "
                                 "file is damaged, or text in another encoding was pasted into it); "
                                 f"{SAVE_AS_UTF8}")
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = None
        if text is not None and _western(data):
            return None, Problem(label, None, None, None,
                                 "looks like Western European text (Latin-1 / Windows-1252), which "
                                 f"would be misread as Chinese; {SAVE_AS_UTF8}")
        # GB18030 maps its user-defined byte ranges to the Unicode private use area: bytes
        # landing there are not Chinese text but something else that happened to decode
        if text is not None and (_PRIVATE_USE.search(text) or _mostly_rare(text)):
            text = None
    if text is None:
        return None, Problem(label, None, None, None,
                             f"is neither UTF-8 nor GBK/GB18030 text, so its characters cannot be "
                             f"read reliably; {SAVE_AS_UTF8}")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        return None, Problem(label, None, None, None,
                             f"is not a text CSV file: it holds control characters or damaged "
                             f"characters (first on line {line}); {SAVE_AS_UTF8}")
    return text, None


UTF8_EVIDENCE = 4   # good non-ASCII UTF-8 characters before a bad byte: a damaged UTF-8 file
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without its byte-order mark: mostly ASCII text with every other byte zero."""
    head = data[:400]
    return len(head) >= 4 and (head[1::2].count(0) * 4 >= len(head)
                               or head[0::2].count(0) * 4 >= len(head))


def _western(data: bytes) -> bool:
    """The bytes read as Windows-1252 look like Western words with an accented letter here
    and there ("José", "Müller", "Ação"), not like Chinese: every run of non-ASCII
    characters is one or two letters right beside an ASCII letter. (GBK Chinese read this
    way gives longer runs: each character is two bytes, and names are several characters.)"""
    text = data.decode("cp1252", errors="replace")
    runs = list(_NON_ASCII_RUN.finditer(text))
    for m in runs:
        s, e = m.span()
        if e - s > 2 or not m[0].isalpha() or not (
                (s > 0 and text[s - 1].isascii() and text[s - 1].isalpha())
                or (e < len(text) and text[e].isascii() and text[e].isalpha())):
            return False
    return bool(runs)


def _mostly_rare(text: str) -> bool:
    """More than half of the non-ASCII characters lie outside GB2312 (the common simplified
    Chinese characters and symbols). Chinese text is nearly all GB2312; other bytes that
    happen to decode as GB18030 (Big5, Shift-JIS, damaged UTF-8) are mostly rare characters."""
    counts = Counter("".join(_NON_ASCII_RUN.findall(text)))
    rare = 0
    for ch, n in counts.items():
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            rare += n
    return rare * 2 > counts.total()


def _blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def csv_sheet(label: str, table: str, data: bytes) -> tuple[Sheet | None, list[Problem]]:
    """The file's rows; quoting is read strictly (csv `strict`), so a stray quote is reported
    rather than guessed at. A file whose last line stops short of the header's columns
    without a final line break is refused as cut off (a file cut inside the last cell of a
    complete-looking line cannot be told from a file without a final line break)."""
    text, problem = decode(label, data)
    if problem:
        return None, [problem]
    return text_sheet(label, table, text)


def text_sheet(label: str, table: str, text: str) -> tuple[Sheet | None, list[Problem]]:
    """`csv_sheet` of text already decoded."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as e:
        return None, [Problem(label, 1, None, None, f"the header line {csv_reason(e)}")]
    if header is None or _blank(header):
        return None, [Problem(label, 1, None, None, NO_HEADER if header is None else BLANK_HEADER)]
    sheet = Sheet(label, table, [h.strip() for h in header], iter(()), text=text)
    width = len(header)

    def rows() -> Iterator[tuple[int, Sequence[object]]]:
        line, cells = 1, header
        try:
            for line, cells in enumerate(reader, start=2):
                if (cells and cells[0].strip()) or not _blank(cells):  # fast path: first cell set
                    yield line, cells
        except csv.Error as e:
            sheet.broken = True
            sheet.problems.append(Problem(label, line + 1, None, None,
                                          f"{csv_reason(e)}; nothing after it was checked"))
            return
        sheet.records = line - 1
        if line > 1 and len(cells) < width and not _blank(cells) and not text.endswith(("\n", "\r")):
            sheet.problems.append(Problem(
                label, line, None, None,
                f"has only {len(cells)} of the header's {width} columns, and the file ends right "
                "after it without a line break: the file seems cut off; save or copy it again in "
                "full (if the line is complete, add its empty cells)"))
    sheet.rows = rows()
    return sheet, []


def csv_reason(e: csv.Error) -> str:
    """What a CSV reading error means, in the analyst's words."""
    msg = str(e)
    if "field larger than field limit" in msg:
        return (f"holds a cell of more than {csv.field_size_limit():,} characters, far more than "
                "any column takes - most likely a quote (\") opens a cell that is never closed")
    if "unexpected end of data" in msg:
        return ("ends inside a quoted cell: a quote (\") opens a cell that is never closed, "
                "or the file is cut off")
    if "expected after" in msg:
        return ("has a quote (\") in the wrong place: a cell in quotes must end with its closing "
                "quote right before the next comma, and a quote inside it is written twice (\"\")")
    return f"cannot be read as CSV ({msg})"


def _cell_value(cell) -> object:
    if cell.data_type == "f":
        return Special(str(getattr(cell.value, "text", cell.value)),
                       "is a formula; formulas are not imported - paste values only "
                       "(in Excel: Paste Special > Values)")
    if cell.data_type == "e":
        return Special(str(cell.value), "is an Excel error value; fix or clear the cell")
    return cell.value


def workbook_sheets(label: str, data: bytes) -> Inputs:
    """Every sheet of a workbook as a Sheet; formulas and error cells become Special values."""
    import openpyxl  # imported here: only workbook imports pay for it

    if data[:4] == b"\xd0\xcf\x11\xe0":
        return Inputs([], [Problem(label, None, None, None,
                                   "is in the old Excel 97-2003 (.xls) format; save it as .xlsx")],
                      [label])
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as e:  # a zip that is not a workbook, a damaged file, ...
        return Inputs([], [Problem(label, None, None, None,
                                   f"cannot be opened as an Excel workbook (.xlsx) ({type(e).__name__})")],
                      [label])
    sheets, problems, labels, unreadable = [], [], [], set()
    seen: dict[str, str] = {}
    for ws in book.worksheets:
        sheet_label = f'{label}, sheet "{ws.title}"'
        labels.append(sheet_label)
        table = table_for_name(ws.title)
        if table is None:
            problems.append(Problem(sheet_label, None, None, None,
                                    "is not named after a table; sheets must be named "
                                    + ", ".join(IMPORT_ORDER) + _suggest(ws.title)))
            continue
        if table in seen:
            problems.append(Problem(sheet_label, None, None, None,
                                    f'holds the {table} table too, like sheet "{seen[table]}"; '
                                    "give each table once"))
            continue
        seen[table] = ws.title
        ws.reset_dimensions()  # some writers store a wrong size; read what is really there
        it = enumerate(ws.iter_rows(), start=1)
        try:
            first = next(it, None)
        except Exception as e:  # damaged sheet XML inside a readable zip
            problems.append(Problem(sheet_label, None, None, None, _damaged(e)))
            unreadable.add(table)
            continue
        header_cells = [_cell_value(c) for c in first[1]] if first else []
        if _blank(header_cells):
            problems.append(Problem(sheet_label, 1, None, None,
                                    NO_HEADER if first is None else BLANK_HEADER))
            unreadable.add(table)
            continue
        header = ["" if v is None else _header_text(v) for v in header_cells]

        sheet = Sheet(sheet_label, table, header, iter(()), letters=True)

        def rows(it=it, sheet=sheet) -> Iterator[tuple[int, Sequence[object]]]:
            line = 1
            try:
                for line, cells in it:
                    if line > EXCEL_MAX_ROWS:   # checked as rows arrive: nothing piles up
                        sheet.broken = True
                        sheet.problems.append(Problem(
                            sheet.label, line, None, None,
                            f"has more than {EXCEL_MAX_ROWS:,} rows, more than Excel allows in a "
                            "sheet; nothing after it was checked - import such data as CSV",
                            code="import_limits.too_many_rows", args={"rows": EXCEL_MAX_ROWS}))
                        return
                    values = [_cell_value(c) for c in cells]
                    if not _blank(values):
                        yield line, values
            except Exception as e:  # openpyxl reads the sheet lazily: damage shows up here
                sheet.broken = True
                sheet.problems.append(Problem(sheet.label, line + 1, None, None,
                                              _damaged(e) + "; nothing after it was checked"))
        sheet.rows = rows()
        sheets.append(sheet)
    return Inputs(sheets, problems, labels, book.close, unreadable)


def _damaged(e: Exception) -> str:
    return (f"cannot be read: the workbook is damaged ({type(e).__name__}); open it in Excel "
            "and save it again")


def _header_text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, (dt.datetime, dt.date)):
        v = v.isoformat()
    return str(v).strip()


def folder_files(folder: Path) -> list[tuple[str, bytes]]:
    """The CSV files of a folder; other files and hidden ones (".~lock", "._x") are not ours."""
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix.lower() in CSV_SUFFIXES and not p.name.startswith(".")]


def read_inputs(files: list[tuple[str, bytes]], *, what: str) -> Inputs:
    """Several '<table>.csv' files, or one workbook, as Sheets (what: how to name the input)."""
    problems: list[Problem] = []
    if not files:
        return Inputs([], [Problem(what, None, None, None,
                                   "holds no files to import: give CSV files named after the "
                                   "tables (departments.csv, employees.csv, ...) or one .xlsx "
                                   "workbook")], [])
    names = [Path(n).name for n, _ in files]
    books = [i for i, n in enumerate(names) if n.lower().endswith(BOOK_SUFFIXES)]
    if books:
        if len(files) > 1:
            return Inputs([], [Problem(names[books[0]], None, None, None,
                                       "a workbook must be imported on its own: give either one "
                                       ".xlsx workbook or CSV files, not several files with a "
                                       "workbook among them")], names)
        return workbook_sheets(names[0], files[0][1])
    sheets: list[Sheet] = []
    unreadable: set[str] = set()
    seen: dict[str, str] = {}
    for name, (_, data) in zip(names, files):
        stem, suffix = Path(name).stem, Path(name).suffix
        if suffix.lower() not in CSV_SUFFIXES:
            reason = ("is in the old Excel 97-2003 (.xls) format; save it as .xlsx or CSV"
                      if name.lower().endswith(".xls") else
                      "is not a CSV file or an .xlsx workbook")
            problems.append(Problem(name, None, None, None, reason))
            continue
        table = table_for_name(stem)
        if table is None:
            problems.append(Problem(name, None, None, None,
                                    "is not named after a table, so its rows would go nowhere; "
                                    "CSV files must be named " + ", ".join(f"{t}.csv" for t in IMPORT_ORDER)
                                    + _suggest(stem, ".csv")))
            continue
        if table in seen:
            problems.append(Problem(name, None, None, None,
                                    f'holds the {table} table too, like "{seen[table]}"; '
                                    "give each table once"))
            continue
        seen[table] = name
        sheet, more = csv_sheet(name, table, data)
        problems += more
        if sheet:
            sheets.append(sheet)
        else:
            unreadable.add(table)
    return Inputs(sheets, problems, names, unreadable=unreadable)
