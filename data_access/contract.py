"""The tracking-data contract (spec section 1): tables, columns, keys.

One description serves the importer, the import templates and the tests.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["text", "date", "timestamp", "bool", "int", "amount", "month", "score", "enum"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    # (table, column) this column refers to, checked against the import and the database
    references: tuple[str, str] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # import order: referenced tables first
    depends_on: tuple[str, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


PHASES = ("launch", "pilot", "promotion", "optimization")
REVIEW_STATUSES = ("approved", "pending", "rejected")
LEAD_STATUSES = ("open", "won", "lost")

# Names usable in targets.metric (spec section 3).
METRIC_NAMES = (
    "headcount", "participants", "participation_rate", "shares", "shares_per_capita", "reach",
    "clicks", "ctr", "leads", "won", "conversion_rate", "revenue", "stories", "trained_rate",
    "activated_rate", "enps",
)

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("departments", (
        Column("department_id", required=True),
        Column("name", required=True),
        Column("in_pilot", "bool"),
        # checked against the import and the database like any reference, but not a
        # foreign key: departments are written before the employees that lead them
        Column("head_employee_id", references=("employees", "employee_id")),
    ), key=("department_id",)),
    Table("employees", (
        Column("employee_id", required=True),
        Column("name", required=True),
        Column("department_id", required=True, references=("departments", "department_id")),
        Column("position"),
        Column("hired_on", "date", required=True),
        Column("left_on", "date"),
        Column("tools_activated_on", "date"),
    ), key=("employee_id",), depends_on=("departments",)),
    Table("trainings", (
        Column("employee_id", required=True, references=("employees", "employee_id")),
        Column("session", required=True),
        Column("attended_on", "date", required=True),
    ), key=("employee_id", "session"), depends_on=("employees",)),
    Table("content", (
        Column("content_id", required=True),
        Column("title", required=True),
        Column("content_type"),
        Column("owner_department_id", references=("departments", "department_id")),
        Column("review_status", "enum", required=True, choices=REVIEW_STATUSES),
        Column("published_on", "date"),
        Column("url"),   # the link shared, to match synced shares (e.g. WeCom Moments)
    ), key=("content_id",), depends_on=("departments",)),
    Table("shares", (
        Column("share_id", required=True),
        Column("employee_id", required=True, references=("employees", "employee_id")),
        Column("content_id", references=("content", "content_id")),
        Column("channel", required=True),
        Column("shared_at", "timestamp", required=True),
        Column("reach", "int", required=True),
        Column("clicks", "int"),   # empty = not known (WeCom reports none); see share_clicks
    ), key=("share_id",), depends_on=("employees", "content")),
    # clicks measured later by the company's link tracking: each row sets its share's clicks
    Table("share_clicks", (
        Column("share_id", required=True, references=("shares", "share_id")),
        Column("clicks", "int", required=True),
    ), key=("share_id",), depends_on=("shares",)),
    Table("leads", (
        Column("lead_id", required=True),
        Column("employee_id", required=True, references=("employees", "employee_id")),
        Column("share_id", references=("shares", "share_id")),
        Column("created_at", "timestamp", required=True),
        Column("status", "enum", required=True, choices=LEAD_STATUSES),
        Column("closed_at", "timestamp"),
        Column("deal_amount", "amount"),
    ), key=("lead_id",), depends_on=("employees", "shares")),
    Table("stories", (
        Column("story_id", required=True),
        Column("employee_id", required=True, references=("employees", "employee_id")),
        Column("collected_on", "date", required=True),
    ), key=("story_id",), depends_on=("employees",)),
    Table("phases", (
        Column("phase", "enum", required=True, choices=PHASES),
        Column("start_date", "date", required=True),
        Column("end_date", "date", required=True),
    ), key=("phase",)),
    Table("targets", (
        Column("month", "month", required=True),
        Column("department_id", references=("departments", "department_id")),
        Column("metric", "enum", required=True, choices=METRIC_NAMES),
        Column("target", "amount", required=True),
    ), key=("month", "department_id", "metric"), depends_on=("departments",)),
    Table("pulse", (
        Column("response_id", required=True),
        Column("department_id", required=True, references=("departments", "department_id")),
        Column("answered_on", "date", required=True),
        Column("score", "score", required=True),
    ), key=("response_id",), depends_on=("departments",)),
)}

# Order in which tables are validated and written: every table after those it refers to.
IMPORT_ORDER = ("departments", "employees", "trainings", "content", "shares", "share_clicks",
                "leads", "stories", "phases", "targets", "pulse")
assert set(IMPORT_ORDER) == set(TABLES)
