"""Data: upload tracking files and import them with the CLI's validation (all or nothing),
import history, data freshness, templates. Works on an empty database: this is where
data comes in."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access import audit
from data_access.contract import IMPORT_ORDER, TABLES
from data_access.importing import import_upload, read_template_csv
from data_access.importing.limits import setting
from data_access.write_guard import DatabaseNotWritable
from exports.xlsx import frames_to_xlsx
from ui import cached_people as cached
from ui import data, wecom_sync
from ui.format import number
from ui.gate import require_page
from ui.import_problems import problem_text
from ui.session import engine, tr
from ui.tables import table

user = require_page("data")
st.title(tr("page.data"))

# --- upload -----------------------------------------------------------------------------
st.subheader(tr("data.upload"))
st.caption(tr("data.upload_help"))
uploaded = st.file_uploader(tr("data.files"), type=["csv", "xlsx"], accept_multiple_files=True,
                            key="data-upload")
if st.button(tr("data.import"), type="primary", disabled=not uploaded, key="data-import"):
    # in a worker process with a memory limit: no upload can take the app down (issue 18)
    files = [(f.name, f) for f in uploaded]
    with st.spinner(tr("data.importing")):
        source = "upload: " + ", ".join(n for n, _ in files)
        result = import_upload(engine(), files, source=source, imported_by=user.username)
        try:
            audit.record_import(engine(), result, actor=user.username, source=source)
        except DatabaseNotWritable:
            pass      # the result below already says that nothing can be written
    data.clear()   # every page (and the history below) shows the new state
    if result.ok:
        st.success(tr("data.imported", files=number(len(result.files))))
        counts = pd.DataFrame(
            [{tr("data.col.table"): name, tr("data.col.inserted"): c.get("inserted", 0),
              tr("data.col.updated"): c.get("updated", 0),
              tr("data.col.unchanged"): c.get("unchanged", 0)}
             for name, c in result.counts.items()])
        table(counts, "import-counts", "import-counts")
    else:
        st.error(tr("data.refused", problems=number(result.problems_found)))
        if result.problems_found > len(result.problems):
            st.caption(tr("import_limits.capped", per=number(setting("import.max_problems_per_column"))))
        problems = pd.DataFrame(
            [{tr("data.col.file"): p.file, tr("data.col.line"): p.line,
              tr("data.col.column"): p.column, tr("data.col.value"): p.value,
              tr("data.col.reason"): problem_text(p)} for p in result.problems])
        problems = problems.astype({tr("data.col.line"): "Int64"})   # whole-file problems: empty
        table(problems, "import-problems", "import-problems",
              shown_rows=int(setting("import.problems_shown")))

# --- sync from WeCom (only when configured) -----------------------------------------------
wecom_sync.render(user.username)

# --- templates --------------------------------------------------------------------------
st.subheader(tr("data.templates"))
st.caption(tr("data.templates_help"))
cols = st.columns(4)
for i, name in enumerate(IMPORT_ORDER):
    cols[i % 4].download_button(f"{name}.csv", read_template_csv(name), f"{name}.csv", "text/csv",
                                key=f"template-{name}", icon=":material/download:")
workbook = frames_to_xlsx({name: pd.DataFrame(columns=list(TABLES[name].column_names))
                           for name in IMPORT_ORDER})
cols[len(IMPORT_ORDER) % 4].download_button(
    tr("data.template_workbook"), workbook, "tracking-template.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="template-xlsx", icon=":material/download:")

# --- freshness --------------------------------------------------------------------------
st.subheader(tr("data.freshness"))
fresh = cached.freshness()
table(pd.DataFrame([{tr("data.col.table"): r["table"], tr("data.col.rows"): r["rows"],
                     tr("data.col.latest"): r["latest"] or "—",
                     tr("data.col.date_columns"): r["columns"] or "—"} for r in fresh]),
      "data-freshness", "data-freshness")

# --- history ----------------------------------------------------------------------------
st.subheader(tr("data.history"))
history = cached.import_history()
if not history:
    st.caption(tr("data.no_history"))
else:
    table(pd.DataFrame([{
        tr("data.col.when"): r["started_at"].strftime("%Y-%m-%d %H:%M") if r["started_at"] else "—",
        tr("data.col.who"): r["imported_by"] or "—",
        tr("data.col.source"): r["source"],
        tr("data.col.files"): ", ".join(r["files"]),
        tr("data.col.status"): tr(f"data.status.{r['status']}"),
        tr("data.col.rows_written"): sum(c.get("inserted", 0) + c.get("updated", 0)
                                         for c in r["counts"].values()),
        tr("data.col.problems"): r["error_count"]} for r in history]),
        "import-history", "import-history")
