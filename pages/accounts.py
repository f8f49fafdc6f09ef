"""Accounts (administrators): the accounts kept in the database - list, add, roles,
departments (the directory's and an administrator's), disable/enable, password reset - and
which sign-in methods the login page offers. Rules live in data_access.users_store and
auth.accounts; this page lays them out."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from auth import accounts
from data_access import reference, users_store
from data_access.settings_store import save_settings
from data_access.users_store import ROLES, AccountError
from metrics.settings import file_defaults
from ui import data
from ui.gate import require_page
from ui.session import engine, lang, settings, tr, users_file
from ui.tables import table

user = require_page("accounts")
st.title(tr("page.accounts"))
FLASH = "accounts-flash"


def refused(exc: AccountError) -> None:
    st.error(tr(f"accounts.error.{exc.code}", **exc.values), icon=":material/block:")


def flash(text: str) -> None:
    st.session_state[FLASH] = text
    st.rerun()


if message := st.session_state.pop(FLASH, None):
    st.success(message)

# widgets whose options are shown in the user's language carry it in their key: a switch of
# language draws them anew (a kept selection would still show, and mean, the old labels)
L = f"-{lang()}"
role_labels = {r: tr(f"role.{r}") for r in ROLES}
lang_labels = {None: tr("accounts.lang.default"), "zh": tr("admin.language.zh"),
               "en": tr("admin.language.en")}

# --- accounts still in the users file: offer the one-time import -------------------------------
if not accounts.in_database(engine()):
    from auth.users import load_users_config
    st.info(tr("accounts.file_source", file=users_file().name))
    if st.button(tr("accounts.import_file"), key="accounts-import", type="primary",
                 icon=":material/upload:"):
        try:
            result = users_store.import_users(engine(), load_users_config(users_file()),
                                              actor=user.username)
        except AccountError as exc:
            refused(exc)
        else:
            flash(tr("accounts.imported", added=len(result["added"])))
    st.stop()

all_accounts = users_store.list_accounts(engine())
departments = {d.department_id: d.name for d in reference.departments(engine())}


def department_label(dept: str) -> str:
    return f"{departments[dept]} ({dept})" if dept in departments else dept


def when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else tr("accounts.never")


def ways(a) -> str:
    found = [m for m, on in (("password", a.has_password), ("oidc", a.oidc_identity),
                             ("wecom", a.wecom_userid)) if on]
    return ", ".join(tr(f"accounts.via.{m}") for m in found) or "—"


# --- the list ----------------------------------------------------------------------------------
st.subheader(tr("accounts.list"))
table(pd.DataFrame([{
    tr("accounts.col.username"): a.username,
    tr("accounts.col.name"): a.display_name,
    tr("accounts.col.roles"): ", ".join(role_labels[r] for r in sorted(a.effective_roles))
    or tr("accounts.no_role"),
    tr("accounts.col.departments"): ", ".join(
        f"{department_label(d)} · {tr(f'accounts.source.{src}')}"
        for d, src in a.departments.items()) or "—",
    tr("accounts.col.enabled"): tr("accounts.enabled" if a.enabled else "accounts.disabled"),
    tr("accounts.col.language"): lang_labels.get(a.language, a.language),
    tr("accounts.col.sign_in"): ways(a),
    tr("accounts.col.last_sign_in"): when(a.last_sign_in_at)} for a in all_accounts]),
    "accounts", "accounts-table")

# --- add -------------------------------------------------------------------------------------
with st.expander(tr("accounts.add"), icon=":material/person_add:"):
    with st.form("accounts-add", clear_on_submit=False):
        new_name = st.text_input(tr("accounts.field.username"), key="accounts-add-username")
        new_display = st.text_input(tr("accounts.field.name"), key="accounts-add-name")
        new_email = st.text_input(tr("accounts.field.email"), key="accounts-add-email")
        new_roles = st.multiselect(tr("accounts.field.roles"), ROLES,
                                   format_func=role_labels.get, key="accounts-add-roles" + L,
                                   placeholder=tr("accounts.choose"))
        new_depts = st.multiselect(tr("accounts.field.departments"), list(departments),
                                   format_func=department_label, key="accounts-add-depts" + L,
                                   placeholder=tr("accounts.choose"),
                                   help=tr("accounts.field.departments_help"))
        new_lang = st.selectbox(tr("accounts.field.language"), [None, "zh", "en"],
                                format_func=lang_labels.get, key="accounts-add-lang" + L)
        new_employee = st.text_input(tr("accounts.field.employee_id"), key="accounts-add-employee")
        new_wecom = st.text_input(tr("accounts.field.wecom_userid"), key="accounts-add-wecom")
        new_oidc = st.text_input(tr("accounts.field.oidc_identity"), key="accounts-add-oidc")
        new_password = st.text_input(tr("accounts.field.password"), type="password",
                                     key="accounts-add-password", autocomplete="new-password")
        add = st.form_submit_button(tr("accounts.add_submit"), type="primary")
    if add:
        try:
            if new_password:
                problem = accounts.password_problem(new_password)
                if problem:
                    raise AccountError(f"password_{problem}")
            added = users_store.add_account(
                engine(), new_name, display_name=new_display, email=new_email, roles=new_roles,
                departments=new_depts, language=new_lang, employee_id=new_employee,
                wecom_userid=new_wecom, oidc_identity=new_oidc,
                password_hash=accounts.hash_password(new_password) if new_password else None,
                actor=user.username)
        except AccountError as exc:
            refused(exc)
        else:
            for key in [k for k in st.session_state if str(k).startswith("accounts-add-")]:
                del st.session_state[key]
            flash(tr("accounts.added", username=added.username))

# --- change one --------------------------------------------------------------------------------
st.subheader(tr("accounts.edit"))
names = [a.username for a in all_accounts]
picked_name = st.selectbox(tr("accounts.pick"), names, key="accounts-pick",
                           format_func=lambda n: next(f"{a.display_name} ({a.username})"
                                                      for a in all_accounts if a.username == n))
picked = next(a for a in all_accounts if a.username == picked_name)
k = f"accounts-{picked.username}"     # widget keys per account: a new pick shows its values

with st.form(f"{k}-roles"):
    roles = st.multiselect(tr("accounts.field.roles"), ROLES, default=sorted(picked.roles),
                           format_func=role_labels.get, key=f"{k}-roles-value{L}",
                           placeholder=tr("accounts.choose"))
    options = sorted(set(departments) | set(picked.departments))
    depts = st.multiselect(tr("accounts.field.departments"), options,
                           default=list(picked.departments), format_func=department_label,
                           key=f"{k}-depts-value{L}", help=tr("accounts.field.departments_help"),
                           placeholder=tr("accounts.choose"))
    save_roles = st.form_submit_button(tr("accounts.save_roles"), type="primary")
if save_roles:
    try:
        users_store.set_roles(engine(), picked.username, roles, actor=user.username)
        users_store.set_departments(engine(), picked.username, depts, actor=user.username)
    except AccountError as exc:
        refused(exc)
    else:
        flash(tr("accounts.saved", username=picked.username))

with st.form(f"{k}-profile"):
    display = st.text_input(tr("accounts.field.name"), value=picked.display_name,
                            key=f"{k}-name")
    email = st.text_input(tr("accounts.field.email"), value=picked.email or "", key=f"{k}-email")
    language = st.selectbox(tr("accounts.field.language"), [None, "zh", "en"],
                            index=[None, "zh", "en"].index(picked.language),
                            format_func=lang_labels.get, key=f"{k}-lang{L}")
    employee = st.text_input(tr("accounts.field.employee_id"), value=picked.employee_id or "",
                             key=f"{k}-employee")
    wecom = st.text_input(tr("accounts.field.wecom_userid"), value=picked.wecom_userid or "",
                          key=f"{k}-wecom")
    oidc = st.text_input(tr("accounts.field.oidc_identity"), value=picked.oidc_identity or "",
                         key=f"{k}-oidc")
    save_profile = st.form_submit_button(tr("accounts.save_profile"))
if save_profile:
    try:
        users_store.update_profile(engine(), picked.username, actor=user.username,
                                   display_name=display, email=email, language=language,
                                   employee_id=employee, wecom_userid=wecom, oidc_identity=oidc)
    except AccountError as exc:
        refused(exc)
    else:
        flash(tr("accounts.saved", username=picked.username))

left, right = st.columns(2)
if left.button(tr("accounts.reset_departments"), key=f"{k}-reset-depts",
               icon=":material/account_tree:"):
    users_store.reset_departments(engine(), picked.username, actor=user.username)
    flash(tr("accounts.saved", username=picked.username))
toggle = "accounts.enable" if not picked.enabled else "accounts.disable"
if right.button(tr(toggle), key=f"{k}-toggle",
                icon=":material/person_off:" if picked.enabled else ":material/person:"):
    try:
        users_store.set_enabled(engine(), picked.username, not picked.enabled,
                                actor=user.username)
    except AccountError as exc:
        refused(exc)
    else:
        flash(tr("accounts.now_disabled" if picked.enabled else "accounts.now_enabled",
                 username=picked.username))

with st.form(f"{k}-password", clear_on_submit=True):
    st.markdown(f"**{tr('accounts.reset_password')}**")
    new = st.text_input(tr("accounts.new_password"), type="password", key=f"{k}-new-password",
                        autocomplete="new-password")
    reset = st.form_submit_button(tr("accounts.reset_password"), icon=":material/key:")
if reset:
    try:
        accounts.reset_password(engine(), picked.username, new, actor=user.username)
    except AccountError as exc:
        refused(exc)
    else:
        flash(tr("accounts.password_was_reset", username=picked.username))

# --- sign-in methods ---------------------------------------------------------------------------
st.subheader(tr("accounts.methods"))
st.caption(tr("accounts.methods_help"))
current, defaults = settings().values, file_defaults()
with st.form("accounts-methods"):
    chosen = {f"auth.{m}_sign_in": st.checkbox(tr(f"accounts.method.{m}"),
                                               value=bool(current.get(f"auth.{m}_sign_in")),
                                               key=f"accounts-method-{m}")
              for m in accounts.METHODS}
    create_unknown = st.checkbox(tr("accounts.oidc_create_unknown"),
                                 value=bool(current.get("auth.oidc_create_unknown")),
                                 key="accounts-oidc-create")
    roles_claim = st.text_input(tr("accounts.oidc_roles_claim"),
                                value=str(current.get("auth.oidc_roles_claim") or ""),
                                key="accounts-oidc-roles-claim")
    save_methods = st.form_submit_button(tr("accounts.methods_save"))
if save_methods:
    if not any(chosen.values()):
        st.error(tr("accounts.methods_none"))
    else:
        save_settings(engine(), {**chosen, "auth.oidc_create_unknown": create_unknown,
                                 "auth.oidc_roles_claim": roles_claim.strip()},
                      defaults, updated_by=user.username)          # audited
        data.clear()
        flash(tr("accounts.methods_saved"))
