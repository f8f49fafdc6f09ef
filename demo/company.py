"""A realistic demo company: about 450 staff in 10 departments, one year of all-employee marketing.

`write_demo_csvs` writes the ten tracking tables as CSV files in the import format of the
data contract; `load_demo` imports them through the normal importer. The output depends only
on the seed: one `random.Random(seed)` drives every choice, in a fixed order.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import math
import random
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from data_access.contract import IMPORT_ORDER, TABLES

from . import catalog as cat
from .catalog import CUTOFF, MONTHS, DeptProfile

DAY = dt.timedelta(days=1)
END_OF_CUTOFF = dt.datetime.combine(CUTOFF, dt.time(23, 59, 59))

# Hour-of-day weights for shares: lunch break and evening peaks.
HOUR_WEIGHTS = (1, 0, 0, 0, 0, 0, 1, 4, 8, 9, 6, 5, 10, 9, 5, 4, 4, 5, 8, 10, 12, 11, 7, 3)
CUM_HOURS = [sum(HOUR_WEIGHTS[: i + 1]) for i in range(24)]

GAMER_MONTH = (2026, 8)
GAMER_DAY = dt.datetime(2026, 8, 18, 21, 3, 0)
GAMER_SHARES = 48
BASE_MEAN_REACH = 290    # mean reach per share for a department with reach_factor 1
STAR_MEAN_REACH = 1_900  # the finance director's posts


@dataclass
class Person:
    key: int                         # creation order, stable before ids are assigned
    name: str
    dept: DeptProfile
    position: str
    hired_on: dt.date
    left_on: dt.date | None = None
    activated_on: dt.date | None = None
    propensity: float = 0.5          # how keen on the programme, 0..1
    pace: float = 0.5                # how many shares when taking part, 0..1
    employee_id: str = ""
    star: bool = False               # a big personal audience
    forced_months: set[int] = field(default_factory=set)


@dataclass
class Share:
    person: Person
    shared_at: dt.datetime
    channel: str
    content: int | None              # index into cat.CONTENT
    reach: int
    clicks: int
    leadable: bool = True
    ctr: float = 0.0
    share_id: str = ""


@dataclass
class Lead:
    person: Person
    share: Share | None
    created_at: dt.datetime
    status: str = "open"
    closed_at: dt.datetime | None = None
    deal_cents: int | None = None


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _fmt_date(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def _fmt_ts(t: dt.datetime | None) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S") if t else ""


def _fmt_number(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.4f}".rstrip("0").rstrip(".")


def _fmt_cents(c: int | None) -> str:
    if c is None:
        return ""
    return str(c // 100) if c % 100 == 0 else f"{c // 100}.{c % 100:02d}"


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _rand_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


class _Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.people: list[Person] = []
        self.used_names: set[str] = set()
        self.trainings: list[tuple[Person, str, dt.date]] = []
        self.shares: list[Share] = []
        self.leads: list[Lead] = []
        self.stories: list[tuple[Person, dt.date]] = []
        self.pulse: list[tuple[str, dt.date, int]] = []

    # ---------------------------------------------------------------- people
    def _name(self) -> str:
        rng = self.rng
        for _ in range(50):
            given = "".join(rng.choice(cat.GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))
            name = rng.choice(cat.SURNAMES) + given
            if name not in self.used_names:
                break
        self.used_names.add(name)
        return name

    def make_people(self) -> None:
        rng = self.rng
        key = 0
        for dept in cat.DEPARTMENTS:
            for i in range(dept.size):
                position = dept.head if i == 0 else _pick(rng, dept.positions)
                # tenure: mostly the last five years, some old hands
                years = rng.expovariate(1 / 3.5)
                hired = cat.ROLLOUT_START - dt.timedelta(days=int(30 + (years % 15) * 365))
                p = Person(key, self._name(), dept, position, hired, propensity=rng.random(),
                           pace=rng.random())
                key += 1
                if i > 0 and rng.random() < cat.LEAVE_RATE:
                    p.left_on = _rand_date(rng, dt.date(2025, 12, 10), dt.date(2026, 11, 15))
                if i == 0:
                    p.propensity = 0.6 + 0.4 * p.propensity
                self.people.append(p)
            for _ in range(cat.NEW_HIRES[dept.department_id]):
                hired = _rand_date(rng, dt.date(2025, 12, 1), dt.date(2026, 11, 10))
                position = _pick(rng, dept.positions)
                p = Person(key, self._name(), dept, position, hired, propensity=rng.random(),
                           pace=rng.random())
                key += 1
                if rng.random() < 0.06 and hired < dt.date(2026, 9, 1):
                    p.left_on = _rand_date(rng, hired + 60 * DAY, dt.date(2026, 11, 15))
                self.people.append(p)
        # The finance director has a large personal following: the department's reach rests on them.
        finance_head = next(p for p in self.people if p.dept.department_id == "finance")
        finance_head.star = True
        finance_head.left_on = None
        # A keen marketing employee games the share count in August (mass shares, no clicks).
        gamer = max((p for p in self.people if p.dept.department_id == "marketing"
                     and p.left_on is None and p.hired_on < cat.ROLLOUT_START
                     and p.position != p.dept.head), key=lambda p: (p.propensity, -p.key))
        gamer.forced_months.add(cat.month_index(*GAMER_MONTH))
        self.gamer = gamer
        # Employee ids follow the hiring order, as in an HR system.
        self.people.sort(key=lambda p: (p.hired_on, p.key))
        for n, p in enumerate(self.people, 1):
            p.employee_id = f"E{n:04d}"

    def activate_tools(self) -> None:
        rng = self.rng
        for p in self.people:
            d = p.dept.department_id
            never = 0.15 if d == "rnd" else 0.03 if p.dept.in_pilot else 0.07
            if p.hired_on >= cat.ROLLOUT_START:
                when = p.hired_on + rng.randint(1, 20) * DAY
            elif rng.random() < never and not p.star and p is not self.gamer:
                continue
            elif p.star:
                when = _rand_date(rng, dt.date(2025, 12, 8), dt.date(2026, 1, 31))
            elif p.dept.in_pilot:
                r = rng.random()
                when = (_rand_date(rng, dt.date(2025, 12, 3), dt.date(2026, 1, 31)) if r < 0.9
                        else _rand_date(rng, dt.date(2026, 2, 1), dt.date(2026, 3, 31)))
            else:
                r = rng.random()
                when = (_rand_date(rng, dt.date(2025, 12, 8), dt.date(2026, 1, 31)) if r < 0.5
                        else _rand_date(rng, dt.date(2026, 2, 1), dt.date(2026, 3, 31)) if r < 0.88
                        else _rand_date(rng, dt.date(2026, 4, 1), dt.date(2026, 5, 31)))
            if p.dept.department_id in ("marketing",) and p.hired_on < cat.ROLLOUT_START:
                when = min(when, _rand_date(rng, dt.date(2025, 12, 2), dt.date(2025, 12, 20)))
            if when > CUTOFF or (p.left_on and when > p.left_on):
                continue
            p.activated_on = when

    def employed_on(self, p: Person, d: dt.date) -> bool:
        return p.hired_on <= d and (p.left_on is None or p.left_on >= d)

    def make_trainings(self) -> None:
        rng = self.rng
        kickoff, makeup = dt.date(2025, 12, 5), dt.date(2025, 12, 19)
        for p in self.people:
            if self.employed_on(p, kickoff) and rng.random() < 0.78:
                self.trainings.append((p, cat.SESSION_KICKOFF, kickoff))
            elif self.employed_on(p, makeup) and p.hired_on < makeup and rng.random() < 0.35:
                self.trainings.append((p, cat.SESSION_KICKOFF, makeup))
            elif p.hired_on > kickoff:
                when = p.hired_on + rng.randint(7, 30) * DAY
                if when <= CUTOFF and self.employed_on(p, when) and rng.random() < 0.85:
                    self.trainings.append((p, cat.SESSION_ONBOARDING, when))
        for session, when, depts, rate in cat.SKILL_SESSIONS:
            for p in self.people:
                if ("*" in depts or p.dept.department_id in depts) and self.employed_on(p, when):
                    if rng.random() < rate * (0.6 + 0.8 * p.propensity):
                        self.trainings.append((p, session, when))

    # ---------------------------------------------------------------- activity
    def _time_in(self, start: dt.date, end: dt.date) -> dt.datetime:
        rng = self.rng
        for _ in range(20):
            day = _rand_date(rng, start, end)
            if day.weekday() < 5 or rng.random() < 0.6:
                break
        hour = rng.choices(range(24), cum_weights=CUM_HOURS)[0]
        return dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59), rng.randint(0, 59)))

    def _content_for(self, dept: DeptProfile, when: dt.datetime) -> int | None:
        rng = self.rng
        if rng.random() < 0.02:
            return None  # the employee's own post, not from the content library
        day = when.date()
        idx, weights = [], []
        for i, (_t, ctype, owner, published, status) in enumerate(cat.CONTENT):
            if status != "approved" or published is None or published > day:
                continue
            age = (day - published).days
            w = 4.0 if age <= 30 else 2.0 if age <= 90 else 0.6
            if owner == dept.department_id:
                w *= 2
            if ctype == "customer_case" and dept.department_id in ("sales", "bd", "service"):
                w *= 1.5
            idx.append(i)
            weights.append(w)
        return rng.choices(idx, weights=weights)[0]

    def _raw_reach(self, p: Person, channel: str, content: int | None) -> tuple[float, float]:
        """Relative reach of one share (long-tailed) and its click-through rate."""
        rng = self.rng
        ctype = cat.CONTENT[content][1] if content is not None else "post"
        reach = rng.lognormvariate(0.0, 0.45 if p.star else 0.75)
        reach *= {"weibo": 1.5, "douyin": 1.8, "linkedin": 0.7}.get(channel, 1.0)
        reach *= {"video": 1.3, "customer_case": 1.1}.get(ctype, 1.0)
        reach *= 0.7 + 0.6 * p.propensity
        ctr = rng.uniform(0.02, 0.08) * (1.25 if ctype == "customer_case" else 1.0)
        return reach, ctr

    def _calibrate(self, shares: list[Share], dept: DeptProfile, m: int) -> None:
        """Scale a department-month's reach to its planned mean per share (within a few %).

        Individual shares keep their long tail; the month's total follows the storyline
        (department factor, trend) instead of the luck of a few viral posts.
        """
        rng = self.rng
        trend = cat.REACH_TREND.get(dept.department_id, (1.0,) * len(MONTHS))[m]
        for star in (False, True):
            group = [s for s in shares if s.person.star == star]
            if not group:
                continue
            mean = STAR_MEAN_REACH if star else BASE_MEAN_REACH * dept.reach_factor * trend
            mean *= rng.uniform(0.94, 1.06)
            factor = mean * len(group) / sum(s.reach for s in group)
            cap = 25_000 if star else 4_000 * max(dept.reach_factor, 0.5)
            for s in group:
                s.reach = max(3, int(min(s.reach * factor, cap)))
                s.clicks = int(round(s.reach * s.ctr))

    def _share(self, p: Person, m: int, start: dt.date, end: dt.date) -> Share:
        rng = self.rng
        when = self._time_in(start, end)
        content = self._content_for(p.dept, when)
        channels = p.dept.channels
        if p.star:
            channels = (("linkedin", 50), ("weibo", 35), ("wecom_moments", 15))
        channel = _pick(rng, channels)
        if content is not None and cat.CONTENT[content][1] == "video" and rng.random() < 0.3:
            channel = "douyin"
        reach, ctr = self._raw_reach(p, channel, content)
        return Share(p, when, channel, content, reach, 0, ctr=ctr)

    def make_activity(self) -> None:
        rng = self.rng
        for m, (year, month) in enumerate(MONTHS):
            m_start, m_end = _month_bounds(year, month)
            m_last = min(m_end, CUTOFF)
            for dept in cat.DEPARTMENTS:
                staff = [p for p in self.people if p.dept is dept and p.hired_on <= m_end
                         and (p.left_on is None or p.left_on >= m_start)]
                eligible = []
                for p in staff:
                    if p.activated_on is None:
                        continue
                    start = max(m_start, p.hired_on, p.activated_on)
                    end = min(m_last, p.left_on or m_last)
                    if start <= end:
                        eligible.append((p, start, end))
                rate = dept.participation[m] * (0.93 if m_end > CUTOFF else 1.0)
                k = min(len(eligible), int(round(rate * len(staff))))
                if dept.department_id == "finance" and m >= cat.month_index(2026, 4):
                    for p in staff:
                        if p.star:
                            p.forced_months.add(m)
                scored = sorted(eligible, key=lambda e: (
                    -(m in e[0].forced_months), -(e[0].propensity + rng.gauss(0, 0.3)), e[0].key))
                month_leads: list[Lead] = []
                first_share = len(self.shares)
                for p, start, end in scored[:k]:
                    self._participate(p, m, start, end, m_end, month_leads)
                self._calibrate(self.shares[first_share:], dept, m)
                self._settle_leads(dept, m, month_leads)
                self.leads.extend(month_leads)

    def _participate(self, p: Person, m: int, start: dt.date, end: dt.date, m_end: dt.date,
                     month_leads: list[Lead]) -> None:
        rng = self.rng
        dept = p.dept
        stories = 0
        in_month = ((end - start).days + 1) / ((m_end - start.replace(day=1)).days + 1)
        if rng.random() < dept.story_rate * (1.0 if in_month > 0.8 else 0.3 + 0.7 * in_month):
            stories = rng.choice((1, 1, 1, 2, 2, 3))
        if stories and rng.random() < dept.story_only:
            n_shares = 0
        else:
            lo, hi = dept.shares_per_participant
            n_shares = (lo + (hi - lo) * p.pace) * rng.uniform(0.8, 1.2)
            if p.star:
                n_shares = rng.randint(7, 8)
            n_shares *= in_month
            n_shares = max(1, int(round(n_shares)))
        for _ in range(stories):
            self.stories.append((p, _rand_date(rng, start, end)))
        limit = dt.datetime.combine(end, dt.time(23, 59, 59))
        for _ in range(n_shares):
            s = self._share(p, m, start, end)
            self.shares.append(s)
            rate = dept.lead_rate
            if s.content is not None and cat.CONTENT[s.content][1] == "customer_case":
                rate *= 1.4
            if rng.random() < rate:
                delay = dt.timedelta(minutes=rng.randint(20, 72 * 60))
                created = s.shared_at + delay
                if created > limit:
                    created = s.shared_at + (limit - s.shared_at) * rng.random()
                month_leads.append(Lead(p, s, created.replace(microsecond=0)))
        # Some leads come from conversations, not from a tracked share.
        if dept.lead_rate >= 0.03 and rng.random() < 0.08:
            month_leads.append(Lead(p, None, self._time_in(start, end)))

    def _settle_leads(self, dept: DeptProfile, m: int, leads: list[Lead]) -> None:
        """Decide which of a department's leads of month m are won, lost or still open."""
        rng = self.rng
        if not leads:
            return
        leads.sort(key=lambda lead: lead.created_at)
        maturity = {10: 0.9, 11: 0.75}.get(m, 1.0)
        n_won = int(round(len(leads) * dept.win_rate[m] * maturity + rng.gauss(0, 0.5)))
        n_won = max(0, min(len(leads), n_won))
        order = list(range(len(leads)))
        rng.shuffle(order)
        won = set(order[:n_won])
        for i, lead in enumerate(leads):
            room = END_OF_CUTOFF - lead.created_at
            if i in won:
                delay = dt.timedelta(days=rng.triangular(2, 45, 7))
                if delay > room:
                    delay = room * rng.uniform(0.3, 1.0)
                lead.status = "won"
                lead.closed_at = (lead.created_at + delay).replace(microsecond=0)
                amount = 0.0
                while not 5_000 <= amount <= 200_000:
                    amount = rng.lognormvariate(math.log(dept.deal_median), 0.7)
                cents = int(amount) * 100 if rng.random() < 0.7 else int(amount * 100)
                if rng.random() < 0.5:
                    cents = int(round(cents / 100_000)) * 100_000 or cents  # a round thousand
                lead.deal_cents = cents
            else:
                age = room.days
                open_chance = 0.08 if age > 90 else 0.35 if age > 45 else 0.75
                if rng.random() < open_chance:
                    continue
                delay = dt.timedelta(days=rng.uniform(5, 60))
                if delay > room:
                    delay = room * rng.uniform(0.3, 1.0)
                lead.status = "lost"
                lead.closed_at = (lead.created_at + delay).replace(microsecond=0)

    def make_specials(self) -> None:
        rng = self.rng
        # Mass sharing by one person: the same poster, every few seconds, almost no clicks.
        poster = next(i for i, c in enumerate(cat.CONTENT) if c[0] == "七夕客户关怀海报")
        t = GAMER_DAY
        for n in range(GAMER_SHARES):
            t += dt.timedelta(seconds=rng.randint(6, 25))
            reach = rng.randint(2, 35)
            self.shares.append(Share(self.gamer, t, "wechat_moments", poster, reach,
                                     1 if n == 17 else 0, leadable=False))
        # Shares of content that never passed review: swap the content of a few real shares.
        swaps = (("研发实验室探访", "rnd", (2026, 6), 4), ("限时五折!史上最低价", "sales", (2026, 5), 6),
                 ("限时五折!史上最低价", "sales", (2026, 7), 3), ("内部爆料:未发布新品参数", "product", (2026, 9), 2),
                 ("技术公开课:架构演进之路", "rnd", (2026, 8), 3))
        for title, dept_id, (y, mo), count in swaps:
            content = next(i for i, c in enumerate(cat.CONTENT) if c[0] == title)
            pool = [s for s in self.shares if s.person.dept.department_id == dept_id
                    and (s.shared_at.year, s.shared_at.month) == (y, mo) and s.content is not None
                    and s.leadable and cat.CONTENT[s.content][4] == "approved"]
            for s in rng.sample(pool, min(count, len(pool))):
                s.content = content
        # Exports lag: two people who left still have a share a few days after leaving.
        leavers = [p for p in self.people if p.left_on and p.activated_on
                   and dt.date(2026, 4, 1) <= p.left_on <= dt.date(2026, 11, 10)
                   and p.dept.department_id in ("sales", "marketing", "service")]
        for p in rng.sample(leavers, min(2, len(leavers))):
            day = p.left_on + rng.randint(1, 4) * DAY
            m = cat.month_index(day.year, day.month)
            s = self._share(p, m, day, day)
            s.leadable = False
            self._calibrate([s], p.dept, m)
            self.shares.append(s)

    def make_pulse(self) -> None:
        rng = self.rng
        for m, (year, month) in enumerate(MONTHS):
            if m == 0:
                continue
            m_start, m_end = _month_bounds(year, month)
            last = min(m_end, CUTOFF)
            first = max(m_start, last - 6 * DAY)
            for dept in cat.DEPARTMENTS:
                headcount = sum(1 for p in self.people if p.dept is dept and p.hired_on <= m_end
                                and (p.left_on is None or p.left_on >= m_start))
                answers = int(round(headcount * rng.uniform(0.2, 0.4)))
                mean = dept.pulse_mean[m]
                for _ in range(answers):
                    score = max(0, min(10, int(round(rng.gauss(mean + 0.3, 1.5)))))
                    self.pulse.append((dept.department_id, _rand_date(rng, first, last), score))

    # ---------------------------------------------------------------- tables
    def tables(self) -> dict[str, list[list[str]]]:
        self.shares.sort(key=lambda s: (s.shared_at, s.person.employee_id))
        for n, s in enumerate(self.shares, 1):
            s.share_id = f"S{n:06d}"
        self.leads.sort(key=lambda lead: (lead.created_at, lead.person.employee_id))
        self.stories.sort(key=lambda st: (st[1], st[0].employee_id))
        self.pulse.sort(key=lambda r: (r[1], r[0]))
        content_ids = [f"C{n:03d}" for n in range(1, len(cat.CONTENT) + 1)]
        t: dict[str, list[list[str]]] = {}
        t["departments"] = [[d.department_id, d.name, "true" if d.in_pilot else "false"]
                            for d in cat.DEPARTMENTS]
        t["employees"] = [[p.employee_id, p.name, p.dept.department_id, p.position,
                           _fmt_date(p.hired_on), _fmt_date(p.left_on), _fmt_date(p.activated_on)]
                          for p in self.people]
        t["trainings"] = [[p.employee_id, session, _fmt_date(when)]
                          for p, session, when in sorted(self.trainings,
                                                         key=lambda r: (r[2], r[0].employee_id, r[1]))]
        t["content"] = [[content_ids[i], title, ctype, owner, status, _fmt_date(published), ""]
                        for i, (title, ctype, owner, published, status) in enumerate(cat.CONTENT)]
        t["shares"] = [[s.share_id, s.person.employee_id,
                        content_ids[s.content] if s.content is not None else "", s.channel,
                        _fmt_ts(s.shared_at), str(s.reach), str(s.clicks)] for s in self.shares]
        t["share_clicks"] = []   # every demo share's clicks are known already
        t["leads"] = [[f"L{n:05d}", lead.person.employee_id, lead.share.share_id if lead.share else "",
                       _fmt_ts(lead.created_at), lead.status, _fmt_ts(lead.closed_at),
                       _fmt_cents(lead.deal_cents)] for n, lead in enumerate(self.leads, 1)]
        t["stories"] = [[f"T{n:05d}", p.employee_id, _fmt_date(day)]
                        for n, (p, day) in enumerate(self.stories, 1)]
        t["phases"] = [[name, _fmt_date(a), _fmt_date(b)] for name, a, b in cat.PHASES]
        targets = []
        for metric, values in cat.COMPANY_TARGETS.items():
            for month, v in zip(cat.TARGET_MONTHS, values):
                targets.append([month, "", metric, _fmt_number(v)])
        for dept_id, metric, first, values in cat.DEPARTMENT_TARGETS:
            months = cat.TARGET_MONTHS[cat.TARGET_MONTHS.index(first):]
            assert len(months) == len(values), (dept_id, metric)
            for month, v in zip(months, values):
                targets.append([month, dept_id, metric, _fmt_number(v)])
        targets.sort(key=lambda r: (r[0], r[1], r[2]))
        t["targets"] = targets
        t["pulse"] = [[f"P{n:05d}", dept_id, _fmt_date(day), str(score)]
                      for n, (dept_id, day, score) in enumerate(self.pulse, 1)]
        return t


def generate_tables(seed: int = 7) -> dict[str, list[list[str]]]:
    """The demo company's tracking tables as rows of strings (no header), keyed by table name."""
    g = _Generator(seed)
    g.make_people()
    g.activate_tools()
    g.make_trainings()
    g.make_activity()
    g.make_specials()
    g.make_pulse()
    return g.tables()


def write_demo_csvs(out_dir: Path, seed: int = 7) -> list[Path]:
    """Write one UTF-8 CSV per tracking table into out_dir; return the paths in import order."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = generate_tables(seed)
    paths = []
    for name in IMPORT_ORDER:
        path = out_dir / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(TABLES[name].column_names)
            writer.writerows(tables[name])
        paths.append(path)
    return paths


def load_demo(engine, seed: int = 7, imported_by: str = "demo"):
    """Import the demo company into the database behind engine; return the ImportResult.

    Raises RuntimeError with every problem if the importer refuses the files (a bug: the
    demo must always be valid).
    """
    from data_access.importing import format_problem, import_path

    with tempfile.TemporaryDirectory(prefix="demo-company-") as tmp:
        folder = Path(tmp)
        write_demo_csvs(folder, seed)
        result = import_path(engine, folder, imported_by=imported_by)
    from data_access.audit import record_import
    record_import(engine, result, actor=imported_by, source=f"demo company (seed {seed})")
    if not result.ok:
        lines = "\n".join(format_problem(p) for p in result.problems)
        raise RuntimeError(f"the demo data was refused by the importer:\n{lines}")
    return result
