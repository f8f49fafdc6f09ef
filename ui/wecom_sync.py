"""The Data page's "sync from WeCom" section: shown only when WeCom is configured."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from data_access.sync_state import read_state
from ui import data
from ui.format import number
from ui.session import engine, tr
from ui.tables import table
from wecom import WeComConfigError, WeComSettings


def configured() -> WeComSettings | None:
    """The WeCom settings when the sync can run (corp id and both secrets set)."""
    config = WeComSettings.load()
    try:
        config.require("contacts_secret", "customer_secret")
    except WeComConfigError:
        return None
    return config


def render(username: str) -> None:
    config = configured()
    if config is None:
        return
    from wecom_sync import sync_wecom
    st.subheader(tr("wecomsync.title"))
    st.caption(tr("wecomsync.help"))
    last = read_state(engine(), "wecom").last_end
    st.caption(tr("wecomsync.last", day=last.isoformat()) if last else tr("wecomsync.never"))
    left, right = st.columns(2)
    start = left.date_input(tr("wecomsync.from"), value=None, key="wecom-from")
    end = right.date_input(tr("wecomsync.to"), value=None, key="wecom-to")
    if not st.button(tr("wecomsync.run"), key="wecom-sync", icon=":material/sync:"):
        return
    if start and end and start > end:
        st.error(tr("wecomsync.bad_dates"))
        return
    with st.status(tr("wecomsync.running"), expanded=True) as status:
        result = sync_wecom(engine(), start, end, config=config, imported_by=username,
                            progress=st.write)
        if result.ok:
            status.update(label=tr("wecomsync.done", start=result.start, end=result.end,
                                   calls=number(result.calls)), state="complete")
        else:
            status.update(label=tr("wecomsync.failed", start=result.start or "—",
                                   end=result.end or "—"), state="error")
    data.clear()   # every page shows the new data
    for kind, values in result.notes:
        st.warning(tr(f"wecomsync.warn.{kind}", **values))
    if result.exit_code == 2:
        st.error(tr("wecomsync.config", detail="; ".join(result.problems)))
    elif not result.ok:
        for p in result.problems:
            st.error(p)
    else:
        st.success(tr("wecomsync.done", start=result.start, end=result.end,
                      calls=number(result.calls)))
        table(pd.DataFrame([{tr("data.col.table"): name,
                             tr("data.col.inserted"): c.get("inserted", 0),
                             tr("data.col.updated"): c.get("updated", 0),
                             tr("data.col.unchanged"): c.get("unchanged", 0)}
                            for name, c in result.counts.items()]),
              "wecom-sync-counts", "wecom-sync-counts")
