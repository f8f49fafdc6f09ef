"""Administration: the notification send log and a test message per channel."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from auth.roles import User
from data_access import notify_log
from notify.channels import CHANNELS, build_channels
from notify.recipients import Recipient, group_recipient
from notify.run import send_test
from notify.settings import NotifySettings

from .session import engine, lang, settings, tr, users_config
from .tables import table


def _me(user: User) -> Recipient:
    """The administrator as a test recipient: their address from the users file."""
    entry = ((users_config().get("credentials") or {}).get("usernames") or {}).get(
        user.username) or {}
    return Recipient(user.username, user.name, "test", lang(),
                     email=str(entry.get("email") or ""),
                     wecom_userid=str(entry.get("wecom_userid") or ""))


def render(user: User) -> None:
    st.subheader(tr("notify.admin.title"))
    st.caption(tr("notify.admin.help"))
    config = NotifySettings.load()
    configured = config.configured()
    for name in CHANNELS:
        label = tr(f"notify.admin.channel.{name}")
        left, right = st.columns([3, 2], vertical_alignment="center")
        left.markdown(f"**{label}** · " + (tr("notify.admin.configured") if configured[name]
                                            else tr("notify.admin.not_configured")))
        clicked = right.button(tr("notify.admin.test_button"), key=f"notify-test-{name}",
                               disabled=not configured[name], icon=":material/send:")
        if clicked:
            try:
                channel = build_channels(config, only={name})[name]
            except ValueError as exc:
                st.error(tr("notify.admin.bad_config", channel=label, detail=str(exc)))
                continue
            who = replace(group_recipient(settings().text("app.default_language")),
                          kind="test") if channel.audience == "group" else _me(user)
            outcome = send_test(engine(), channel, who, config.base_url)
            if outcome.status == "sent":
                st.success(tr("notify.admin.test_sent", channel=label, detail=outcome.detail))
            elif outcome.status == "no_address":
                st.warning(tr("notify.admin.no_address"))
            else:
                st.error(tr("notify.admin.test_failed", channel=label, detail=outcome.detail))
    rows = notify_log.entries(engine())
    if not rows:
        st.caption(tr("notify.admin.log_empty"))
        return
    table(pd.DataFrame([{
        tr("notify.admin.col.at"): r["created_at"].strftime("%Y-%m-%d %H:%M:%S"),
        tr("notify.admin.col.recipient"): r["recipient"],
        tr("notify.admin.col.channel"): tr(f"notify.admin.channel.{r['channel']}"),
        tr("notify.admin.col.period"): r["period"],
        tr("notify.admin.col.part"): f"{r['part']}/{r['parts']}",
        tr("notify.admin.col.attempt"): r["attempt"],
        tr("notify.admin.col.status"): tr(f"notify.status.{r['status']}"),
        tr("notify.admin.col.hash"): r["digest_hash"][:12],
        tr("notify.admin.col.detail"): r["detail"] or "—"} for r in rows]),
        "notify-log", "admin-notify-log")
