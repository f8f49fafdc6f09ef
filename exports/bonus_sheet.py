"""The monthly bonus sheet as an .xlsx workbook for payroll (page download and
`manage.py bonuses` write exactly these bytes).

Sheets: one line per person per rule (employee, department, rule, the figure the rule
looked at, amount), the total per person, the total per rule with a grand total. Text
cells are always text (a name like "=1+1" is never a formula), amounts are numbers with
two decimals. People flagged by a suspected-gaming rule are marked in a check column.
"""
from __future__ import annotations

import io
from decimal import Decimal

from i18n import metric_name, t
from metrics.incentives import BonusLine, IncentiveRules, totals_by_person, totals_by_rule

from .xlsx import new_workbook, write_table

MONEY = "#,##0.00"


def _metric(metric: str, lang: str) -> str:
    return t("bonus.metric.score", lang) if metric == "score" else metric_name(metric, lang)


def line_rows(lines: list[BonusLine], lang: str, names: dict[str, str], currency: str,
              flagged: set[str] = frozenset()) -> tuple[list[str], list[list]]:
    """(headers, rows) of the bonus lines, as the workbook and the page show them."""
    headers = [t(k, lang) for k in (
        "bonus.col.employee_id", "bonus.col.name", "col.department_id", "col.department",
        "bonus.col.position", "bonus.col.rule_id", "bonus.col.rule", "bonus.col.metric",
        "bonus.col.basis", "bonus.col.amount", "bonus.col.currency", "bonus.col.check")]
    flag = t("recognition.flag", lang)
    rows = [[ln.employee_id, ln.name, ln.department_id,
             names.get(ln.department_id, ln.department_id), ln.position or "", ln.rule_id,
             ln.rule_name(lang), _metric(ln.metric, lang), round(float(ln.basis), 3), float(ln.amount), currency,
             flag if ln.employee_id in flagged else ""] for ln in lines]
    return headers, rows


def person_rows(lines: list[BonusLine], lang: str, names: dict[str, str], currency: str,
                flagged: set[str] = frozenset()) -> tuple[list[str], list[list]]:
    headers = [t(k, lang) for k in (
        "bonus.col.employee_id", "bonus.col.name", "col.department_id", "col.department",
        "bonus.col.position", "bonus.col.lines", "bonus.col.amount", "bonus.col.currency",
        "bonus.col.check")]
    flag = t("recognition.flag", lang)
    rows = [[p["employee_id"], p["name"], p["department_id"],
             names.get(p["department_id"], p["department_id"]), p["position"] or "", p["lines"],
             float(p["amount"]), currency, flag if p["employee_id"] in flagged else ""]
            for p in totals_by_person(lines)]
    return headers, rows


def rule_rows(lines: list[BonusLine], lang: str, currency: str,
              rules: IncentiveRules | None = None) -> tuple[list[str], list[list]]:
    headers = [t(k, lang) for k in ("bonus.col.rule_id", "bonus.col.rule", "bonus.col.people",
                                    "bonus.col.amount", "bonus.col.currency")]
    rows = [[r["rule_id"], r["rule_name_zh"] if lang == "zh" else r["rule_name_en"], r["people"],
             float(r["amount"]), currency] for r in totals_by_rule(lines, rules)]
    return headers, rows


def bonus_workbook(lines: list[BonusLine], month: str, lang: str, names: dict[str, str],
                   currency: str, flagged: set[str] = frozenset(),
                   rules: IncentiveRules | None = None) -> bytes:
    """The payroll workbook of a month's bonus lines."""
    wb = new_workbook()
    headers, rows = line_rows(lines, lang, names, currency, flagged)
    write_table(wb.create_sheet(t("bonus.sheet_lines", lang)[:31]), headers, rows,
                {10: MONEY})
    headers, rows = person_rows(lines, lang, names, currency, flagged)
    write_table(wb.create_sheet(t("bonus.sheet_people", lang)[:31]), headers, rows, {7: MONEY})
    headers, rows = rule_rows(lines, lang, currency, rules)
    total = sum((ln.amount for ln in lines), Decimal(0))
    rows.append([t("bonus.total", lang), t("bonus.title", lang, month=month),
                 len({ln.employee_id for ln in lines}), float(total), currency])
    write_table(wb.create_sheet(t("bonus.sheet_rules", lang)[:31]), headers, rows, {4: MONEY})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def flagged_people(engine, month: str, scope, settings) -> set[str]:
    """Employee ids of the month's suspected-gaming evidence rows within `scope`."""
    from metrics.alerts import gaming_evidence
    return {r["employee_id"] for r in gaming_evidence(engine, month, scope, settings)}


def month_bonus_workbook(engine, month: str, scope, lang: str, settings,
                         rules: IncentiveRules) -> bytes:
    """The workbook of `month` for the people inside `scope` (the page and the CLI)."""
    from data_access import reference
    from metrics.incentives import bonus_lines
    names = {d.department_id: d.name for d in reference.departments(engine)}
    return bonus_workbook(bonus_lines(engine, month, scope, rules), month, lang, names,
                          rules.currency, flagged_people(engine, month, scope, settings), rules)
