"""Portable SQL functions the query layer needs, compiled per database."""
from __future__ import annotations

from sqlalchemy import Date, String, case, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class week_start(FunctionElement):
    """The Monday of the week of a date or timestamp, as a date."""
    type = Date()
    inherit_cache = True
    name = "week_start"


@compiles(week_start, "sqlite")
def _week_start_sqlite(element, compiler, **kw):
    # 'weekday 0' moves forward to Sunday (or stays there); six days back is that week's Monday
    return "date(%s, 'weekday 0', '-6 days')" % compiler.process(element.clauses, **kw)


@compiles(week_start, "postgresql")
def _week_start_postgresql(element, compiler, **kw):
    return "CAST(date_trunc('week', %s) AS DATE)" % compiler.process(element.clauses, **kw)


class month_key(FunctionElement):
    """The 'YYYY-MM' month of a date or timestamp, as text (the rollups' month key)."""
    type = String(7)
    inherit_cache = True
    name = "month_key"


@compiles(month_key, "sqlite")
def _month_key_sqlite(element, compiler, **kw):
    # SQLite keeps dates and timestamps as ISO text: 'YYYY-MM-DD[ HH:MM:SS...]'
    return "substr(%s, 1, 7)" % compiler.process(element.clauses, **kw)


@compiles(month_key, "postgresql")
def _month_key_postgresql(element, compiler, **kw):
    return "to_char(%s, 'YYYY-MM')" % compiler.process(element.clauses, **kw)


def count_if(condition):
    """How many rows of the group meet `condition` (0 for no rows)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
