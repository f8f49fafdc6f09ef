"""SQLAlchemy models of the tracking tables (spec section 1) and the app's own records."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric,
                        String, Text, func, text)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID = String(64)
Money = Numeric(18, 2)


class Base(DeclarativeBase):
    pass


class Department(Base):
    __tablename__ = "departments"
    department_id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    in_pilot: Mapped[bool] = mapped_column(Boolean, default=False)
    # who leads it (optional); no foreign key: departments are imported before employees
    head_employee_id: Mapped[str | None] = mapped_column(String(64))


class Employee(Base):
    __tablename__ = "employees"
    employee_id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[str] = mapped_column(ForeignKey("departments.department_id"), index=True)
    position: Mapped[str | None] = mapped_column(String(200))
    hired_on: Mapped[dt.date] = mapped_column(Date)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    tools_activated_on: Mapped[dt.date | None] = mapped_column(Date)


class Training(Base):
    __tablename__ = "trainings"
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.employee_id"), primary_key=True)
    session: Mapped[str] = mapped_column(String(200), primary_key=True)
    attended_on: Mapped[dt.date] = mapped_column(Date)


class Content(Base):
    __tablename__ = "content"
    content_id: Mapped[str] = mapped_column(ID, primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    content_type: Mapped[str | None] = mapped_column(String(100))
    owner_department_id: Mapped[str | None] = mapped_column(ForeignKey("departments.department_id"))
    review_status: Mapped[str] = mapped_column(String(20))
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(2000))   # the link shared (optional)


class Share(Base):
    __tablename__ = "shares"
    share_id: Mapped[str] = mapped_column(ID, primary_key=True)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.employee_id"))
    # no index on content_id: every content query is bounded by shared_at (a month), and each
    # index on this, the largest table, costs import time (dropped in migration 0002)
    content_id: Mapped[str | None] = mapped_column(ForeignKey("content.content_id"))
    channel: Mapped[str] = mapped_column(String(100))
    shared_at: Mapped[dt.datetime] = mapped_column(DateTime)
    reach: Mapped[int] = mapped_column(Integer)
    clicks: Mapped[int | None] = mapped_column(Integer)   # NULL = not known (spec: empty clicks)
    __table_args__ = (
        # a month's shares from the index alone: by content and employee (alerts, data
        # span), and their reach and clicks (the rollup refresh). Deliberately no index by
        # employee: a week's new shares land all over one, so every import rewrote most of
        # its pages (dropped in migration 0007)
        Index("ix_shares_month_content", "shared_at", "content_id", "employee_id", "reach",
              "clicks"),
    )


class ShareClicks(Base):
    """Clicks measured later (spec table share_clicks). Kept, not only applied to shares, so
    that a share imported again with its clicks empty (every WeCom sync) keeps them."""
    __tablename__ = "share_clicks"
    share_id: Mapped[str] = mapped_column(ForeignKey("shares.share_id"), primary_key=True)
    clicks: Mapped[int] = mapped_column(Integer)


class Lead(Base):
    __tablename__ = "leads"
    lead_id: Mapped[str] = mapped_column(ID, primary_key=True)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.employee_id"))
    share_id: Mapped[str | None] = mapped_column(ForeignKey("shares.share_id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(10))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    deal_amount: Mapped[Decimal | None] = mapped_column(Money)
    __table_args__ = (
        Index("ix_leads_created_at", "created_at"),
        Index("ix_leads_employee_facts", "employee_id", "created_at", "status"),   # covering, idem
        Index("ix_leads_closed_at", "closed_at"),
        # revenue per employee-month (rollup refresh): won deals only, covering
        Index("ix_leads_employee_won", "employee_id", "closed_at", "deal_amount",
              sqlite_where=text("status = 'won'"), postgresql_where=text("status = 'won'")),
    )


class Story(Base):
    __tablename__ = "stories"
    story_id: Mapped[str] = mapped_column(ID, primary_key=True)
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.employee_id"))
    collected_on: Mapped[dt.date] = mapped_column(Date)
    __table_args__ = (
        Index("ix_stories_collected_on", "collected_on"),
        Index("ix_stories_employee_collected_on", "employee_id", "collected_on"),
    )


class Phase(Base):
    __tablename__ = "phases"
    phase: Mapped[str] = mapped_column(String(20), primary_key=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)


class Target(Base):
    """Keyed by month + department + metric; an empty department is the company-wide target.

    A surrogate key because SQL unique constraints treat NULLs as distinct; the
    natural key is enforced by a unique index on coalesce(department_id, '').
    """
    __tablename__ = "targets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    month: Mapped[str] = mapped_column(String(7))
    department_id: Mapped[str | None] = mapped_column(ForeignKey("departments.department_id"))
    metric: Mapped[str] = mapped_column(String(40))
    target: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    __table_args__ = (
        Index("uq_targets_month_department_metric", "month",
              func.coalesce(department_id, ""), "metric", unique=True),
    )


class PulseResponse(Base):
    __tablename__ = "pulse"
    response_id: Mapped[str] = mapped_column(ID, primary_key=True)
    department_id: Mapped[str] = mapped_column(ForeignKey("departments.department_id"))
    answered_on: Mapped[dt.date] = mapped_column(Date)
    score: Mapped[int] = mapped_column(Integer)
    __table_args__ = (Index("ix_pulse_answered_on", "answered_on"),)


class EmployeeMonth(Base):
    """Rollup: one employee's additive facts of one month, kept by data_access.rollups.

    Derived from shares, leads and stories only (never imported): shares / reach / clicks
    by shared_at, leads / won by created_at, revenue = deal_amount of won leads by
    closed_at (so a row may hold only revenue), stories by collected_on. Keyed by
    employee, not department, so a department change needs no refresh: the department
    is joined from employees at query time. A missing row means all zeros.
    """
    __tablename__ = "employee_month"
    month: Mapped[str] = mapped_column(String(7), primary_key=True)   # YYYY-MM
    employee_id: Mapped[str] = mapped_column(ForeignKey("employees.employee_id"), primary_key=True)
    shares: Mapped[int] = mapped_column(Integer)
    reach: Mapped[int] = mapped_column(BigInteger)
    clicks: Mapped[int] = mapped_column(BigInteger)
    leads: Mapped[int] = mapped_column(Integer)
    won: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[Decimal] = mapped_column(Numeric(20, 2))
    stories: Mapped[int] = mapped_column(Integer)
    # reach of the shares whose clicks are known: ctr = clicks / ctr_reach (spec section 3)
    ctr_reach: Mapped[int] = mapped_column(BigInteger)


class DepartmentMonth(Base):
    """Rollup: one department's event facts of one month, kept by data_access.rollups.

    The employee_month rows of the month summed by the employee's current department, and
    participants: those rows with shares, leads or stories whose employee is in the
    month's headcount. So it is refreshed for the months an import touches, and in full
    whenever employees change (a move, a hiring or leaving date). A missing row means zeros.
    """
    __tablename__ = "department_month"
    month: Mapped[str] = mapped_column(String(7), primary_key=True)   # YYYY-MM
    department_id: Mapped[str] = mapped_column(ForeignKey("departments.department_id"),
                                               primary_key=True)
    employee_months: Mapped[int] = mapped_column(Integer)   # employee_month rows summed here
    participants: Mapped[int] = mapped_column(Integer)
    shares: Mapped[int] = mapped_column(BigInteger)
    reach: Mapped[int] = mapped_column(BigInteger)
    clicks: Mapped[int] = mapped_column(BigInteger)
    leads: Mapped[int] = mapped_column(BigInteger)
    won: Mapped[int] = mapped_column(BigInteger)
    revenue: Mapped[Decimal] = mapped_column(Numeric(20, 2))
    stories: Mapped[int] = mapped_column(BigInteger)
    ctr_reach: Mapped[int] = mapped_column(BigInteger)


class ImportRun(Base):
    """One record per import attempt: when, who, which files, what it did."""
    __tablename__ = "import_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(500))
    files: Mapped[str] = mapped_column(Text)          # JSON list of file / sheet names
    status: Mapped[str] = mapped_column(String(20))   # imported | refused
    counts: Mapped[str] = mapped_column(Text)         # JSON {table: {inserted, updated, unchanged}}
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_by: Mapped[str | None] = mapped_column(String(200))


class SyncState(Base):
    """Where a sync from an outside system stopped (data_access.sync_state): the last day of
    its last successful window, and what it learnt that fits no tracking table (JSON)."""
    __tablename__ = "sync_state"
    source: Mapped[str] = mapped_column(String(50), primary_key=True)   # e.g. "wecom"
    last_end: Mapped[dt.date | None] = mapped_column(Date)
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SyncCheckpoint(Base):
    """What an unfinished sync already fetched (data_access.sync_state): per source and
    window, one answer per key, so a run interrupted half-way resumes without asking again.
    Never tracking data: the tracking tables get nothing until a run completes."""
    __tablename__ = "sync_checkpoint"
    source: Mapped[str] = mapped_column(String(50), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window: Mapped[str] = mapped_column(String(30))
    value: Mapped[str] = mapped_column(Text)          # JSON


class SettingOverride(Base):
    """A setting an administrator changed; defaults live in config/settings.toml."""
    __tablename__ = "setting_overrides"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)          # JSON
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_by: Mapped[str | None] = mapped_column(String(200))



class UserSessionState(Base):
    """Per-user sign-in state the server keeps (data_access.auth_state; rules in auth.sessions).

    A sign-in (password or cookie) issued before sessions_valid_after is refused: logout,
    "sign out everywhere" and a changed password hash set it to now. failed_logins and
    locked_until are no longer written (wrong passwords are throttled: login_throttle);
    an administrator's unlock still clears them.
    """
    __tablename__ = "user_sessions_state"
    username: Mapped[str] = mapped_column(String(200), primary_key=True)
    sessions_valid_after: Mapped[dt.datetime | None] = mapped_column(DateTime)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    password_fingerprint: Mapped[str | None] = mapped_column(String(64))  # sha256 of the hash
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    """Who did what, when: imports, settings changes, sign-outs, lockouts (data_access.audit)."""
    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50), index=True)
    details: Mapped[str] = mapped_column(Text)          # JSON object
    counts: Mapped[str | None] = mapped_column(Text)    # JSON, e.g. rows per table of an import
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id"))

class NotifySend(Base):
    """One delivery attempt of one digest part to one recipient on one channel
    (data_access.notify_log; rules in notify.run). The row is written, status "pending",
    before the message leaves and updated to "sent" or "failed" after, so a rerun of the
    period skips what was sent; a row left "pending" is a run that stopped in between."""
    __tablename__ = "notify_sends"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(200))     # username, or "group"
    channel: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(20))         # YYYY-MM, YYYY-Www or "test"
    kind: Mapped[str] = mapped_column(String(20))           # head | committee | marketing | test
    part: Mapped[int] = mapped_column(Integer)
    parts: Mapped[int] = mapped_column(Integer)
    attempt: Mapped[int] = mapped_column(Integer)
    digest_hash: Mapped[str] = mapped_column(String(64))
    address: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))         # pending | sent | failed
    detail: Mapped[str | None] = mapped_column(Text)        # the platform's answer or error
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    __table_args__ = (
        Index("uq_notify_sends_attempt", "recipient", "channel", "period", "part", "attempt",
              unique=True),
    )


class AlertFollowUp(Base):
    """The follow-up state of one alert (type, department, metric), carried over while it
    recurs (data_access.followups; rules in metrics.followup). History: audit_events."""
    __tablename__ = "alert_followups"
    type: Mapped[str] = mapped_column(String(40), primary_key=True)
    department_id: Mapped[str] = mapped_column(String(64), primary_key=True)   # "" = company
    metric: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))          # acknowledged | resolved
    month: Mapped[str] = mapped_column(String(7))            # the month acted on
    note: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))   # display name
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(200))     # username
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Account(Base):
    """A user of the dashboard (data_access.users_store; rules in auth.accounts)."""
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String(200), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    password_hash: Mapped[str | None] = mapped_column(String(200))   # bcrypt; None = no password
    language: Mapped[str | None] = mapped_column(String(8))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    employee_id: Mapped[str | None] = mapped_column(String(64), index=True)
    wecom_userid: Mapped[str | None] = mapped_column(String(64), unique=True)
    oidc_identity: Mapped[str | None] = mapped_column(String(320), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class AccountRole(Base):
    __tablename__ = "user_roles"
    username: Mapped[str] = mapped_column(ForeignKey("users.username", ondelete="CASCADE"),
                                          primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class AccountDepartment(Base):
    """An administrator's choice about one department of a user: "grant" adds it, "deny"
    takes away what the directory (departments.head_employee_id) would give."""
    __tablename__ = "user_departments"
    username: Mapped[str] = mapped_column(ForeignKey("users.username", ondelete="CASCADE"),
                                          primary_key=True)
    department_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    access: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_by: Mapped[str | None] = mapped_column(String(200))


class SignInState(Base):
    """The `state` of one OAuth redirect (its SHA-256), usable once, for a short while."""
    __tablename__ = "sign_in_states"
    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


TRACKING_MODELS = {
    "departments": Department, "employees": Employee, "trainings": Training, "content": Content,
    "shares": Share, "share_clicks": ShareClicks, "leads": Lead, "stories": Story, "phases": Phase, "targets": Target,
    "pulse": PulseResponse,
}


class LoginThrottle(Base):
    """Failed sign-ins in a row of one key: "account:<typed username>" (known or not, so the
    answer never tells which exist) or "client:<address>" (data_access.login_throttle; rules
    in auth.sessions). The next attempt of the key is refused before blocked_until."""
    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[dt.datetime] = mapped_column(DateTime)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
