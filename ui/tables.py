"""Tables with CSV and Excel downloads (formula-like text neutralised)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from exports.safe_cells import to_csv_bytes
from exports.xlsx import frames_to_xlsx

from .session import tr


def with_field_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Raw field names (employee_id, reach, ...) as headers in the user's language."""
    return frame.rename(columns={c: tr(f"field.{c}") for c in frame.columns
                                 if tr(f"field.{c}") != f"field.{c}"})


def download_buttons(frame: pd.DataFrame, stem: str, key: str) -> None:
    left, right = st.columns(2)
    left.download_button(tr("download.csv"), to_csv_bytes(frame), f"{stem}.csv", "text/csv",
                         key=f"{key}-csv", icon=":material/download:")
    right.download_button(
        tr("download.xlsx"), frames_to_xlsx({stem[:31]: frame}), f"{stem}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}-xlsx", icon=":material/download:")


def table(frame: pd.DataFrame, stem: str, key: str, column_config: dict | None = None,
          height: int | str = "auto") -> None:
    """A dataframe with its downloads below; an empty frame shows a note instead."""
    if frame.empty:
        st.caption(tr("table.empty"))
        return
    st.dataframe(frame, hide_index=True, width="stretch",
                 column_config=column_config, height=height)
    download_buttons(frame, stem, key)
