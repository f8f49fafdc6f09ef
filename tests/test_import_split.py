"""importing.split: a large CSV file parsed in two processes gives exactly what one does.

The size threshold is lowered so that small files take the two-process path; every result
is compared with `parse_sheet` over the same file read the usual way."""
from __future__ import annotations

import sys

import pytest

from data_access.importing import import_files, split
from data_access.importing.read import csv_sheet
from data_access.importing.rows import parse_sheet


def _content_csv(rows: int, long_title_at: int | None = None) -> str:
    lines = ["content_id,title,content_type,owner_department_id,review_status,published_on"]
    for i in range(rows):
        title = f"标题 {i}"
        if i == long_title_at:     # a quoted cell over many lines, commas and quotes inside
            title = '"' + "\n".join(f'第{k}行, 含 ""引号""' for k in range(30)) + '"'
        published = f"2026-0{1 + i % 9}-{1 + i % 28:02d}" if i % 3 else ""
        lines.append(f"c{i:05d},{title},article,,{'approved' if i % 4 else 'pending'},{published}")
        if i % 97 == 0:
            lines.append("")      # blank rows still count as lines
    return "\n".join(lines) + "\n"


def _both_ways(text: str, monkeypatch, at: float = split.CUT_AT, joined: bool = True):
    """(parse_sheet's result, the two-process parser's); `joined`: whether the worker's half
    is expected to be used, or the file parsed again as one."""
    monkeypatch.setattr(split, "SPLIT_MIN_CHARS", 0)
    monkeypatch.setattr(split, "CUT_AT", at)
    halves = []
    decode = split._decode
    monkeypatch.setattr(split, "_decode", lambda *a: halves.append(1) or decode(*a))
    data = text.encode()
    sheet, _ = csv_sheet("content.csv", "content", data)
    with split.parser([sheet]) as parse:
        two = parse(sheet)
    assert bool(halves) == joined
    one = parse_sheet(csv_sheet("content.csv", "content", data)[0])
    return one, two


def test_find_cut_skips_line_breaks_inside_quotes():
    text = 'a,b\n1,"x\ny\nz"\n2,w\n'
    assert split.find_cut(text, at=0.3) == (4, 14)          # after '1,"x\ny\nz"\n'
    assert split.find_cut('"a",b\n1,2\n3,4\n') is None      # a quoted header: not split
    assert split.find_cut("a,b\n1,2") is None                # no line break after the middle


MANY_LINES = _content_csv(3000, long_title_at=1500)
INSIDE_QUOTES = (MANY_LINES.index("第3行") + 1) / len(MANY_LINES)    # a cut there must move on


@pytest.mark.parametrize("at", [0.1, 0.3, 0.45, INSIDE_QUOTES, 0.7, 0.9])
def test_two_halves_join_into_the_one_parse(monkeypatch, at):
    (one, one_problems), (two, two_problems) = _both_ways(MANY_LINES, monkeypatch, at)
    assert one_problems == two_problems == []
    assert two.rows == one.rows and two.lines == one.lines
    assert len(two.rows) == 3000 and two.lines[-1] == 3000 + 1 + 31   # header, 31 blank rows


def test_a_problem_in_the_second_half_is_reported_as_by_one_parse(monkeypatch):
    text = _content_csv(2000).replace("c01901,标题 1901,article,,approved",
                                      "c01901,标题 1901,article,,maybe")
    (one, one_problems), (two, two_problems) = _both_ways(text, monkeypatch, joined=False)
    assert one_problems and two_problems == one_problems
    assert [p.line for p in two_problems] == [1901 + 2 + 20]      # 20 blank rows before it
    assert two.rows == one.rows and two.lines == one.lines


def test_a_worker_that_cannot_start_costs_only_time(monkeypatch):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    (one, _), (two, problems) = _both_ways(_content_csv(500), monkeypatch, joined=False)
    assert problems == [] and two.rows == one.rows and two.lines == one.lines


def test_a_worker_that_fails_costs_only_time(monkeypatch, tmp_path):
    # started where `data_access` cannot be imported, the worker dies at once
    monkeypatch.setattr(split, "ROOT", tmp_path)
    monkeypatch.delenv("PYTHONPATH", raising=False)
    (one, _), (two, problems) = _both_ways(_content_csv(500), monkeypatch, joined=False)
    assert problems == [] and two.rows == one.rows and two.lines == one.lines


def test_an_import_through_two_processes_stores_every_row(engine, monkeypatch):
    monkeypatch.setattr(split, "SPLIT_MIN_CHARS", 0)
    departments = "department_id,name,in_pilot\nd1,销售部,true\n"
    result = import_files(engine, [("departments.csv", departments.encode()),
                                   ("content.csv", _content_csv(1200, 600).encode())])
    assert result.ok, result.problems
    assert result.counts["content"]["inserted"] == 1200
