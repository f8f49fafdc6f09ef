"""ui.tables: a long table shows its first rows on the page and every row in its downloads."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

import ui.tables


def _page(rows: int) -> None:
    import pandas as pd

    from ui.tables import table
    table(pd.DataFrame({"n": range(rows)}), "numbers", "numbers", shown_rows=200)


def _downloads(monkeypatch) -> list:
    """The frames the page offers as downloads (the same module object serves the app test)."""
    offered = []
    monkeypatch.setattr(ui.tables, "download_buttons",
                        lambda frame, stem, key: offered.append(frame["n"].tolist()))
    return offered


def test_long_table_shows_its_first_rows_and_downloads_every_row(monkeypatch):
    offered = _downloads(monkeypatch)
    at = AppTest.from_function(_page, args=(250,)).run()
    assert not at.exception
    assert at.dataframe[0].value["n"].tolist() == list(range(200))
    assert [c.value for c in at.caption] == ["仅显示前 200 行，共 250 行；下载文件包含全部行。"]
    assert offered == [list(range(250))]


def test_short_table_is_shown_whole_without_a_note(monkeypatch):
    offered = _downloads(monkeypatch)
    at = AppTest.from_function(_page, args=(200,)).run()
    assert not at.exception
    assert at.dataframe[0].value["n"].tolist() == list(range(200))
    assert not at.caption
    assert offered == [list(range(200))]
