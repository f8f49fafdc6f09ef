"""Administration: alert thresholds, default language and sign-in throttle (stored as
overrides of config/settings.toml), the users of the users file (read-only), their
sign-in state (sign out everywhere, unlock), the audit log and the import audit."""
from __future__ import annotations

import pandas as pd
import streamlit as st

import json

from auth import sessions
from data_access import audit as audit_trail
from data_access import auth_state, import_log
from data_access.settings_store import reset_settings, save_settings
from i18n import LANGUAGES
from metrics.settings import file_defaults
from ui import cached_people as cached
from ui import data, notify_admin
from ui.session import engine, settings, sign_in_policy, tr, users_config
from ui.gate import require_page
from ui.tables import table

user = require_page("admin")
st.title(tr("page.admin"))

# key -> (kind, min, max); rates are fractions 0..1, shown and stored as such
FIELDS = {
    "alerts.low_participation.threshold": ("rate", 0.0, 1.0),
    "alerts.low_conversion.threshold": ("rate", 0.0, 1.0),
    "alerts.low_conversion.min_leads": ("count", 0, 100000),
    "alerts.high_ratio": ("rate", 0.0, 1.0),
    "alerts.target_miss.ratio": ("rate", 0.0, 1.0),
    "alerts.reach_drop.drop": ("rate", 0.0, 1.0),
    "alerts.low_reach_per_share.ratio": ("rate", 0.0, 1.0),
    "alerts.low_reach_per_share.min_shares": ("count", 0, 100000),
    "alerts.unapproved_content.min_shares": ("count", 1, 100000),
    "alerts.suspected_gaming.min_shares": ("count", 1, 100000),
    "alerts.suspected_gaming.ctr_ratio": ("rate", 0.0, 1.0),
    "alerts.suspected_gaming.burst_shares": ("count", 2, 100000),
    "alerts.suspected_gaming.burst_minutes": ("count", 1, 1440),
    "alerts.suspected_gaming.lead_months": ("count", 1, 24),
    "alerts.suspected_gaming.lead_min": ("count", 1, 100000),
    "alerts.concentration.top_fraction": ("rate", 0.01, 1.0),
    "alerts.concentration.max_share": ("rate", 0.0, 1.0),
    "alerts.concentration.min_participants": ("count", 1, 100000),
    "alerts.partial_month.min_days": ("count", 1, 31),
    "value.cpm": ("money", 0.0, 1_000_000.0),
    "value.cpc": ("money", 0.0, 1_000_000.0),
    "app.default_language": ("language", None, None),
    "auth.max_failed_logins": ("count", 1, 100),
    "auth.lockout_minutes": ("count", 1, 1440),
    "auth.account_failed_logins": ("count", 1, 1000),
    "auth.account_max_delay_seconds": ("count", 1, 3600),
}


def widget_key(key: str) -> str:
    return "admin-setting-" + key


def check(key: str, value) -> str | None:
    """Why a value is refused, or None; number_input bounds already keep most out."""
    kind, low, high = FIELDS[key]
    if kind == "language":
        return None if value in LANGUAGES else tr("admin.bad_language")
    if value is None or not (low <= value <= high):
        return tr("admin.out_of_range", low=low, high=high)
    if kind == "count" and float(value) != int(value):
        return tr("admin.whole_number")
    return None


def reset_all() -> None:
    """Back to the file defaults (a callback, so the widgets can be reset before they draw)."""
    reset_settings(engine(), list(FIELDS), updated_by=user.username)   # audited
    for key in FIELDS:
        st.session_state.pop(widget_key(key), None)
    data.clear()
    st.session_state["admin-flash"] = tr("admin.reset_done")


# --- settings ---------------------------------------------------------------------------
st.subheader(tr("admin.settings"))
st.caption(tr("admin.settings_help"))
defaults, current = file_defaults(), settings().values
if flash := st.session_state.pop("admin-flash", None):
    st.success(flash)
# labels bound now: AppTest calls format_func where session state is not at hand
language_labels = {c: tr(f"admin.language.{c}") for c in LANGUAGES}
with st.form("admin-settings"):
    values = {}
    for key, (kind, low, high) in FIELDS.items():
        label, help_text = tr(f"admin.setting.{key}"), tr("admin.default_is", value=defaults[key])
        if kind == "language":
            values[key] = st.selectbox(label, LANGUAGES, index=LANGUAGES.index(
                current[key] if current[key] in LANGUAGES else "zh"),
                format_func=language_labels.get, key=widget_key(key),
                help=help_text)
        elif kind == "count":
            values[key] = st.number_input(label, min_value=low, max_value=high, step=1,
                                          value=int(current[key]), key=widget_key(key),
                                          help=help_text)
        elif kind == "money":
            values[key] = st.number_input(label, min_value=low, max_value=high, step=0.5,
                                          value=float(current[key]), format="%.2f",
                                          key=widget_key(key), help=help_text)
        else:
            values[key] = st.number_input(label, min_value=low, max_value=high, step=0.01,
                                          value=float(current[key]), format="%.2f",
                                          key=widget_key(key), help=help_text)
    saved = st.form_submit_button(tr("admin.save"), type="primary")
if saved:
    errors = {key: problem for key, value in values.items() if (problem := check(key, value))}
    if errors:
        for key, problem in errors.items():
            st.error(f"{tr(f'admin.setting.{key}')}: {problem}")
    else:
        save_settings(engine(), {key: int(value) if FIELDS[key][0] == "count" else value
                                 for key, value in values.items()},
                      defaults, updated_by=user.username)      # audited, one transaction
        data.clear()   # alerts are computed with the thresholds and cached
        st.success(tr("admin.saved"))
st.button(tr("admin.reset"), on_click=reset_all, key="admin-reset")

audit = import_log.settings_audit(engine())
table(pd.DataFrame([{
    tr("admin.col.setting"): tr(f"admin.setting.{key}"), tr("admin.col.key"): key,
    tr("admin.col.default"): str(defaults[key]),
    tr("admin.col.current"): str(audit[key]["value"] if key in audit else defaults[key]),
    tr("admin.col.changed_by"): audit[key]["updated_by"] or "—" if key in audit else "—",
    tr("admin.col.changed_at"): (audit[key]["updated_at"].strftime("%Y-%m-%d %H:%M")
                                 if key in audit and audit[key]["updated_at"] else "—")}
    for key in FIELDS]), "settings", "admin-settings-table")

# --- users ------------------------------------------------------------------------------
st.subheader(tr("admin.users"))
from auth.accounts import in_database
st.info(tr("accounts.admin_pointer" if in_database(engine()) else "admin.users_help"))
st.page_link("pages/accounts.py", label=tr("page.accounts"), icon=":material/manage_accounts:")
accounts = (users_config().get("credentials") or {}).get("usernames") or {}
table(pd.DataFrame([{
    tr("admin.col.username"): name,
    tr("admin.col.name"): " ".join(x for x in (entry.get("first_name"), entry.get("last_name"))
                                   if x) or name,
    tr("admin.col.roles"): ", ".join(tr(f"role.{r}") for r in entry.get("roles") or ()),
    tr("admin.col.departments"): ", ".join(str(d) for d in entry.get("departments") or ()) or "—"}
    for name, entry in accounts.items()]), "users", "admin-users")

# --- sign-in and sessions ---------------------------------------------------------------
st.subheader(tr("admin.sessions"))
policy = sign_in_policy()
st.caption(tr("admin.sessions_help", days=f"{policy.max_age_days:g}",
              failures=policy.max_failed_logins, minutes=f"{policy.lockout_minutes:g}"))
if flash := st.session_state.pop("admin-sessions-flash", None):
    st.success(flash)
states, now = auth_state.all_states(engine()), sessions.now()
throttles = sessions.account_throttles(engine(), list(accounts))


def when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else "—"


table(pd.DataFrame([{
    tr("admin.col.username"): name,
    tr("admin.col.failed_logins"): throttles[name].failures,
    tr("admin.col.locked_until"): when(throttles[name].blocked_until)
    if throttles[name].wait(now) > 0 else "—",
    tr("admin.col.sessions_valid_after"): when(states[name].sessions_valid_after)
    if name in states else "—"} for name in accounts]), "sessions", "admin-sessions")
picked = st.selectbox(tr("admin.pick_user"), list(accounts), key="admin-session-user")
left, middle, right = st.columns(3)
if left.button(tr("admin.sign_out_user"), key="admin-sign-out-user", icon=":material/logout:"):
    sessions.end_sessions(engine(), [picked], actor=user.username)
    st.session_state["admin-sessions-flash"] = tr("admin.signed_out", user=picked)
    st.rerun()
if middle.button(tr("admin.unlock"), key="admin-unlock", icon=":material/lock_open:"):
    sessions.unlock(engine(), picked, actor=user.username)
    st.session_state["admin-sessions-flash"] = tr("admin.unlocked", user=picked)
    st.rerun()
if right.button(tr("admin.sign_out_all"), key="admin-sign-out-all", icon=":material/logout:",
                type="primary"):
    sessions.end_sessions(engine(), list(accounts), actor=user.username)
    st.rerun()           # this session too is signed out on the next run

notify_admin.render(user)      # notifications: send log and a test message per channel

# --- audit log --------------------------------------------------------------------------
st.subheader(tr("admin.audit"))
st.caption(tr("admin.audit_help"))
events = audit_trail.events(engine())
if not events:
    st.caption(tr("admin.audit_empty"))
else:
    table(pd.DataFrame([{
        tr("admin.col.at"): e["at"].strftime("%Y-%m-%d %H:%M:%S") if e["at"] else "—",
        tr("admin.col.actor"): e["actor"] or "—",
        tr("admin.col.action"): tr(f"audit.action.{e['action']}"),
        tr("admin.col.details"): json.dumps(e["details"], ensure_ascii=False, default=str),
        tr("admin.col.audit_counts"): json.dumps(e["counts"], ensure_ascii=False)
        if e["counts"] else "—",
        tr("admin.col.import_run"): str(e["import_run_id"]) if e["import_run_id"] else "—"}
        for e in events]), "audit-log", "admin-audit-log")

# --- import audit -----------------------------------------------------------------------
st.subheader(tr("admin.import_audit"))
history = cached.import_history()
if not history:
    st.caption(tr("data.no_history"))
else:
    def counts_text(counts: dict) -> str:
        return "; ".join(f"{t}: +{c.get('inserted', 0)} ~{c.get('updated', 0)} "
                         f"={c.get('unchanged', 0)}" for t, c in counts.items()) or "—"

    table(pd.DataFrame([{
        tr("data.col.when"): r["started_at"].strftime("%Y-%m-%d %H:%M") if r["started_at"] else "—",
        tr("data.col.who"): r["imported_by"] or "—",
        tr("data.col.source"): r["source"],
        tr("data.col.files"): ", ".join(r["files"]),
        tr("data.col.status"): tr(f"data.status.{r['status']}"),
        tr("admin.col.counts"): counts_text(r["counts"]),
        tr("data.col.problems"): r["error_count"]} for r in history]),
        "import-audit", "admin-import-audit")
    st.caption(tr("admin.counts_legend"))
