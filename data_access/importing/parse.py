"""Cell parsing by column kind (contract.Column.kind): text in, Python value out.

A parser returns the value, None for a missing value (an empty cell), or
raises CellError with the reason in plain words. CSV cells arrive as text;
workbook cells arrive typed (datetime, int, float, bool), and both are accepted.

Choices beyond the letter of the spec, made for analysts using Chinese Excel:
- Cells of non-text columns are NFKC-normalised first, so full-width digits
  and punctuation (１２３，４５６．５) read like their ASCII forms.
- Number cells may use thousands separators, but only in proper groups of
  three after a first group without a leading zero ("1,200" and "1,234,567.5"
  yes; "1,20" and "0,123" no - they could be decimal commas). Whole-number
  columns accept "400.0" (Excel sometimes adds ".0").
  Exponents ("1.2E+04"), currency signs and percentages are refused: they
  hide what the number really is.
- Enum values (status, phase, metric, ...) match in any case and are stored
  in the contract's spelling ("Won" -> "won").
- An empty bool cell is false (departments.in_pilot: "default false").
- Amounts are rounded half-up to the column's scale (deal_amount 2 decimals,
  targets.target 4), so a re-import compares equal to what was stored.
- Text is checked against the database column length, and numbers against
  the column range, so the database never refuses a row validation accepted.
  Amounts keep at most 15 significant digits (deal_amount < 10^13, target
  < 10^11), which SQLite stores exactly, so a re-import compares equal.
- A workbook timestamp is rounded to whole seconds (Excel stores times as
  fractions of a day, which read back as e.g. 09:14:59.999998).
- Placeholders for a missing value ("NULL", "N/A", "None", "NaN", ... any case) and
  Excel error texts ("#N/A", "#VALUE!", ...) are refused in every column, required or
  not: an empty cell is the one way to say "no value", and a placeholder stored as text
  (an employee called "NULL") or guessed to be empty could both be wrong.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from ..contract import Column
from ..models import TRACKING_MODELS
from .read import Special

INT_MAX = 2**31 - 1  # SQL INTEGER

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?", re.ASCII)  # "0,123" is a decimal comma
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")

BOOLS = {"true": True, "1": True, "yes": True, "是": True,
         "false": False, "0": False, "no": False, "否": False}

NOT_DATE = "is not a date; write it as YYYY-MM-DD (e.g. 2026-03-05)"
NOT_TIMESTAMP = ("is not a date and time; write it as YYYY-MM-DD HH:MM (e.g. 2026-03-05 14:30), "
                 "seconds optional, or just the date")
NOT_MONTH = "is not a month; write it as YYYY-MM (e.g. 2026-03)"
NOT_BOOL = "is not yes or no; write true or false (1/0, yes/no and 是/否 also work)"
WHOLE = "must be a whole number 0 or more"
NOT_WHOLE = "is not a whole number; write digits only (e.g. 1200)"
NOT_AMOUNT = "is not a number; write digits with an optional decimal point (e.g. 12000.50), no currency sign"
AMOUNT_MIN = "must be a number 0 or more"
SCORE = "must be a whole number from 0 to 10"


# Cells that stand for "no value" in exports of other tools (SQL, pandas, R, Python), and
# Excel's error values as a CSV shows them; compared in lower case.
PLACEHOLDERS = frozenset({"null", "none", "nan", "n/a", "<na>", "\\n"})
EXCEL_ERRORS = frozenset({"#n/a", "#value!", "#ref!", "#div/0!", "#name?", "#num!", "#null!",
                          "#spill!", "#calc!", "#getting_data"})
_PLACEHOLDER_FIRST = frozenset("nN<\\#")
PLACEHOLDER = ("is a placeholder, not a value; leave the cell empty when there is no value "
               "(an empty cell is the only way to say so)")
EXCEL_ERROR = "is an Excel error value; fix or clear the cell"


def placeholder_reason(raw: object) -> str | None:
    """Why a cell is refused as a stand-in for a value, or None when it is not one."""
    if raw.__class__ is not str:
        return None
    s = raw.strip()
    if not s or s[0] not in _PLACEHOLDER_FIRST or len(s) > 13:
        return None
    s = s.lower()
    if s in PLACEHOLDERS:
        return PLACEHOLDER
    return EXCEL_ERROR if s in EXCEL_ERRORS else None


class CellError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def display(raw: object) -> str | None:
    """The cell as the analyst would recognise it, for Problem.value."""
    if raw is None:
        return None
    if isinstance(raw, str):
        s = raw.strip()
    elif isinstance(raw, bool):
        s = "TRUE" if raw else "FALSE"
    elif isinstance(raw, float) and raw.is_integer():
        s = str(int(raw))
    elif isinstance(raw, dt.datetime):
        s = raw.isoformat(sep=" ") if raw.time() != dt.time() else raw.date().isoformat()
    else:
        s = str(raw)
    return s if len(s) <= 80 else s[:77] + "..."


def _text(raw: object) -> str | None:
    """A stripped, normalised string (None when empty) for the non-text kinds."""
    s = raw.strip()
    if not s:
        return None
    return s if s.isascii() else unicodedata.normalize("NFKC", s).strip()


def _special(raw: object) -> None:
    if isinstance(raw, Special):
        raise CellError(raw.reason)


def _decimal(s: str, not_number: str) -> Decimal:
    if "," in s and _GROUPED.fullmatch(s):
        s = s.replace(",", "")
    if not _DECIMAL.fullmatch(s):
        if s.endswith("%") and _DECIMAL.fullmatch(s[:-1].strip()):
            raise CellError("is a percentage; write it as a fraction (e.g. 30% as 0.3)")
        raise CellError(not_number)
    return Decimal(s)


def _whole(raw: object, *, top: int, out_of_range: str, not_number: str) -> int | None:
    if isinstance(raw, str):
        s = raw.strip()
        if not s:
            return None
        if s.isascii() and s.isdigit() and len(s) < 19:
            n = int(s)
        else:
            d = _decimal(_text(s), not_number)
            if d != d.to_integral_value():
                raise CellError(out_of_range)
            if d > top:   # before int(): a cell of 5,000 digits is refused, not converted
                raise CellError(out_of_range if top < INT_MAX else f"is too large (at most {top})")
            n = int(d)
    elif raw is None:
        return None
    elif isinstance(raw, bool):
        raise CellError(not_number)
    elif isinstance(raw, int):
        n = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise CellError(out_of_range)
        n = int(raw)
    else:
        _special(raw)
        raise CellError(not_number)
    if n < 0 or n > top:
        raise CellError(out_of_range if n < 0 or top < INT_MAX else f"is too large (at most {top})")
    return n


def parse_int(raw: object) -> int | None:
    if raw.__class__ is str:  # fast path for the common CSV cell "1200"
        s = raw.strip()
        if s.isdigit() and s.isascii() and len(s) < 10:
            return int(s)
    return _whole(raw, top=INT_MAX, out_of_range=WHOLE, not_number=NOT_WHOLE)


def parse_score(raw: object) -> int | None:
    return _whole(raw, top=10, out_of_range=SCORE, not_number=SCORE)


def amount_parser(precision: int, scale: int) -> Callable[[object], Decimal | None]:
    quantum = Decimal(1).scaleb(-scale)
    # at most 15 significant digits: SQLite keeps NUMERIC as a double, exact only that far, and
    # the limit is the same on PostgreSQL so both databases accept the same files
    limit = Decimal(10) ** (min(precision, 15) - scale)

    def parse_amount(raw: object) -> Decimal | None:
        if isinstance(raw, str):
            s = _text(raw)
            if s is None:
                return None
            d = _decimal(s, NOT_AMOUNT)
        elif raw is None:
            return None
        elif isinstance(raw, bool):
            raise CellError(NOT_AMOUNT)
        elif isinstance(raw, int):
            d = Decimal(raw)
        elif isinstance(raw, float):
            if not math.isfinite(raw):
                raise CellError(NOT_AMOUNT)
            d = Decimal(repr(raw))  # the shortest text that reads back as this float
        else:
            _special(raw)
            raise CellError(NOT_AMOUNT)
        if d < 0:
            raise CellError(AMOUNT_MIN)
        # compared before rounding too: quantize() cannot hold more than 28 digits
        if d >= limit or (d := d.quantize(quantum, rounding=ROUND_HALF_UP)) >= limit:
            raise CellError(f"is too large (must be less than {limit:,})")
        return d
    return parse_amount


def _midnight_date(raw: dt.datetime, reason: str) -> dt.date:
    if raw.time() != dt.time():
        raise CellError(reason)
    return raw.date()


def parse_date(raw: object) -> dt.date | None:
    if isinstance(raw, str):
        s = _text(raw)
        if s is None:
            return None
        if not _DATE.fullmatch(s):
            raise CellError(NOT_DATE)
        try:
            return dt.date.fromisoformat(s)  # the pattern above pins the format; this checks the day
        except ValueError:
            raise CellError("is not a real day of the calendar; write it as YYYY-MM-DD") from None
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return _midnight_date(raw, "is a date with a time of day; give only the date (YYYY-MM-DD)")
    if isinstance(raw, dt.date):
        return raw
    _special(raw)
    raise CellError(NOT_DATE)


def parse_timestamp(raw: object) -> dt.datetime | None:
    if isinstance(raw, str):
        s = _text(raw)
        if s is None:
            return None
        n = len(s)
        # fast path: the shape of YYYY-MM-DD[ HH:MM[:SS]] by its separators, then the C parser,
        # which takes only ASCII digits in between - together exactly the pattern below
        if (n == 19 and s[10] == " " and s[13] == ":" and s[16] == ":"
                or n == 16 and s[10] == " " and s[13] == ":" or n == 10) \
                and s[4] == "-" and s[7] == "-":
            try:
                return dt.datetime.fromisoformat(s)
            except ValueError:
                pass   # the slow path below says why
        if not _TIMESTAMP.fullmatch(s):
            raise CellError(NOT_TIMESTAMP)
        try:
            return dt.datetime.fromisoformat(s)  # format pinned above; this checks day and hour
        except ValueError:
            raise CellError("is not a real date and time (no such day or hour); "
                            "write it as YYYY-MM-DD HH:MM") from None
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        raw = raw.replace(tzinfo=None)
        if raw.microsecond:
            raw = (raw + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        return raw
    if isinstance(raw, dt.date):
        return dt.datetime(raw.year, raw.month, raw.day)
    _special(raw)
    raise CellError(NOT_TIMESTAMP)


def parse_month(raw: object) -> str | None:
    if isinstance(raw, str):
        s = _text(raw)
        if s is None:
            return None
        m = _MONTH.fullmatch(s)
        if not m or not 1 <= int(m[2]) <= 12:
            raise CellError(NOT_MONTH)
        return s
    if raw is None:
        return None
    if isinstance(raw, (dt.date, dt.datetime)):
        # Excel turns a typed "2026-03" into the date 2026-03-01
        day = _midnight_date(raw, NOT_MONTH) if isinstance(raw, dt.datetime) else raw
        if day.day != 1:
            raise CellError("is a full date; write the month as YYYY-MM (e.g. 2026-03)")
        return f"{day.year:04d}-{day.month:02d}"
    _special(raw)
    raise CellError(NOT_MONTH)


def parse_bool(raw: object) -> bool:
    """Empty is false: the one bool column (departments.in_pilot) defaults to false."""
    if isinstance(raw, str):
        s = _text(raw)
        if s is None:
            return False
        try:
            return BOOLS[s.lower()]
        except KeyError:
            raise CellError(NOT_BOOL) from None
    if raw is None:
        return False
    if isinstance(raw, (bool, int, float)) and raw in (0, 1):
        return bool(raw)
    _special(raw)
    raise CellError(NOT_BOOL)


def enum_parser(choices: tuple[str, ...]) -> Callable[[object], str | None]:
    canonical = {c.lower(): c for c in choices}
    reason = "is not one of the allowed values: " + ", ".join(choices)

    def parse_enum(raw: object) -> str | None:
        if raw is None:
            return None
        _special(raw)
        s = _text(raw if isinstance(raw, str) else display(raw))
        if s is None:
            return None
        try:
            return canonical[s.lower()]
        except KeyError:
            raise CellError(reason) from None
    return parse_enum


def text_parser(length: int | None) -> Callable[[object], str | None]:
    def parse_text(raw: object) -> str | None:
        if isinstance(raw, str):
            s = raw.strip()
            if not s:
                return None
        elif raw is None:
            return None
        else:  # a typed workbook cell: an id typed as a number is still an id
            _special(raw)
            s = display(raw) if not isinstance(raw, float) or raw.is_integer() else repr(raw)
            if isinstance(raw, bool):
                s = s.lower()
        if s[0] in _PLACEHOLDER_FIRST and (reason := placeholder_reason(s)):
            raise CellError(reason)
        if length is not None and len(s) > length:
            raise CellError(f"is too long: {len(s)} characters, at most {length}")
        if not s.isprintable() and _CONTROL.search(s):  # isprintable: a fast first look
            raise CellError("holds control characters or damaged characters; retype the value")
        return s
    return parse_text


def parser_for(table: str, column: Column) -> Callable[[object], object]:
    """The parser of one column; sizes come from the database column so it never refuses a row."""
    sql_type = TRACKING_MODELS[table].__table__.c[column.name].type
    kind = column.kind
    if kind == "text":
        return text_parser(getattr(sql_type, "length", None))
    if kind == "enum":
        return enum_parser(column.choices)
    if kind == "amount":
        return amount_parser(sql_type.precision, sql_type.scale)
    return {"date": parse_date, "timestamp": parse_timestamp, "bool": parse_bool,
            "int": parse_int, "month": parse_month, "score": parse_score}[kind]
