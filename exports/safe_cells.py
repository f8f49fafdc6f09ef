"""Neutralise spreadsheet formulas in exported text (CSV / formula injection).

A spreadsheet runs a cell as a formula when its text starts with = + - or @, and on
opening a CSV also after a leading tab or carriage return. Every download passes its text
through here:

- CSV has no cell types, so such text gets a leading apostrophe ('), the spreadsheet's
  own "this is text" mark: "=HYPERLINK(...)" is written '=HYPERLINK(...) and "+1" '+1.
- In a workbook (exports.xlsx.set_cell) text is a text cell, never a formula, and such
  text is also marked quotePrefix - what Excel records when someone types the
  apostrophe - so it shows unchanged and stays text when the cell is edited.

Numbers are never touched: -3.5 in a number column stays the number -3.5. A CSV text
that is just a negative number as the pages format one ("-30.0%", "-1,234.5") is left as
it is too: a spreadsheet reads it as that number, and nothing can hide in it. Any other
text is neutralised, even when a spreadsheet would read it as a number: a department
called "+1" keeps its plus sign. The full-width forms ＝ ＋ － ＠ are treated like their
ASCII forms as a precaution (Chinese and Japanese input methods turn them into ASCII as
they are typed), and an apostrophe on such rare text costs little.
"""
from __future__ import annotations

import re

import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
NEGATIVE_NUMBER = re.compile(r"-(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?", re.ASCII)


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if is_formula_like(value) and not NEGATIVE_NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM (so Excel shows Chinese right), formula-like text neutralised in
    every column that is not numbers, booleans or timestamps (text, mixed, categorical), and
    in the header."""
    safe = frame.copy()
    for j in range(safe.shape[1]):
        column = safe.iloc[:, j]
        if not (is_numeric_dtype(column) or is_bool_dtype(column)
                or is_datetime64_any_dtype(column)):
            safe.isetitem(j, column.astype(object).map(csv_safe))
    safe.columns = [csv_safe(c) for c in safe.columns]
    # CRLF, as Excel writes CSV: a cell holding a line break (CR included) is then quoted
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")
