"""Fuzzing the importer (spec sections 1 and 2, and the import choices in the README).

Every input either imports exactly what it means, or is refused with ok=False and at least
one Problem whose message names the file and says what is wrong. Never an exception out of
import_files / import_path, and never a partial write: after a refused import every table
(the tracking tables, the employee_month rollup and the rest) holds byte for byte what it
held before, and the import_runs record says "refused".

Inputs start from the sample company (tiny-co) and change one thing: a cell spelled another
way, a bad cell, the file's encoding, the file cut off at some byte, random bytes, a cell
of a workbook. Most properties run on one SQLite database that is reset from a template
before each example (sqlite3's backup API, so the engine and its statement cache are
reused and examples stay fast); the no-partial-write property across several files runs on
SQLite and on PostgreSQL (the `engine` fixture).
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import re
import sqlite3
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select

from data_access.contract import TABLES
from data_access.db import make_engine, upgrade_schema
from data_access.importing import ImportResult, format_problem, import_files, import_path
from data_access.importing.parse import EXCEL_ERROR, PLACEHOLDER
from data_access.models import TRACKING_MODELS

ROOT = Path(__file__).resolve().parent.parent
TINY_DIR = ROOT / "tests" / "sample-data" / "tiny-co"

# examples per property; FUZZ_EXAMPLES=1000 searches harder (the default keeps the file ~1 min)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize=bool(os.environ.get("CI")),
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])


# --- the sample company as cells ------------------------------------------------------------

def _read_tiny() -> tuple[dict[str, bytes], dict[str, tuple[list[str], list[list[str]]]]]:
    files = {p.name: p.read_bytes() for p in sorted(TINY_DIR.glob("*.csv"))}
    tables = {}
    for name, data in files.items():
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        tables[name.removesuffix(".csv")] = (rows[0], rows[1:])
    return files, tables


TINY_FILES, TINY = _read_tiny()
CELLS = [(t, r, c) for t, (header, rows) in TINY.items() for r in range(len(rows)) for c in header]


def kind(table: str, column: str) -> str:
    return TABLES[table].column(column).kind


def required(table: str, column: str) -> bool:
    return TABLES[table].column(column).required


def text_length(table: str, column: str) -> int | None:
    return getattr(TRACKING_MODELS[table].__table__.c[column].type, "length", None)


def to_csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def with_cells(table: str, changes: dict[tuple[int, str], str]) -> bytes:
    """The table's CSV file with some cells (row index, column) replaced."""
    header, rows = TINY[table]
    rows = [list(r) for r in rows]
    for (r, column), value in changes.items():
        rows[r][header.index(column)] = value
    return to_csv(header, rows)


# --- the database: dumps, runs, a resettable SQLite lab -------------------------------------

def dump(engine) -> dict[str, list[tuple]]:
    """Every row of every table but import_runs, as the driver returns it, in a fixed order."""
    with engine.connect() as conn:
        names = [n for n in inspect(conn).get_table_names() if n != "import_runs"]
        # the data version's number counts; when it changed is the clock's
        return {n: sorted((tuple(r) for r in conn.exec_driver_sql(
                    "SELECT id, version FROM data_version" if n == "data_version"
                    else f'SELECT * FROM "{n}"')), key=repr)
                for n in names}


def runs(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(
            "SELECT id, status, error_count, counts, files FROM import_runs ORDER BY id")]


def names_file(problem, name: str) -> bool:
    return problem.file == name or problem.file.startswith(f'{name}, sheet "')


def attempt(engine, files: list[tuple[str, bytes]] | Path) -> tuple[ImportResult, dict]:
    """Import (a folder, or files in memory) and check what holds for every import: no
    exception, one import_runs record saying what happened, and when refused, problems that
    name a file and say what is wrong and not a byte changed anywhere else."""
    before, runs_before = dump(engine), runs(engine)
    result = import_path(engine, files) if isinstance(files, Path) else import_files(engine, files)
    after, runs_after = dump(engine), runs(engine)
    assert runs_after[:-1] == runs_before and len(runs_after) == len(runs_before) + 1
    run_id, status, error_count, counts, _ = runs_after[-1]
    assert run_id == result.run_id
    if result.ok:
        assert result.problems == [] and status == "imported" and error_count == 0
        assert json.loads(counts) == result.counts
    else:
        assert status == "refused" and error_count == len(result.problems) >= 1
        assert result.counts == {} and json.loads(counts) == {}
        assert after == before, "a refused import changed the database"
        names = [p.name for p in files.iterdir()] if isinstance(files, Path) else [n for n, _ in files]
        for p in result.problems:
            message = format_problem(p)
            assert message.startswith(p.file) and p.reason.strip() and p.reason in message
            assert "unexpected error" not in p.reason, message
        assert any(names_file(p, n) for p in result.problems for n in names), result.problems
    return result, after


def where(result: ImportResult) -> set[tuple]:
    return {(p.file, p.line, p.column) for p in result.problems}


def messages(result: ImportResult) -> list[str]:
    return [format_problem(p) for p in result.problems]


class Lab:
    """One SQLite database, reset before each example from a saved state."""

    def __init__(self, path: Path):
        self.engine = make_engine(f"sqlite:///{path}")
        upgrade_schema(self.engine)
        self.saved = {"empty": self._save()}
        assert import_files(self.engine, list(TINY_FILES.items())).ok
        self.saved["tiny"] = self._save()
        self.reset("tiny")
        self.tiny = dump(self.engine)
        self._canonical: dict[tuple, dict] = {}

    def _save(self) -> sqlite3.Connection:
        saved = sqlite3.connect(":memory:")
        with self.engine.connect() as conn:
            conn.connection.driver_connection.backup(saved)
        return saved

    def reset(self, state: str) -> None:
        with self.engine.connect() as conn:
            self.saved[state].backup(conn.connection.driver_connection)

    def canonical(self, state: str, files: list[tuple[str, bytes]]) -> tuple[ImportResult, dict]:
        """The outcome of importing `files` onto `state` (remembered: examples repeat)."""
        key = (state, tuple(files))
        if key not in self._canonical:
            self.reset(state)
            self._canonical[key] = attempt(self.engine, files)
        return self._canonical[key]


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Lab:
    lab = Lab(tmp_path_factory.mktemp("fuzz") / "lab.db")
    yield lab
    lab.engine.dispose()


# --- spellings --------------------------------------------------------------------------------

SPACES = ("", " ", "  ", "\t", "\u3000", "\u00a0")    # ASCII, ideographic and no-break spaces


def full_width(s: str) -> str:
    """１２３ for 123: printable ASCII to its full-width form, a space to the ideographic one."""
    return "".join("\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


@st.composite
def padded(draw, s: str) -> str:
    return draw(st.sampled_from(SPACES)) + s + draw(st.sampled_from(SPACES))


TRUE_SPELLINGS = ("true", "TRUE", "True", "1", "yes", "YES", "Yes", "是", "１", "ｔｒｕｅ")
FALSE_SPELLINGS = ("false", "FALSE", "0", "no", "No", "否", "", "０", "ＮＯ")


def spellings(kind_: str, v: str) -> list[str]:
    """Other ways to write the cell value v that mean exactly v (spec section 1 and README)."""
    if v == "":
        return [""]                           # padding alone: still empty
    if kind_ in ("int", "score"):
        n = int(v)
        return [v, full_width(v), f"{n:,}", full_width(f"{n:,}"), f"{n}.0", f"+{n}", f"0{n}"]
    if kind_ == "amount":
        d = Decimal(v)
        return [v, full_width(v), f"{d:,}", full_width(f"{d:,}"), v + ("0" if "." in v else ".00")]
    if kind_ == "timestamp":
        extra = [v + ":00"] if len(v) == 16 else [v + " 00:00", v + " 00:00:00"] if len(v) == 10 else []
        return [v, full_width(v), *extra, *map(full_width, extra)]
    if kind_ in ("date", "month"):
        return [v, full_width(v)]
    if kind_ == "bool":
        return list(TRUE_SPELLINGS if v == "true" else FALSE_SPELLINGS)
    if kind_ == "enum":
        return [v, v.upper(), v.title(), full_width(v)]
    return [v]                                  # text: only padding, which is trimmed


@st.composite
def respelled_cell(draw):
    table, r, column = draw(st.sampled_from(CELLS))
    header, rows = TINY[table]
    original = rows[r][header.index(column)]
    spelled = draw(st.sampled_from(spellings(kind(table, column), original)))
    return table, r, column, draw(padded(spelled))


@FUZZ
@given(respelled_cell())
def test_other_spellings_of_a_value_import_as_that_value(lab, change):
    """Full-width digits, thousands separators, "400.0", padding spaces (also ideographic and
    no-break), 是/否, enum case: the same value, so every row is unchanged, byte for byte."""
    table, r, column, spelled = change
    lab.reset("tiny")
    result, after = attempt(lab.engine, [(f"{table}.csv", with_cells(table, {(r, column): spelled}))])
    assert result.ok, messages(result)
    assert result.counts == {table: {"inserted": 0, "updated": 0, "unchanged": len(TINY[table][1])}}
    assert after == lab.tiny


NUMBER_CELLS = [(t, r, c) for t, r, c in CELLS if kind(t, c) in ("int", "score", "amount")]


@st.composite
def new_number(draw):
    """A new value for a number cell, in one accepted spelling, with the value it stands for."""
    table, r, column = draw(st.sampled_from(NUMBER_CELLS))
    k = kind(table, column)
    if k in ("int", "score"):
        n = draw(st.integers(0, 10 if k == "score" else 2**31 - 1))
        plain, value = str(n), n
        spelled = draw(st.sampled_from([plain, f"{n:,}", full_width(f"{n:,}"), f"{n}.0", f"0{n}"]))
    else:
        scale = TRACKING_MODELS[table].__table__.c[column].type.scale
        quantum = Decimal(1).scaleb(-scale)
        top = Decimal(10) ** (15 - scale) - 1          # the column keeps 15 digits (parse.py)
        d = draw(st.decimals(0, top, places=scale + 1))   # one digit more than is kept
        value = d.quantize(quantum, rounding=ROUND_HALF_UP)
        plain = str(value)
        spelled = draw(st.sampled_from([str(d), f"{d:,}", full_width(f"{d:,}")]))
    return table, r, column, draw(padded(spelled)), plain, value


@FUZZ
@given(new_number())
def test_numbers_in_any_accepted_spelling_store_their_exact_value(lab, change):
    """The value stored is exactly the number written (amounts rounded half-up to the
    column's decimals), and the database equals the one written with plain digits."""
    table, r, column, spelled, plain, value = change
    name = f"{table}.csv"
    expected = lab.canonical("tiny", [(name, with_cells(table, {(r, column): plain}))])
    lab.reset("tiny")
    result, after = attempt(lab.engine, [(name, with_cells(table, {(r, column): spelled}))])
    assert result.ok and expected[0].ok, messages(result) + messages(expected[0])
    assert result.counts == expected[0].counts and after == expected[1]
    with lab.engine.connect() as conn:
        assert stored(conn, table, r, column) == value


def stored(conn, table: str, r: int, column: str) -> object:
    """The stored value of one cell of tiny-co's row r."""
    model = TRACKING_MODELS[table]
    header, rows = TINY[table]
    key = [(getattr(model, k), rows[r][header.index(k)] or None) for k in TABLES[table].key]
    return conn.scalar(select(getattr(model, column)).where(
        *(c == v if v is not None else c.is_(None) for c, v in key)))


# --- bad cells -----------------------------------------------------------------------------------

NOT_WHOLE = "is not a whole number"
BAD_BY_KIND: dict[str, list[tuple[str, str]]] = {
    "int": [("-5", "0 or more"), ("2.5", "0 or more"), ("1,20", NOT_WHOLE), ("0,123", NOT_WHOLE),
            ("1.5E+3", NOT_WHOLE), ("30%", "percentage"), ("¥100", NOT_WHOLE), ("1 234", NOT_WHOLE),
            ("十", NOT_WHOLE), ("0x10", NOT_WHOLE), ("1_000", NOT_WHOLE), ("9" * 30, "too large"),
            ("9" * 5000, "too large")],
    "score": [("11", "0 to 10"), ("-1", "0 to 10"), ("7.5", "0 to 10"), ("十", "0 to 10")],
    "amount": [("-1", "0 or more"), ("1.2E3", "not a number"), ("¥120", "not a number"),
               ("12%", "percentage"), ("1,20", "not a number"), ("0,5", "not a number"),
               ("1" * 20, "too large"), ("1" * 40, "too large")],
    "date": [("2026/3/5", "not a date"), ("2026-3-5", "not a date"),
             ("2026-03-05 00:00:00", "not a date"), ("05/03/2026", "not a date"),
             ("46086", "not a date"), ("20260305", "not a date"), ("2026年3月5日", "not a date"),
             ("2026-02-30", "not a real day")],
    "timestamp": [("2026/3/5 10:00", "not a date and time"), ("2026-03-05T10:00", "not a date and time"),
                  ("2026-03-05 10:00+08:00", "not a date and time"),
                  ("2026-03-05 9:00", "not a date and time"), ("46086.5", "not a date and time"),
                  ("2026-03-05 10:00:00.5", "not a date and time"),
                  ("2026-03-05 25:00", "not a real date and time")],
    "month": [("2026-3", "not a month"), ("2026/03", "not a month"), ("202603", "not a month"),
              ("2026-03-01", "not a month"), ("2026-13", "not a month"), ("46082", "not a month")],
    "bool": [("Y", "yes or no"), ("N", "yes or no"), ("t", "yes or no"), ("on", "yes or no"),
             ("2", "yes or no"), ("真", "yes or no")],
    "enum": [("x", "allowed values"), ("？", "allowed values")],
    "text": [],
}
PLACEHOLDERS = ("NULL", "null", "N/A", "n/a", "None", "NaN", "<NA>", "\\N")
EXCEL_ERRORS = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!")


@st.composite
def bad_cell(draw):
    """A cell that must be refused, and the words its problem must hold."""
    table, r, column = draw(st.sampled_from(CELLS))
    k = kind(table, column)
    options = list(BAD_BY_KIND[k])
    options += [(p, PLACEHOLDER) for p in PLACEHOLDERS] + [(e, EXCEL_ERROR) for e in EXCEL_ERRORS]
    if required(table, column):
        options += [("", "a value is required"), ("  ", "a value is required")]
    length = text_length(table, column) if k == "text" else None
    if length:
        options.append(("字" * (length + 1), "is too long"))
    value, words = draw(st.sampled_from(options))
    if value.strip() and k != "text":
        value = draw(padded(value))
    return table, r, column, value, words


@FUZZ
@given(bad_cell())
def test_bad_cells_are_refused_where_they_are(lab, bad):
    """Each bad cell is reported at its file, line and column, and nothing is written.
    Dates are YYYY-MM-DD exactly (spec), so "2026/3/5", "2026-03-05 00:00:00" and Excel
    serial numbers are refused; placeholders ("NULL", "N/A") and Excel error texts are
    refused in required and optional columns alike."""
    table, r, column, value, words = bad
    name = f"{table}.csv"
    lab.reset("tiny")
    result, _ = attempt(lab.engine, [(name, with_cells(table, {(r, column): value}))])
    assert not result.ok
    found = [p for p in result.problems if (p.file, p.line, p.column) == (name, r + 2, column)]
    assert found and words in found[0].reason, messages(result)


@FUZZ
@given(st.sampled_from(CELLS), st.sampled_from([1_000_000, 200_000]))
def test_huge_cells_are_refused(lab, cell, size):
    """A cell of a megabyte (CSV reads at most 131,072 characters a cell) is refused at its
    line, and the file's other rows raise no follow-on problems elsewhere."""
    table, r, column = cell
    name = f"{table}.csv"
    files = [(n, d) for n, d in TINY_FILES.items() if n != name]
    files.append((name, with_cells(table, {(r, column): "9" * size})))
    lab.reset("empty")
    result, _ = attempt(lab.engine, files)
    assert not result.ok
    assert where(result) == {(name, r + 2, None)}, messages(result)
    assert "131,072 characters" in result.problems[0].reason


# --- encodings ---------------------------------------------------------------------------------

ACCENTED = "áàâäãåéèêëíìîïóòôöõúùûüýÿñ"


@st.composite
def western_name(draw) -> str:
    """A Western European name as people write them: an accented letter now and then, each
    beside plain letters ("José", "Müller", "Ação")."""
    def word():
        parts = []
        for i in range(draw(st.integers(1, 3))):
            consonant = draw(st.sampled_from("bcdfghjklmnprstvz"))
            vowel = draw(st.sampled_from("aeiou" + ACCENTED))
            tail = draw(st.sampled_from(["", "", "n", "r", "s", "l", "ç"]))
            parts.append((consonant.upper() if i == 0 else consonant) + vowel + tail)
        return "".join(parts)
    fixed = st.sampled_from(["José", "Müller", "François", "Zoë", "Søren", "Ação", "Renée",
                             "Björk", "Straße", "Łukasz", "Ñandú"])
    return " ".join(draw(st.lists(st.one_of(fixed, st.builds(word)), min_size=1, max_size=2)))


@st.composite
def western_company(draw) -> dict[str, bytes]:
    depts = draw(st.lists(western_name(), min_size=1, max_size=3))
    people = draw(st.lists(western_name(), min_size=1, max_size=5))
    return {
        "departments.csv": to_csv(["department_id", "name", "in_pilot"],
                                  [[f"d{i}", n, "false"] for i, n in enumerate(depts)]),
        "employees.csv": to_csv(["employee_id", "name", "department_id", "hired_on"],
                                [[f"e{i}", n, "d0", "2025-01-01"] for i, n in enumerate(people)]),
    }


READABLE = ("utf-8", "utf-8-sig", "gb18030", "gbk")
UTF16 = ("utf-16", "utf-16-le", "utf-16-be")
WESTERN = ("latin-1", "cp1252")


# tiny-co with a title only GB18030 (not GBK) can encode: four-byte sequences
TINY_GB18030 = {**TINY_FILES, "content.csv": with_cells("content", {(1, "title"): "𠮷野家的故事 ①"})}
COMPANIES = {"tiny-co": (TINY_FILES, READABLE + UTF16 + WESTERN),
             "tiny-co, rare characters": (TINY_GB18030, READABLE + UTF16 + WESTERN)}


@FUZZ
@given(st.one_of(st.sampled_from(sorted(COMPANIES)).map(COMPANIES.get),
                 western_company().map(lambda c: (c, ("utf-8", "utf-8-sig", "gbk") + UTF16 + WESTERN))),
       st.data())
def test_encodings_import_exactly_or_are_refused(lab, company_encodings, data):
    """UTF-8 with or without BOM and GB18030/GBK store exactly the UTF-8 company; UTF-16
    (with or without its mark) and Western European encodings (Latin-1, Windows-1252) are
    refused - never stored as mojibake. (A file an encoding cannot hold stays UTF-8.)"""
    company, encodings = company_encodings
    encoding = data.draw(st.sampled_from(encodings), label="encoding")
    chosen = data.draw(st.lists(st.sampled_from(sorted(company)), min_size=1, unique=True), label="files")
    files, changed = [], []
    for name, utf8 in company.items():
        text = utf8.decode("utf-8")
        try:
            encoded = text.encode(encoding) if name in chosen else utf8
        except UnicodeEncodeError:          # e.g. Chinese in latin-1: that file stays UTF-8
            encoded = utf8
        files.append((name, encoded))
        if encoded != utf8 and encoded != b"\xef\xbb\xbf" + utf8 and encoding not in ("gb18030", "gbk"):
            changed.append(name)
    expected = lab.canonical("empty", sorted(company.items()))
    lab.reset("empty")
    result, after = attempt(lab.engine, sorted(files))
    if not changed:                          # every file readable as meant
        assert result.ok, messages(result)
        assert result.counts == expected[0].counts and after == expected[1]
    else:
        assert not result.ok
        for name in changed:
            reasons = [p.reason for p in result.problems if p.file == name]
            assert reasons, (name, messages(result))
            if encoding in UTF16:
                assert "UTF-16" in reasons[0]
            else:
                assert "UTF-8" in reasons[0]    # the way out: save as CSV UTF-8


@FUZZ
@given(st.sampled_from(sorted(TINY_FILES)), st.booleans(), st.data())
def test_damaged_utf8_is_refused_not_read_as_gbk(lab, name, marked, data):
    """A UTF-8 file with a byte-order mark, or with good UTF-8 characters before a bad byte,
    is a damaged UTF-8 file: refused, never read as GBK."""
    utf8 = TINY_FILES[name]
    at = data.draw(st.integers(0, len(utf8)), label="damage at")
    junk = data.draw(st.sampled_from([b"\xff", b"\xc0\xaf", "蛋".encode("gbk")]), label="junk")
    if sum(c > "\x7f" for c in utf8[:at].decode("utf-8", "ignore")) < 4:
        marked = True                        # too little UTF-8 before the damage to be sure
    damaged = (b"\xef\xbb\xbf" if marked else b"") + utf8[:at] + junk + utf8[at:]
    lab.reset("tiny")
    result, _ = attempt(lab.engine, [(name, damaged)])
    assert not result.ok
    assert [p.file for p in result.problems] == [name], messages(result)
    assert "not UTF-8" in result.problems[0].reason


# --- files cut off -------------------------------------------------------------------------------

@st.composite
def cut_file(draw):
    name = draw(st.sampled_from(sorted(TINY_FILES)))
    data = TINY_FILES[name]
    return name, draw(st.integers(0, len(data) - 1))


@FUZZ
@given(cut_file())
def test_files_cut_off_at_any_byte(lab, tmp_path_factory, cut):
    """A file cut at any byte (the rest of the import intact, from a folder): cut in the middle
    of a character or of a line it is refused; cut right after a line it imports exactly those
    lines. The one undetectable cut is inside the last cell of a line (a file need not end with
    a line break): then the file says what it says, and is imported or refused like any other."""
    name, at = cut
    data = TINY_FILES[name][:at]
    folder = tmp_path_factory.mktemp("cut")
    for other, content in TINY_FILES.items():
        (folder / other).write_bytes(data if other == name else content)
    table = name.removesuffix(".csv")
    header, rows = TINY[table]
    lab.reset("tiny")
    result, after = attempt(lab.engine, folder)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        assert not result.ok and [p.file for p in result.problems] == [name]
        assert "cut off" in result.problems[0].reason
        return
    lines = text.split("\n")
    if text == "":
        assert not result.ok and where(result) == {(name, 1, None)}
    elif text.endswith("\n"):                 # whole lines: those rows, all as stored
        assert result.ok, messages(result)
        assert result.counts[table] == {"inserted": 0, "updated": 0, "unchanged": len(lines) - 2}
        assert after == lab.tiny
    elif len(lines) == 1:                     # inside the header
        cut_header = [h for h in lines[0].split(",")]
        complete = (all(h in header for h in cut_header if h)
                    and all(c in cut_header for c in header if required(table, c)))
        assert result.ok == complete, messages(result)
        if result.ok:
            assert after == lab.tiny
    elif len(lines[-1].split(",")) < len(header):
        assert not result.ok
        assert (name, len(lines), None) in where(result), messages(result)
        assert any("cut off" in p.reason for p in result.problems)
    else:                                     # inside the last cell: the file as it is
        assert result.ok or {p.line for p in result.problems if p.file == name} == {len(lines)}
        if result.ok:
            counts = result.counts[table]
            assert counts["inserted"] == 0 and counts["updated"] <= 1


@FUZZ
@given(st.data())
def test_workbook_cut_off_is_refused(lab, data):
    book = base_book()
    at = data.draw(st.integers(0, len(book) - 1), label="cut at")
    lab.reset("tiny")
    result, _ = attempt(lab.engine, [("tiny.xlsx", book[:at])])
    assert not result.ok and [p.file for p in result.problems] == ["tiny.xlsx"]


# --- random bytes ----------------------------------------------------------------------------

@FUZZ
@given(st.sampled_from(sorted(set(TINY_FILES) - {"departments.csv"})), st.booleans(),
       st.binary(max_size=3000))
def test_random_bytes_are_refused_or_hold_nothing(lab, name, after_header, junk):
    """Random bytes as a file, or after its header line: refused, or - blank lines only -
    imported as nothing at all. (Every table but departments has a reference or a typed
    required column, so random bytes cannot spell a valid row of it.)"""
    table = name.removesuffix(".csv")
    data = (",".join(TINY[table][0]) + "\r\n").encode() + junk if after_header else junk
    lab.reset("tiny")
    result, after = attempt(lab.engine, [(name, data)])
    if result.ok:
        assert result.counts[table]["inserted"] == result.counts[table]["updated"] == 0
        assert after == lab.tiny
    elif not after_header:
        assert any(p.file == name for p in result.problems)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), min_size=1, max_size=6))
def test_workbook_with_random_bytes_changed(lab, flips):
    """A workbook with some bytes changed: refused as damaged, or - the change missed the
    content, which the zip's checksums guard - imported exactly as the intact workbook."""
    book = bytearray(base_book())
    for at, byte in flips:
        book[at % len(book)] = byte
    lab.reset("tiny")
    result, after = attempt(lab.engine, [("tiny.xlsx", bytes(book))])
    if result.ok:
        assert after == lab.tiny
        assert all(c["inserted"] == c["updated"] == 0 for c in result.counts.values())


# --- workbooks -----------------------------------------------------------------------------------

def typed(table: str, column: str, v: str) -> object:
    """The cell as Excel holds it: dates and times as dates, numbers as numbers."""
    if v == "":
        return None
    k = kind(table, column)
    if k == "date":
        return dt.datetime.fromisoformat(v)
    if k == "timestamp":
        return dt.datetime.fromisoformat(v)
    if k == "month":
        return dt.datetime.fromisoformat(v + "-01")
    if k in ("int", "score"):
        return int(v)
    if k == "amount":
        return float(v) if "." in v else int(v)
    if k == "bool":
        return v == "true"
    return v


def serial(day: dt.date) -> int:
    """The number Excel keeps for a day (days since 1899-12-30)."""
    return (day - dt.date(1899, 12, 30)).days


class Formatted(tuple):
    """A cell value with its number format: (value, format), e.g. (46086, "yyyy-mm-dd")."""


def workbook(change: tuple[str, int, str, object] | None = None) -> bytes:
    """tiny-co as one typed workbook; change: (table, row index, column, cell value). A plain
    number goes in with the General format (a date format would make it a date)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table, (header, rows) in TINY.items():
        ws = book.create_sheet(table)
        ws.append(header)
        for row in rows:
            ws.append([typed(table, c, v) for c, v in zip(header, row)])
    if change:
        table, r, column, value = change
        cell = book[table].cell(r + 2, TINY[table][0].index(column) + 1)
        if isinstance(value, Formatted):
            cell.value, cell.number_format = value
        else:
            cell.value = value
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                cell.number_format = "General"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@functools.cache
def base_book() -> bytes:
    """One workbook of tiny-co (saved once: its bytes hold the time it was saved)."""
    return workbook()


@st.composite
def workbook_same_value(draw):
    """Another way Excel holds the same value: a date cell, a number cell, a bool cell."""
    table, r, column = draw(st.sampled_from(CELLS))
    header, rows = TINY[table]
    v = rows[r][header.index(column)]
    k = kind(table, column)
    options: list[object] = [v]                    # the text itself
    if v and k in ("date", "month"):
        day = dt.date.fromisoformat(v if k == "date" else v + "-01")
        options += [day, dt.datetime.combine(day, dt.time()),
                    Formatted((serial(day), "yyyy/m/d"))]     # a serial number shown as a date
    elif v and k == "timestamp":
        at = dt.datetime.fromisoformat(v)
        options += [at, at + dt.timedelta(microseconds=draw(st.integers(-400_000, 400_000))),
                    Formatted((serial(at.date()) + (at - dt.datetime.combine(at.date(), dt.time()))
                               / dt.timedelta(days=1), "yyyy-mm-dd hh:mm:ss"))]
    elif v and k in ("int", "score"):
        options += [int(v), float(v)]
    elif v and k == "amount":
        options += [float(v), Decimal(v)]
    elif k == "bool":
        options += [v == "true", int(v == "true")]
    if v and k == "text":
        options.append(draw(padded(v)))
    return table, r, column, draw(st.sampled_from(options))


@settings(FUZZ, max_examples=EXAMPLES * 5 // 8)   # a workbook takes a while to write
@given(workbook_same_value())
def test_workbook_cells_of_any_type_import_as_their_value(lab, change):
    """Date cells (also a serial number formatted as a date, which is what Excel stores),
    whole-number floats (400.0), bools, times off by a fraction of a second (rounded to
    whole seconds): a workbook stores exactly what tiny-co's CSV files do."""
    lab.reset("tiny")
    result, after = attempt(lab.engine, [("tiny.xlsx", workbook(change))])
    assert result.ok, messages(result)
    assert all(c["inserted"] == c["updated"] == 0 for c in result.counts.values())
    assert after == lab.tiny


@st.composite
def workbook_bad_cell(draw):
    table, r, column = draw(st.sampled_from(CELLS))
    k = kind(table, column)
    options: list[tuple[object, str]] = [
        ("=SUM(A1:A2)", "formula"), ("=1+1", "formula"), ("#N/A", "Excel error value"),
        ("#DIV/0!", "Excel error value"), ("NULL", PLACEHOLDER), ("N/A", PLACEHOLDER),
        ("x" * 1_000_000, "")]
    if k == "date":
        options += [(dt.datetime(2026, 3, 5, 9, 30), "time of day"), (46086, "not a date"),
                    ("2026/3/5", "not a date"), ("2026-03-05 00:00:00", "not a date")]
    if k == "month":
        options += [(dt.datetime(2026, 3, 5), "full date"), (46082, "not a month")]
    if k in ("int", "score"):
        options += [(2.5, "0"), (-3, "0"), (True, "")]
    if k == "timestamp":
        options += [(46086.5, "not a date and time"), ("2026/3/5 10:00", "not a date and time")]
    value, words = draw(st.sampled_from(options))
    return table, r, column, value, words


@settings(FUZZ, max_examples=EXAMPLES * 5 // 8)   # a workbook takes a while to write
@given(workbook_bad_cell())
def test_workbook_bad_cells_are_refused_where_they_are(lab, bad):
    """A formula is never imported as a value - not even its cached result - nor is an
    error cell, a time in a date column, a serial number in a General (not date) formatted
    cell, a date typed as text other than YYYY-MM-DD, or a megabyte of text."""
    table, r, column, value, words = bad
    lab.reset("tiny")
    result, _ = attempt(lab.engine, [("tiny.xlsx", workbook((table, r, column, value)))])
    assert not result.ok
    found = [p for p in result.problems
             if (p.file, p.line, p.column) == (f'tiny.xlsx, sheet "{table}"', r + 2, column)]
    assert found and words in found[0].reason, messages(result)


def test_workbook_formula_with_a_cached_value_is_refused(lab):
    """Excel saves a formula together with its last result; the result is not imported."""
    book = zipfile.ZipFile(io.BytesIO(workbook(("shares", 0, "reach", "=SUM(400,0)"))))
    patched = io.BytesIO()
    with zipfile.ZipFile(patched, "w") as out:
        for item in book.infolist():
            content = book.read(item.filename)
            if b"<f>SUM(400,0)</f>" in content:      # as Excel writes it: formula and result
                # openpyxl writes an empty <v/> (its spelling depends on whether lxml is there)
                content = re.sub(rb"<f>SUM\(400,0\)</f>(<v\s*/>|<v></v>)?",
                                 b"<f>SUM(400,0)</f><v>400</v>", content)
                assert b"<v>400</v>" in content
            out.writestr(item, content)
    lab.reset("tiny")
    result, _ = attempt(lab.engine, [("tiny.xlsx", patched.getvalue())])
    assert where(result) == {('tiny.xlsx, sheet "shares"', 2, "reach")}
    assert "formula" in result.problems[0].reason


# --- no partial write, on SQLite and PostgreSQL --------------------------------------------------

CHANGEABLE = [("shares", r, c) for r in range(len(TINY["shares"][1])) for c in ("reach", "clicks")] + \
             [("pulse", r, "score") for r in range(len(TINY["pulse"][1]))] + \
             [("departments", r, "name") for r in range(len(TINY["departments"][1]))] + \
             [("targets", r, "target") for r in range(len(TINY["targets"][1]))]


@st.composite
def import_with_changes(draw):
    """Valid changes in several files, and maybe one bad cell somewhere."""
    changes: dict[str, dict] = {}
    for table, r, column in draw(st.lists(st.sampled_from(CHANGEABLE), min_size=1, max_size=4,
                                          unique=True)):
        value = {"score": st.integers(0, 10), "name": st.text("部门销售研发ab", min_size=1, max_size=6)
                 }.get(column, st.integers(0, 10**6))
        changes.setdefault(table, {})[(r, column)] = str(draw(value))
    bad = draw(st.one_of(st.none(), bad_cell()))
    if bad:
        table, r, column, value, _ = bad
        changes.setdefault(table, {})[(r, column)] = value
    return changes, bad


def test_refused_imports_write_nothing_on_either_database(engine):
    """Several files with valid changes and one bad cell, on SQLite and on PostgreSQL:
    refused, and every table - employee_month too - is byte for byte as before; without the
    bad cell the changes land exactly."""
    assert import_files(engine, list(TINY_FILES.items())).ok

    @settings(FUZZ, max_examples=EXAMPLES * 5 // 8)
    @given(import_with_changes())
    def check(case):
        changes, bad = case
        files = [(name, with_cells(name.removesuffix(".csv"), changes.get(name.removesuffix(".csv"), {})))
                 for name in sorted(TINY_FILES)]
        result, _ = attempt(engine, files)
        if bad:
            table, r, column, _, words = bad
            assert not result.ok
            assert any((p.file, p.line, p.column) == (f"{table}.csv", r + 2, column) and words in p.reason
                       for p in result.problems), messages(result)
            return
        assert result.ok, messages(result)
        with engine.connect() as conn:
            for table, cells in changes.items():
                for (r, column), value in cells.items():
                    got = stored(conn, table, r, column)
                    assert (got == Decimal(value) if column == "target" else str(got) == value), \
                        (table, r, column, got, value)
    check()
