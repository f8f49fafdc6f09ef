"""Recognition: the month's marketing stars (营销达人), stars several months in a row, the
bonus sheet for payroll and the suspected-gaming rows to check before paying.

Rules and computation: metrics/incentives.py and config/incentives.toml. People-level
rows come through the user's Scope: a department head sees only their own people (and
the department, not the name, of a company star from elsewhere). Only people who took
part are ranked and only the stars are named; there is no list of who did not take part.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from exports.bonus_sheet import line_rows, rule_rows
from i18n import metric_name
from metrics.incentives import IncentiveRulesError
from ui import data, programme
from ui.format import month_label, number
from ui.gate import require_page
from ui.safe_text import md
from ui.session import lang, tr
from ui.widgets import month_picker

user = require_page("recognition")
month = month_picker()
L = lang()
st.title(tr("page.recognition"))
if month is None:
    st.info(tr("empty.no_data"))
    st.stop()
try:
    rules, rules_key = programme.rules()
except IncentiveRulesError as exc:
    st.error(tr("recognition.rules_error", error=str(exc)))
    st.stop()

scope = user.scope
names = {d.department_id: d.name for d in data.departments()}
with st.spinner(tr("recognition.loading")):
    rec = programme.recognition(month, scope, rules_key)
    flagged = programme.flagged(month, scope)
currency = rec.currency
formula = " + ".join(tr("recognition.score_formula_part", weight=f"{w:g}",
                        metric=metric_name(m, L)) for m, w in rules.star.weights.items() if w)
st.caption(tr("recognition.caption", month=month_label(month, L), formula=formula))
MONEY = st.column_config.NumberColumn(format="%.2f")


def star_frame(stars) -> pd.DataFrame:
    return pd.DataFrame([{
        tr("col.department"): names.get(s.department_id, s.department_id),
        tr("bonus.col.name"): s.name, tr("bonus.col.employee_id"): s.employee_id,
        tr("bonus.col.score"): float(round(s.score, 1)),
        **{metric_name(m, L): s.figures[m] for m in ("reach", "shares", "leads", "won",
                                                      "stories")}} for s in stars])


# --- stars ------------------------------------------------------------------------------------
st.subheader(tr("recognition.stars"))
star = rec.company_star
if star is not None:
    st.success(tr("recognition.company_star_line", name=md(star.name),
                  department=md(names.get(star.department_id, star.department_id)),
                  score=number(star.score, 1)), icon=":material/emoji_events:")
    for col, m in zip(st.columns(5), ("reach", "shares", "leads", "won", "stories")):
        col.metric(metric_name(m, L), number(star.figures[m]))
elif rec.company_star_department is not None:
    st.info(tr("recognition.company_star_elsewhere",
               department=md(names.get(rec.company_star_department,
                                       rec.company_star_department))),
            icon=":material/emoji_events:")
else:
    st.caption(tr("recognition.no_star"))

st.markdown(f"**{tr('recognition.department_stars')}**")
if rec.department_stars:
    st.dataframe(star_frame(rec.department_stars), hide_index=True, width="stretch")
else:
    st.caption(tr("recognition.no_star"))

n = rules.star.streak_months
st.markdown(f"**{tr('recognition.streaks', n=n)}**", help=tr("recognition.streaks_help"))
if rec.streaks:
    frame = star_frame([s for s, _ in rec.streaks])
    frame[tr("bonus.col.months")] = [months for _, months in rec.streaks]
    st.dataframe(frame, hide_index=True, width="stretch")
else:
    st.caption(tr("recognition.no_streaks", n=n))

# --- bonus sheet ------------------------------------------------------------------------------
st.subheader(tr("recognition.sheet"))
if not rec.lines:
    st.caption(tr("recognition.sheet_empty"))
else:
    st.caption(tr("recognition.sheet_caption", total=f"{rec.total():,.2f} {currency}",
                  people=len({ln.employee_id for ln in rec.lines}), path=rules.path))
    headers, rows = line_rows(rec.lines, L, names, currency, flagged)
    st.dataframe(pd.DataFrame(rows, columns=headers), hide_index=True, width="stretch",
                 column_config={tr("bonus.col.amount"): MONEY})
    st.markdown(f"**{tr('recognition.by_rule')}**")
    headers, rows = rule_rows(rec.lines, L, currency, rules)
    st.dataframe(pd.DataFrame(rows, columns=headers), hide_index=True, width="stretch",
                 column_config={tr("bonus.col.amount"): MONEY})
    st.download_button(tr("recognition.download"),
                       programme.bonus_workbook(month, scope, L, rules_key),
                       f"bonus-{month}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="recognition-bonus-xlsx", icon=":material/download:")

# --- suspected gaming: check before paying ---------------------------------------------------
st.subheader(tr("recognition.check"))
evidence = programme.gaming_rows(month, scope)
if not evidence:
    st.caption(tr("recognition.no_check"))
else:
    st.caption(tr("recognition.check_caption"))

    def detail(r: dict) -> str:
        if r["pattern"] == "burst_shares":
            return tr("evidence.burst", shares=r["shares"], minutes=f"{r['minutes']:.0f}",
                      reach=number(r["reach"]), clicks=number(r["clicks"]))
        if r["pattern"] == "suspect_ctr":
            return tr("evidence.ctr", shares=r["shares"], ctr=f"{r['ctr'] * 100:.2f}%",
                      department_ctr=f"{r['department_ctr'] * 100:.2f}%")
        return tr("evidence.leads", leads=r["leads"], lost=r["lost"], open=r["open"],
                  from_month=month_label(r["from_month"], L),
                  to_month=month_label(r["to_month"], L))

    st.dataframe(pd.DataFrame([{
        tr("bonus.col.pattern"): tr(f"pattern.{r['pattern']}"),
        tr("col.department"): names.get(r["department_id"], r["department_id"]),
        tr("bonus.col.employee_id"): r["employee_id"], tr("bonus.col.name"): r["name"],
        tr("bonus.col.content"): (f"{r['content_id']} {r.get('title') or ''}".strip()
                                  if r.get("content_id") else "—"),
        tr("bonus.col.count"): r.get("shares", r.get("leads")),
        tr("bonus.col.first_at"): str(r["first_at"])[:16] if r.get("first_at") else "—",
        tr("bonus.col.last_at"): str(r["last_at"])[:16] if r.get("last_at") else "—",
        tr("bonus.col.detail"): detail(r)} for r in evidence]), hide_index=True, width="stretch")

# --- the rules in force ----------------------------------------------------------------------
with st.expander(tr("recognition.rules")):
    st.markdown("\n".join(f"- **{r.name(L)}** (`{r.id}`)" for r in rules.rules))
    st.caption(tr("recognition.prize_line", company=f"{rules.star.company_prize:,.2f} {currency}",
                  department=f"{rules.star.department_prize:,.2f} {currency}"))
    st.caption(rules.path)
