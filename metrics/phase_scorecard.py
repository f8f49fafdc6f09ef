"""What each rollout phase is judged by (spec section 4), with a verdict and its reasons.

Verdict rules
-------------
Every scorecard is a list of *checks*; a check compares one actual figure with
what it should reach (a target, a threshold or last month's value):

- ratio = actual / expected;
- **on_track** when ratio >= 1 (the figure meets its target or threshold);
- **at_risk** when 0.8 <= ratio < 1 (within 80-100 % of it);
- **off_track** when ratio < 0.8;
- **no_data** when the check cannot be judged: the actual is undefined (e.g. no
  headcount), no target is set, or the expected value is 0. For an expected value
  below 0 (an eNPS target of -10, say) a ratio means nothing: meeting it is
  on_track, missing it off_track.

A scorecard's verdict is its worst judged check (off_track > at_risk > on_track);
no_data checks are listed, so the page can say what is missing, but do not
count; a scorecard with no judged check at all is no_data.

What is checked, phase by phase (month m is the month judged, below)
- launch: trained_rate and activated_rate of the company against the company
  target of m for that metric, or else the setting
  phases.launch.trained_rate / phases.launch.activated_rate, or else 80 %;
  kickoff held: the best-attended training session, attended on or before the
  last day of m by employees in m's headcount, must reach *more than* 50 % of
  that headcount ("attended by most staff"; strictly more: exactly half is
  at_risk).
- pilot: every target set for m on a pilot department (`in_pilot`). Targets on
  a weekly-countable metric (shares, reach, clicks, leads, stories) are judged
  week by week, pro-rated: the target of a week = monthly target x (days of that
  week inside m, up to today for the current month) / days in m; the check is
  the month-to-date sum of actuals against the sum of those weekly targets,
  i.e. monthly target x days elapsed / days in m (for a finished month: the
  month's actual against its full target). Targets on other metrics are judged
  on the month's figure (won and revenue pro-rated as below; rates and eNPS as
  they are). Plus the pilot cohort's participation rate (pilot departments
  taken together) against the participation threshold (setting
  alerts.low_participation.threshold); the non-pilot cohort is shown beside it
  for comparison but not judged.
- promotion: every company-wide target of m (attainment = actual / target), and
  the share of departments (with headcount) at or above the participation
  threshold against the setting phases.promotion.departments_above_share
  (default 100 %: every department).
- optimization: month-over-month growth of reach and of conversion_rate — this
  month against last month as the expected value, so holding level is on_track
  and a fall of up to 20 % at_risk — and the company participation rate against
  the participation threshold.

A month in progress - one whose data end before its last day, whatever the calendar
says (metrics/coverage.py: the data reach the latest day holding a share, lead or story,
at most today) - is only partly there, so a count or sum that grows through the month
(shares, reach, clicks, leads, won, revenue, stories) is held against a pro-rated
expectation: expected x days covered / days in the month. This applies to company and
pilot targets (the pilot's weeks run to the last day covered) and to last month's reach in
the optimization growth check: the month's daily rate against last month's. A check so
pro-rated says so (`pro_rated`). Rates are never pro-rated. Complete months are judged on
their whole figures.

Month judged per phase, for a selected month s: a phase that has not started by s
is "upcoming" (no checks); a phase that ended before s is judged at its last month
("how it ended"); the phase in progress in s is judged at s.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine

from data_access import coverage as data_coverage
from data_access import facts, reference
from data_access.contract import PHASES
from data_access.months import first_day, last_day, month_of, previous
from data_access.weekly import WEEKLY_FIELDS, department_weekly_facts

from .coverage import MonthCoverage, month_coverage
from .figures import figures, per_capita, ratio
from .phases import phase_of
from .review import month_figures
from .settings import Settings

AT_RISK_FROM = 0.8
DEFAULT_LAUNCH_TARGET = 0.8
KICKOFF_SHARE = 0.5
DEFAULT_DEPARTMENTS_ABOVE_SHARE = 1.0
GROWTH_METRICS = ("reach", "conversion_rate")
WEEKLY_METRICS = tuple(m for m in WEEKLY_FIELDS if m != "sharers")
# Counts and sums that accumulate through a month: pro-rated while the month is in progress.
ACCUMULATING = WEEKLY_METRICS + ("won", "revenue")
COMPARISON_MEASURES = ("participation_rate", "shares_per_capita", "reach_per_capita")
ORDER = {"on_track": 0, "at_risk": 1, "off_track": 2}


def judge(actual, expected, strict: bool = False) -> tuple[float | None, str]:
    """(ratio, verdict) by the rules above; strict: meeting needs actual > expected."""
    if actual is None or expected is None or expected == 0:
        return None, "no_data"
    if expected < 0:
        return None, "on_track" if actual >= expected else "off_track"
    r = actual / expected
    level = round(r, 9)           # 0.9999999999 from float arithmetic counts as 1
    if level > 1 or (level == 1 and not strict):
        return r, "on_track"
    return r, "at_risk" if level >= AT_RISK_FROM else "off_track"


def overall(verdicts) -> str:
    judged = [v for v in verdicts if v in ORDER]
    return max(judged, key=ORDER.get) if judged else "no_data"


@dataclass(frozen=True)
class Check:
    key: str                   # what is judged (an i18n key suffix on the page)
    metric: str | None         # the metric formatting follows
    actual: float | None
    expected: float | None     # target, threshold or last month
    ratio: float | None
    verdict: str
    department_id: str | None = None
    detail: str | None = None  # e.g. the kickoff session's name
    pro_rated: bool = False    # expected scaled to the days elapsed of a month in progress


def check(key, metric, actual, expected, department_id=None, detail=None, strict=False,
          share: float = 1.0) -> Check:
    """A judged check; `share` < 1 pro-rates the expectation of an accumulating metric."""
    pro_rated = share < 1 and metric in ACCUMULATING and expected is not None
    if pro_rated:
        expected = expected * share
    r, verdict = judge(actual, expected, strict)
    return Check(key, metric, actual, expected, r, verdict, department_id, detail, pro_rated)


@dataclass(frozen=True)
class WeekRow:
    department_id: str
    metric: str
    week: dt.date        # Monday
    days: int            # days of this week inside the month (up to today)
    actual: int
    target: float        # pro-rated
    ratio: float | None
    verdict: str


@dataclass
class Scorecard:
    phase: str
    status: str                    # past | current | upcoming | unscheduled
    month: str | None = None       # month judged
    start: dt.date | None = None
    end: dt.date | None = None
    checks: list[Check] = field(default_factory=list)
    weeks: list[WeekRow] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return overall(c.verdict for c in self.checks)

    def reasons(self) -> list[Check]:
        """The checks that make the verdict what it is: all not on track, else all."""
        worse = [c for c in self.checks if c.verdict != "on_track"]
        return worse or list(self.checks)


# --- inputs ---------------------------------------------------------------------------

@dataclass
class Cohorts:
    """Figures of the pilot and non-pilot departments taken together (None: no such ones)."""
    pilot: dict | None
    non_pilot: dict | None

    def comparison(self) -> list[dict]:
        """participation rate, shares per capita and reach per capita of both cohorts."""
        def pick(values, measure):
            if values is None:
                return None
            return per_capita(values, "reach") if measure == "reach_per_capita" else values[measure]
        return [{"measure": m, "pilot": pick(self.pilot, m), "non_pilot": pick(self.non_pilot, m)}
                for m in COMPARISON_MEASURES]


def cohorts(engine: Engine, month: str) -> Cohorts:
    per_department = facts.department_month_facts(engine, month)
    deps = reference.departments(engine)

    def group(in_pilot):
        ids = [d.department_id for d in deps if d.in_pilot == in_pilot]
        return (figures(facts.company_facts({i: per_department[i] for i in ids}))
                if ids else None)
    return Cohorts(group(True), group(False))


def _setting(settings: Settings, key: str, default: float) -> float:
    value = settings.values.get(key, default)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
        else default


# --- the four scorecards ---------------------------------------------------------------

class _Context:
    """Month figures and targets fetched once per scorecard run."""

    def __init__(self, engine: Engine, settings: Settings, today: dt.date):
        self.engine, self.settings, self.today = engine, settings, today
        self._figures: dict[str, tuple] = {}
        self.as_of = data_coverage.data_as_of(engine, today)

    def coverage(self, month: str) -> MonthCoverage:
        return month_coverage(month, self.as_of)

    def figures(self, month: str):
        if month not in self._figures:
            self._figures[month] = month_figures(self.engine, month)
        return self._figures[month]

    def last_counted_day(self, month: str) -> dt.date:
        """The last day of the month the data cover (the day before the 1st: none)."""
        return first_day(month) + dt.timedelta(days=self.coverage(month).days - 1)

    def elapsed_share(self, month: str) -> float:
        """Days covered / days in the month: 1 for a complete month."""
        return self.coverage(month).progress

    def targets(self, month: str, department_id: str | None) -> dict[str, float]:
        return {metric: value for (_, d, metric), value in
                reference.targets(self.engine, [month]).items() if d == department_id}


def launch_checks(ctx: _Context, month: str) -> list[Check]:
    company, _ = ctx.figures(month)
    goals = ctx.targets(month, None)
    out = [check(m, m, company[m], goals.get(m, _setting(ctx.settings, f"phases.launch.{m}",
                                                          DEFAULT_LAUNCH_TARGET)))
           for m in ("trained_rate", "activated_rate")]
    session, attendees = reference.best_session(ctx.engine, month)
    out.append(check("kickoff", "participation_rate", ratio(attendees, company["headcount"]),
                     KICKOFF_SHARE, detail=session, strict=True))
    return out


def pilot_checks(ctx: _Context, month: str) -> tuple[list[Check], list[WeekRow]]:
    deps = [d for d in reference.departments(ctx.engine) if d.in_pilot]
    _, per_department = ctx.figures(month)
    end = ctx.last_counted_day(month)
    start, days_in_month = first_day(month), last_day(month).day
    weekly = department_weekly_facts(ctx.engine, start, end, [d.department_id for d in deps])
    mondays, day = [], start - dt.timedelta(days=start.weekday())
    while day <= end:
        mondays.append(day)
        day += dt.timedelta(days=7)
    out, weeks = [], []
    for dep in deps:
        for metric, target in sorted(ctx.targets(month, dep.department_id).items()):
            if metric not in WEEKLY_METRICS:
                out.append(check("pilot_target_month", metric,
                                 per_department[dep.department_id][metric], target,
                                 dep.department_id, share=ctx.elapsed_share(month)))
                continue
            rows = []
            for monday in mondays:
                days = (min(monday + dt.timedelta(days=6), end) - max(monday, start)).days + 1
                actual = weekly.get((dep.department_id, monday), {}).get(metric, 0)
                week_target = target * days / days_in_month
                r, verdict = judge(actual, week_target)
                rows.append(WeekRow(dep.department_id, metric, monday, days, actual, week_target,
                                    r, verdict))
            weeks += rows
            out.append(check("pilot_target", metric, sum(r.actual for r in rows), target,
                             dep.department_id, share=ctx.elapsed_share(month)))
    if not out:
        out.append(Check("pilot_targets", None, None, None, None, "no_data"))
    pilot = cohorts(ctx.engine, month).pilot
    out.append(check("pilot_participation", "participation_rate",
                     pilot["participation_rate"] if pilot else None,
                     ctx.settings.low_participation_threshold))
    return out, weeks


def promotion_checks(ctx: _Context, month: str) -> list[Check]:
    company, per_department = ctx.figures(month)
    goals = ctx.targets(month, None)
    share = ctx.elapsed_share(month)
    out = [check("company_target", m, company[m], goal, share=share)
           for m, goal in sorted(goals.items())]
    if not out:
        out.append(Check("company_targets", None, None, None, None, "no_data"))
    limit = ctx.settings.low_participation_threshold
    staffed = [v for v in per_department.values() if v["headcount"] > 0]
    above = sum(1 for v in staffed if (v["participation_rate"] or 0) >= limit)
    out.append(check("departments_above", "participation_rate", ratio(above, len(staffed)),
                     _setting(ctx.settings, "phases.promotion.departments_above_share",
                              DEFAULT_DEPARTMENTS_ABOVE_SHARE)))
    return out


def optimization_checks(ctx: _Context, month: str) -> list[Check]:
    company, _ = ctx.figures(month)
    before, _ = ctx.figures(previous(month))
    share = ctx.elapsed_share(month)
    out = [check(f"growth_{m}", m, company[m], before[m], share=share) for m in GROWTH_METRICS]
    out.append(check("participation", "participation_rate", company["participation_rate"],
                     ctx.settings.low_participation_threshold))
    return out


def scorecards(engine: Engine, month: str, settings: Settings,
               today: dt.date | None = None) -> list[Scorecard]:
    """The four phases in order, each judged as described in the module docstring."""
    today = today or dt.date.today()
    ctx = _Context(engine, settings, today)
    rows = {p.phase: p for p in reference.phases(engine)}
    cards = []
    for phase in PHASES:
        row = rows.get(phase)
        if row is None:
            cards.append(Scorecard(phase, "unscheduled"))
            continue
        card = Scorecard(phase, "upcoming", start=row.start_date, end=row.end_date)
        cards.append(card)
        if month < month_of(row.start_date):
            continue
        card.month = min(month, month_of(row.end_date))
        card.status = "current" if card.month == month and phase_of(
            [row], month, today) == phase else "past"
        if phase == "launch":
            card.checks = launch_checks(ctx, card.month)
        elif phase == "pilot":
            card.checks, card.weeks = pilot_checks(ctx, card.month)
        elif phase == "promotion":
            card.checks = promotion_checks(ctx, card.month)
        else:
            card.checks = optimization_checks(ctx, card.month)
    return cards


@dataclass(frozen=True)
class TimelineSpan:
    phase: str
    start: dt.date
    end: dt.date
    when: str          # past | now | upcoming, relative to today
    selected: bool     # the phase of the selected month


def timeline(phases: list[reference.PhaseRow], month: str | None,
             today: dt.date | None = None) -> list[TimelineSpan]:
    today = today or dt.date.today()
    chosen = phase_of(phases, month, today) if month else None
    return [TimelineSpan(p.phase, p.start_date, p.end_date,
                         "past" if p.end_date < today else
                         "upcoming" if p.start_date > today else "now",
                         p.phase == chosen) for p in phases]
