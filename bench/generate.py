"""A large synthetic company as import CSV files: the full load and one weekly increment.

At scale 1.0: 20,000 employees in 40 departments, 24 months (2024-06 .. 2026-05),
about 3,000,000 shares, 300,000 leads and 100,000 stories, plus trainings, content,
pulse answers, phases and targets. The weekly increment (the first week of June
2026) holds about 60,000 shares - 50,000 new ones and 10,000 shares of the last
week of May whose reach and clicks grew - and about 6,000 leads: 5,000 new ones
and 1,000 open leads that were won or lost since.

Only the standard library: one random.Random(seed) drives every choice, so the
same seed and scale give the same files. Rows are formatted straight into text.

    .venv/bin/python bench/generate.py [--scale 1.0] [--seed 1] [--out bench/out/data-1.0]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from pathlib import Path

START = dt.date(2024, 6, 1)
END = dt.date(2026, 5, 31)           # last day of the 24 months
WEEK_START = dt.date(2026, 6, 1)     # the weekly increment: 2026-06-01 .. 2026-06-07
WEEK_DAYS = 7
DEPARTMENTS = 40
PILOT_DEPARTMENTS = 4

EMPLOYEES = 20_000
SHARES = 3_000_000
LEADS = 300_000
STORIES = 100_000
WEEK_NEW_SHARES = 50_000
WEEK_GROWN_SHARES = 10_000
WEEK_NEW_LEADS = 5_000
WEEK_CLOSED_LEADS = 1_000

CHANNELS = ["wecom_moments"] * 50 + ["wechat_moments"] * 25 + ["weibo"] * 8 + ["douyin"] * 8 + \
           ["xiaohongshu"] * 5 + ["linkedin"] * 4
DAY_SECONDS = 86_400


def _months() -> list[str]:
    out, y, m = [], START.year, START.month
    while (y, m) <= (END.year, END.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


class Company:
    def __init__(self, scale: float, seed: int):
        self.rng = random.Random(seed)
        self.scale = scale
        self.n_emp = max(40, round(EMPLOYEES * scale))
        n_days = (END - START).days + 1
        self.days = [(START + dt.timedelta(days=i)).isoformat() for i in range(n_days + 60)]
        self.span = n_days * DAY_SECONDS
        self.employees: list[tuple] = []   # (id, dept, start second, end second, weight)

    # --- helpers -----------------------------------------------------------------------------
    def stamp(self, second: int) -> str:
        d, s = divmod(second, DAY_SECONDS)
        return f"{self.days[d]} {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"

    def pick_employees(self, k: int) -> list[tuple]:
        """k employees, the keen ones more often."""
        return self.rng.choices(self.employees, cum_weights=self.cum, k=k)

    # --- tables -----------------------------------------------------------------------------
    def departments(self) -> list[str]:
        lines = ["department_id,name,in_pilot"]
        for d in range(1, DEPARTMENTS + 1):
            lines.append(f"d{d:02d},部门{d:02d},{'true' if d <= PILOT_DEPARTMENTS else 'false'}")
        return lines

    def people(self) -> list[str]:
        rng = self.rng
        lines = ["employee_id,name,department_id,position,hired_on,left_on,tools_activated_on"]
        dept_keen = [rng.uniform(0.3, 1.6) for _ in range(DEPARTMENTS)]
        for i in range(1, self.n_emp + 1):
            dept = rng.randrange(DEPARTMENTS)
            if rng.random() < 0.85:   # on staff before the programme started
                hired = START - dt.timedelta(days=rng.randrange(30, 3000))
            else:
                hired = START + dt.timedelta(days=rng.randrange(0, (END - START).days - 30))
            left = None
            if rng.random() < 0.10:
                left = hired + dt.timedelta(days=rng.randrange(60, 1200))
                if left <= START or left > END:
                    left = None
            activated = None
            if rng.random() < 0.85:
                activated = max(hired, START) + dt.timedelta(days=rng.randrange(0, 120))
            first = max(0, (hired - START).days * DAY_SECONDS)
            last = self.span if left is None else (left - START).days * DAY_SECONDS + DAY_SECONDS
            weight = dept_keen[dept] * rng.expovariate(1.0) * (last - first) / self.span
            eid = f"e{i:05d}"
            self.employees.append((eid, dept, first, last - first, weight))
            lines.append(f"{eid},员工{i:05d},d{dept + 1:02d},{'manager' if i % 12 == 0 else 'staff'},"
                         f"{hired},{left or ''},{activated or ''}")
        total = 0.0
        self.cum = []
        for e in self.employees:
            total += e[4]
            self.cum.append(total)
        return lines

    def trainings(self) -> list[str]:
        rng = self.rng
        lines = ["employee_id,session,attended_on"]
        for eid, _, first, length, _ in self.employees:
            if rng.random() < 0.85:
                lines.append(f"{eid},kickoff all-hands,{self.days[(first + rng.randrange(0, min(length, 40 * DAY_SECONDS))) // DAY_SECONDS]}")
            if rng.random() < 0.4:
                lines.append(f"{eid},writing workshop,{self.days[(first + rng.randrange(length)) // DAY_SECONDS]}")
        return lines

    def content(self) -> list[str]:
        rng = self.rng
        self.n_content = max(50, round(3000 * self.scale))
        lines = ["content_id,title,content_type,owner_department_id,review_status,published_on"]
        kinds = ("poster", "article", "video", "case")
        for i in range(1, self.n_content + 1):
            status = "approved" if rng.random() < 0.92 else rng.choice(("pending", "rejected"))
            lines.append(f"c{i:05d},内容{i:05d},{kinds[i % 4]},d{rng.randrange(DEPARTMENTS) + 1:02d},"
                         f"{status},{self.days[rng.randrange(len(self.days) - 60)]}")
        return lines

    def shares(self, n: int, first_id: int, window: tuple[int, int] | None = None) -> list[str]:
        """n shares with ids from first_id; window: (start second, length) all shares fall in."""
        rng = self.rng
        random_ = rng.random
        n_content = self.n_content
        lines = []
        ids = []
        for k, (eid, _, first, length, _) in enumerate(self.pick_employees(n)):
            if window is not None:
                first, length = window
            second = first + int(random_() * length)
            reach = int(random_() * random_() * 3000)
            clicks = int(reach * random_() * 0.12)
            sid = f"s{first_id + k:08d}"
            ids.append(sid)
            content = f"c{int(random_() * n_content) + 1:05d}" if random_() < 0.8 else ""
            lines.append(f"{sid},{eid},{content},{CHANNELS[int(random_() * 100)]},"
                         f"{self.stamp(second)},{reach},{clicks}")
        return lines

    def leads(self, n: int, first_id: int, share_ids: int, window=None,
              horizon: int | None = None) -> tuple[list[str], list[tuple]]:
        """n leads; also the open ones as (id, employee, created second, share id) for later."""
        rng = self.rng
        random_ = rng.random
        horizon = self.span if horizon is None else horizon
        lines, still_open = [], []
        for k, (eid, _, first, length, _) in enumerate(self.pick_employees(n)):
            if window is not None:
                first, length = window
            created = first + int(random_() * length)
            lid = f"l{first_id + k:07d}"
            share = f"s{int(random_() * share_ids) + 1:08d}" if random_() < 0.6 else ""
            r = random_()
            closed = created + int(random_() * 45 * DAY_SECONDS)
            if r < 0.4 or closed >= horizon:
                lines.append(f"{lid},{eid},{share},{self.stamp(created)},open,,")
                still_open.append((lid, eid, created, share))
            elif r < 0.65:
                amount = f"{int(random_() * 20_000_000) / 100 + 500:.2f}"
                lines.append(f"{lid},{eid},{share},{self.stamp(created)},won,{self.stamp(closed)},{amount}")
            else:
                lines.append(f"{lid},{eid},{share},{self.stamp(created)},lost,{self.stamp(closed)},")
        return lines, still_open

    def stories(self, n: int) -> list[str]:
        random_ = self.rng.random
        lines = ["story_id,employee_id,collected_on"]
        for k, (eid, _, first, length, _) in enumerate(self.pick_employees(n)):
            lines.append(f"t{k + 1:07d},{eid},{self.days[(first + int(random_() * length)) // DAY_SECONDS]}")
        return lines

    def pulse(self) -> list[str]:
        rng = self.rng
        lines = ["response_id,department_id,answered_on,score"]
        k = 0
        for month_index in range(24):
            for d in range(DEPARTMENTS):
                for _ in range(max(1, round(30 * self.scale))):
                    k += 1
                    day = self.days[min(month_index * 30 + 20 + rng.randrange(8), len(self.days) - 61)]
                    score = min(10, max(0, round(rng.gauss(7.5, 2))))
                    lines.append(f"p{k:07d},d{d + 1:02d},{day},{score}")
        return lines

    def targets(self) -> list[str]:
        rng = self.rng
        lines = ["month,department_id,metric,target"]
        per_dept = self.n_emp / DEPARTMENTS
        for month in _months():
            lines.append(f"{month},,reach,{round(SHARES * self.scale / 24 * 700)}")
            lines.append(f"{month},,leads,{round(LEADS * self.scale / 24)}")
            lines.append(f"{month},,participation_rate,0.5")
            for d in range(1, DEPARTMENTS + 1):
                lines.append(f"{month},d{d:02d},reach,{round(per_dept * 6 * 700 * rng.uniform(0.7, 1.3))}")
                lines.append(f"{month},d{d:02d},leads,{round(per_dept * 0.6 * rng.uniform(0.7, 1.3))}")
                lines.append(f"{month},d{d:02d},stories,{round(per_dept * 0.2 * rng.uniform(0.7, 1.3))}")
        return lines


def phases() -> list[str]:
    return ["phase,start_date,end_date", "launch,2024-06-01,2024-07-31",
            "pilot,2024-08-01,2024-09-30", "promotion,2024-10-01,2024-11-30",
            "optimization,2024-12-01,2026-12-31"]


def _write(folder: Path, table: str, lines: list[str]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{table}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def generate(out: Path, scale: float = 1.0, seed: int = 1) -> dict[str, dict[str, int]]:
    """Write out/full/*.csv and out/weekly/*.csv; returns the row counts per table."""
    c = Company(scale, seed)
    full, weekly = out / "full", out / "weekly"
    counts: dict[str, dict[str, int]] = {"full": {}, "weekly": {}}
    n_shares, n_leads = round(SHARES * scale), round(LEADS * scale)
    tables = {"departments": c.departments(), "employees": c.people(), "trainings": c.trainings(),
              "content": c.content(), "phases": phases(), "targets": c.targets(),
              "pulse": c.pulse(), "stories": c.stories(round(STORIES * scale))}
    for table, lines in tables.items():
        counts["full"][table] = _write(full, table, lines)
    header_s = "share_id,employee_id,content_id,channel,shared_at,reach,clicks"
    counts["full"]["shares"] = _write(full, "shares", [header_s, *c.shares(n_shares, 1)])
    header_l = "lead_id,employee_id,share_id,created_at,status,closed_at,deal_amount"
    lead_lines, still_open = c.leads(n_leads, 1, n_shares)
    counts["full"]["leads"] = _write(full, "leads", [header_l, *lead_lines])

    # the week after: new shares, grown reach on last week's, new leads, some leads closed
    week0 = (WEEK_START - START).days * DAY_SECONDS
    week = (week0, WEEK_DAYS * DAY_SECONDS)
    new_shares = c.shares(round(WEEK_NEW_SHARES * scale), n_shares + 1, window=week)
    grown, since = [], (WEEK_START - dt.timedelta(days=WEEK_DAYS)).isoformat()
    for line in (full / "shares.csv").read_text(encoding="utf-8").splitlines()[1:]:
        *rest, reach, clicks = line.split(",")
        if rest[4] >= since:
            grown.append(",".join([*rest, str(int(reach) + 17), str(int(clicks) + 2)]))
            if len(grown) == round(WEEK_GROWN_SHARES * scale):
                break
    counts["weekly"]["shares"] = _write(weekly, "shares", [header_s, *grown, *new_shares])
    new_leads, _ = c.leads(round(WEEK_NEW_LEADS * scale), n_leads + 1, n_shares, window=week,
                           horizon=week0 + WEEK_DAYS * DAY_SECONDS)
    closed = []
    for lid, eid, created, share in c.rng.sample(still_open, min(len(still_open),
                                                                 round(WEEK_CLOSED_LEADS * scale))):
        when = c.stamp(week0 + c.rng.randrange(WEEK_DAYS * DAY_SECONDS))
        if c.rng.random() < 0.5:
            closed.append(f"{lid},{eid},{share},{c.stamp(created)},won,{when},{c.rng.randrange(500, 90000)}.00")
        else:
            closed.append(f"{lid},{eid},{share},{c.stamp(created)},lost,{when},")
    counts["weekly"]["leads"] = _write(weekly, "leads", [header_l, *closed, *new_leads])
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or Path(__file__).resolve().parent / "out" / f"data-{args.scale:g}"
    t = time.perf_counter()
    counts = generate(out, args.scale, args.seed)
    print(f"wrote {out} in {time.perf_counter() - t:.1f} s: {counts}")


if __name__ == "__main__":
    main()
