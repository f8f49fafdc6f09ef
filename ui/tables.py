"""Tables with CSV and Excel downloads (formula-like text neutralised)."""
from __future__ import annotations

import hashlib
import pickle

import pandas as pd
import streamlit as st

from exports.safe_cells import to_csv_bytes
from exports.xlsx import frames_to_xlsx

from .data import TTL
from .session import tr


def with_field_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Raw field names (employee_id, reach, ...) as headers in the user's language."""
    return frame.rename(columns={c: tr(f"field.{c}") for c in frame.columns
                                 if tr(f"field.{c}") != f"field.{c}"})


@st.cache_data(ttl=TTL, max_entries=256, show_spinner=False)
def _files(digest: str, sheet: str, _frame: pd.DataFrame) -> tuple[bytes, bytes]:
    """(CSV, xlsx) of a frame. Building the workbook took most of a warm page run; the files
    depend on nothing but the frame, so they are cached by a digest of its pickle (exact,
    unlike Streamlit's own frame hash, which samples large frames and reads values as text)."""
    return to_csv_bytes(_frame), frames_to_xlsx({sheet: _frame})


def download_buttons(frame: pd.DataFrame, stem: str, key: str) -> None:
    digest = hashlib.sha256(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
    csv, xlsx = _files(digest, stem[:31], frame)
    left, right = st.columns(2)
    left.download_button(tr("download.csv"), csv, f"{stem}.csv", "text/csv",
                         key=f"{key}-csv", icon=":material/download:")
    right.download_button(
        tr("download.xlsx"), xlsx, f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx", icon=":material/download:")


def table(frame: pd.DataFrame, stem: str, key: str, column_config: dict | None = None,
          height: int | str = "auto", shown_rows: int | None = None) -> None:
    """A dataframe with its downloads below; an empty frame shows a note instead. With
    `shown_rows`, a long frame shows only its first rows (the downloads hold all of them)."""
    if frame.empty:
        st.caption(tr("table.empty"))
        return
    shown = frame if shown_rows is None or len(frame) <= shown_rows else frame.head(shown_rows)
    st.dataframe(shown, hide_index=True, width="stretch",
                 column_config=column_config, height=height)
    if len(shown) < len(frame):
        st.caption(tr("table.first_rows", shown=f"{len(shown):,}", total=f"{len(frame):,}"))
    download_buttons(frame, stem, key)
