"""The demo company: deterministic, in the import format, imports cleanly, tells its story.

The storyline checks recompute the spec's metrics (section 3) straight from the generated
CSV files, independently of the metrics module, so they hold whatever the seed-7 numbers are.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import math
import re
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import text

from data_access.contract import IMPORT_ORDER, LEAD_STATUSES, METRIC_NAMES, TABLES
from demo import load_demo, write_demo_csvs

CUTOFF = "2026-11-20"
OPTIMIZATION = [f"2026-{m:02d}" for m in range(6, 12)]      # 2026-11 is partial (to the cutoff)
PROMOTION = ["2026-04", "2026-05"]

FORMATS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "timestamp": re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"),
    "bool": re.compile(r"^(true|false)$"),
    "int": re.compile(r"^\d+$"),
    "amount": re.compile(r"^\d+(\.\d{1,2})?$|^0\.\d+$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "score": re.compile(r"^(10|\d)$"),
}


# ---------------------------------------------------------------- helpers

def read_tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    out = {}
    for name in IMPORT_ORDER:
        with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            out[name] = list(csv.DictReader(fh))
    return out


def month_bounds(month: str) -> tuple[str, str]:
    y, m = map(int, month.split("-"))
    return f"{month}-01", f"{month}-{calendar.monthrange(y, m)[1]:02d}"


class Facts:
    """Spec section 3 metrics per department and month, from the CSV rows."""

    def __init__(self, t: dict[str, list[dict[str, str]]]):
        self.t = t
        self.emp = {e["employee_id"]: e for e in t["employees"]}
        self.active = defaultdict(set)                 # month -> employee ids with an event
        self.shares = defaultdict(list)                # (dept, month) -> share rows
        self.leads = defaultdict(list)                 # (dept, month created) -> lead rows
        for s in t["shares"]:
            m = s["shared_at"][:7]
            self.active[m].add(s["employee_id"])
            self.shares[(self.dept(s), m)].append(s)
        for s in t["stories"]:
            self.active[s["collected_on"][:7]].add(s["employee_id"])
        for lead in t["leads"]:
            m = lead["created_at"][:7]
            self.active[m].add(lead["employee_id"])
            self.leads[(self.dept(lead), m)].append(lead)

    def dept(self, row: dict[str, str]) -> str:
        return self.emp[row["employee_id"]]["department_id"]

    def headcount(self, dept: str | None, month: str) -> list[dict[str, str]]:
        first, last = month_bounds(month)
        return [e for e in self.emp.values()
                if (dept is None or e["department_id"] == dept) and e["hired_on"] <= last
                and (not e["left_on"] or e["left_on"] >= first)]

    def participation(self, dept: str | None, month: str) -> float:
        staff = self.headcount(dept, month)
        return sum(1 for e in staff if e["employee_id"] in self.active[month]) / len(staff)

    def reach(self, dept: str, month: str) -> int:
        return sum(int(s["reach"]) for s in self.shares[(dept, month)])

    def reach_per_share(self, dept: str | None, month: str) -> float:
        rows = [s for (d, m), v in self.shares.items() if m == month and dept in (None, d) for s in v]
        return sum(int(s["reach"]) for s in rows) / len(rows)

    def leads_won(self, dept: str, month: str) -> tuple[int, int]:
        rows = self.leads[(dept, month)]
        return len(rows), sum(1 for r in rows if r["status"] == "won")

    def top_tenth_reach_share(self, dept: str, month: str) -> float:
        per = defaultdict(int)
        for s in self.shares[(dept, month)]:
            per[s["employee_id"]] += int(s["reach"])
        ranked = sorted(per.values(), reverse=True)
        top = max(1, math.ceil(len(ranked) / 10))
        return sum(ranked[:top]) / sum(ranked)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo7")
    write_demo_csvs(folder, seed=7)
    return folder


@pytest.fixture(scope="module")
def tables(demo_dir) -> dict[str, list[dict[str, str]]]:
    return read_tables(demo_dir)


@pytest.fixture(scope="module")
def facts(tables) -> Facts:
    return Facts(tables)


# ---------------------------------------------------------------- determinism and format

def test_same_seed_gives_byte_identical_files(demo_dir, tmp_path):
    paths = write_demo_csvs(tmp_path / "again", seed=7)
    assert [p.name for p in paths] == [f"{n}.csv" for n in IMPORT_ORDER]
    for p in paths:
        assert p.read_bytes() == (demo_dir / p.name).read_bytes(), p.name


def test_other_seed_gives_other_data(demo_dir, tmp_path):
    write_demo_csvs(tmp_path / "other", seed=8)
    differing = [n for n in ("employees", "shares", "leads", "pulse")
                 if (tmp_path / "other" / f"{n}.csv").read_bytes()
                 != (demo_dir / f"{n}.csv").read_bytes()]
    assert differing == ["employees", "shares", "leads", "pulse"]


def test_files_follow_the_contract(demo_dir, tables):
    for name in IMPORT_ORDER:
        raw = (demo_dir / f"{name}.csv").read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        raw.decode("utf-8")
        header = raw.split(b"\n", 1)[0].decode("utf-8")
        assert header.split(",") == list(TABLES[name].column_names)
        table = TABLES[name]
        keys = set()
        for line, row in enumerate(tables[name], 2):
            for col in table.columns:
                value = row[col.name]
                if not value:
                    assert not col.required, (name, line, col.name)
                    continue
                if col.kind in FORMATS:
                    assert FORMATS[col.kind].match(value), (name, line, col.name, value)
                if col.choices:
                    assert value in col.choices, (name, line, col.name, value)
            key = tuple(row[k] for k in table.key)
            assert key not in keys, (name, key)
            keys.add(key)


def test_references_resolve(tables):
    ids = {name: {row[TABLES[name].key[0]] for row in tables[name]}
           for name in ("departments", "employees", "content", "shares")}
    for name in IMPORT_ORDER:
        for col in TABLES[name].columns:
            if col.references:
                ref_table, _ = col.references
                missing = {r[col.name] for r in tables[name]
                           if r[col.name] and r[col.name] not in ids[ref_table]}
                assert not missing, (name, col.name, sorted(missing)[:5])


def test_calendar_and_cutoff(tables):
    assert [(p["phase"], p["start_date"], p["end_date"]) for p in tables["phases"]] == [
        ("launch", "2025-12-01", "2026-01-31"), ("pilot", "2026-02-01", "2026-03-31"),
        ("promotion", "2026-04-01", "2026-05-31"), ("optimization", "2026-06-01", "2026-12-31")]
    events = ([s["shared_at"][:10] for s in tables["shares"]]
              + [x for lead in tables["leads"] for x in (lead["created_at"][:10], lead["closed_at"][:10]) if x]
              + [s["collected_on"] for s in tables["stories"]]
              + [t["attended_on"] for t in tables["trainings"]]
              + [p["answered_on"] for p in tables["pulse"]]
              + [x for e in tables["employees"] for x in (e["left_on"], e["tools_activated_on"]) if x])
    assert min(events) >= "2025-12-01"
    assert max(events) <= CUTOFF
    assert max(e["hired_on"] for e in tables["employees"]) <= CUTOFF


def test_leads_are_consistent(tables):
    shares = {s["share_id"]: s for s in tables["shares"]}
    assert {lead["status"] for lead in tables["leads"]} == set(LEAD_STATUSES)
    with_share = [lead for lead in tables["leads"] if lead["share_id"]]
    assert len(with_share) > 0.8 * len(tables["leads"])
    for lead in with_share:
        share = shares[lead["share_id"]]
        assert share["employee_id"] == lead["employee_id"]
        assert share["shared_at"] <= lead["created_at"]
    for lead in tables["leads"]:
        if lead["status"] == "won":
            assert lead["closed_at"] and 5_000 <= float(lead["deal_amount"]) <= 200_000
        if lead["closed_at"]:
            assert lead["closed_at"] >= lead["created_at"]
        if lead["status"] != "won":
            assert not lead["deal_amount"]


def test_targets_use_contract_metrics(tables):
    assert {t["metric"] for t in tables["targets"]} <= set(METRIC_NAMES)
    company = {(t["month"], t["metric"]) for t in tables["targets"] if not t["department_id"]}
    assert ("2026-02", "reach") in company and ("2026-04", "leads") in company
    for t in tables["targets"]:
        if t["metric"].endswith("_rate"):
            assert 0 < float(t["target"]) <= 1


# ---------------------------------------------------------------- the company

def test_company_shape(tables):
    depts = {d["department_id"]: d for d in tables["departments"]}
    assert len(depts) == 10 and {"sales", "rnd"} <= set(depts)
    assert depts["sales"]["name"] == "销售部" and depts["rnd"]["name"] == "研发部"
    assert {d for d, row in depts.items() if row["in_pilot"] == "true"} == {"sales", "service", "marketing"}
    staff = tables["employees"]
    assert 420 <= len(staff) <= 520
    assert all(re.fullmatch(r"E\d{4}", e["employee_id"]) for e in staff)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", e["name"]) for e in staff)
    assert sum(1 for e in staff if e["left_on"]) >= 15
    assert sum(1 for e in staff if e["hired_on"] >= "2026-01-01") >= 20
    assert sum(1 for e in staff if not e["tools_activated_on"]) >= 10
    assert 50 <= len(tables["content"]) <= 70
    assert 15_000 <= len(tables["shares"]) <= 30_000


def test_kickoff_attended_by_most_staff(tables):
    kickoff = [t for t in tables["trainings"] if "kickoff" in t["session"]]
    day = min(t["attended_on"] for t in kickoff)
    assert day.startswith("2025-12")
    staff = [e for e in tables["employees"]
             if e["hired_on"] <= day and (not e["left_on"] or e["left_on"] >= day)]
    assert len(kickoff) / len(staff) >= 0.75


def test_pulse_monthly_per_department(tables):
    months = {(p["department_id"], p["answered_on"][:7]) for p in tables["pulse"]}
    for d in tables["departments"]:
        for m in ["2026-01"] + OPTIMIZATION:
            assert (d["department_id"], m) in months
    assert tables["pulse"][0]["response_id"] == "P00001"


# ---------------------------------------------------------------- the storyline

def test_rnd_participation_low_once_company_wide(facts):
    for month in PROMOTION + OPTIMIZATION:
        assert facts.participation("rnd", month) < 0.30, month
    assert facts.participation("rnd", "2026-07") < 0.30


def test_sales_and_marketing_thrive(facts):
    assert facts.participation("sales", "2026-07") > 0.5
    for month in OPTIMIZATION[:-1]:
        assert facts.participation("sales", month) > 0.6
        assert facts.participation("marketing", month) > 0.6
    for dept in ("sales", "marketing"):
        assert facts.reach(dept, "2026-10") > 1.15 * facts.reach(dept, "2026-04")


def test_company_participation_healthy_with_spring_festival_dip(facts):
    for month in OPTIMIZATION[:-1]:
        assert facts.participation(None, month) >= 0.5, month
    for dept in ("sales", "service", "marketing"):
        assert facts.participation(dept, "2026-02") < facts.participation(dept, "2026-03")
    # pilot departments carry the pilot phase
    assert facts.participation("sales", "2026-03") > 3 * facts.participation("rnd", "2026-03")


def test_only_rnd_triggers_low_participation(facts, tables):
    pilot = {d["department_id"] for d in tables["departments"] if d["in_pilot"] == "true"}
    firing = set()
    for d in tables["departments"]:
        dept = d["department_id"]
        months = PROMOTION + OPTIMIZATION + (["2026-02", "2026-03"] if dept in pilot else [])
        firing |= {dept for m in months if facts.participation(dept, m) < 0.30}
    assert firing == {"rnd"}


def test_bd_many_leads_poor_conversion(facts):
    low = [m for m in OPTIMIZATION
           if facts.leads_won("bd", m)[0] >= 10 and facts.leads_won("bd", m)[1] / facts.leads_won("bd", m)[0] < 0.15]
    assert len(low) >= 2
    n, won = facts.leads_won("sales", "2026-07")
    assert n >= 10 and won / n >= 0.15


def test_ops_reach_drops_in_september(facts):
    assert facts.reach("ops", "2026-09") < 0.7 * facts.reach("ops", "2026-08")
    assert facts.reach("ops", "2026-10") > facts.reach("ops", "2026-09")


def test_finance_reach_rests_on_few_people(facts):
    for month in OPTIMIZATION:
        assert facts.top_tenth_reach_share("finance", month) > 0.6, month
    assert facts.top_tenth_reach_share("sales", "2026-07") < 0.6


def test_hr_low_reach_per_share(facts):
    for month in OPTIMIZATION:
        assert facts.reach_per_share("hr", month) < 0.4 * facts.reach_per_share(None, month)


def test_marketing_burst_of_identical_shares(tables, facts):
    bursts = defaultdict(list)
    for s in tables["shares"]:
        bursts[(s["employee_id"], s["content_id"], s["shared_at"][:13])].append(s)
    big = [v for v in bursts.values() if len(v) >= 20]
    assert len(big) == 1
    burst = big[0]
    assert facts.dept(burst[0]) == "marketing"
    assert sum(int(s["clicks"]) for s in burst) <= 2
    times = sorted(dt.datetime.fromisoformat(s["shared_at"]) for s in burst)
    assert times[-1] - times[0] < dt.timedelta(minutes=30)


def test_some_shares_of_unapproved_content(tables):
    status = {c["content_id"]: c["review_status"] for c in tables["content"]}
    assert {"pending", "rejected"} <= set(status.values())
    unapproved = [s for s in tables["shares"] if s["content_id"] and status[s["content_id"]] != "approved"]
    assert 5 <= len(unapproved) <= 50


def test_rare_shares_after_leaving(tables, facts):
    late = [s for s in tables["shares"]
            if facts.emp[s["employee_id"]]["left_on"]
            and s["shared_at"][:10] > facts.emp[s["employee_id"]]["left_on"]]
    assert 1 <= len(late) <= 5


# ---------------------------------------------------------------- import

def test_demo_imports_cleanly(sqlite_engine):
    result = load_demo(sqlite_engine)
    assert result.ok, result.problems
    assert result.counts["shares"]["inserted"] >= 15_000

    def scalar(sql: str):
        with sqlite_engine.connect() as conn:
            return conn.execute(text(sql)).scalar()

    assert scalar("SELECT COUNT(*) FROM departments") >= 8
    assert scalar("SELECT COUNT(*) FROM employees") >= 300
    assert scalar("SELECT COUNT(*) FROM departments WHERE department_id IN ('sales', 'rnd')") == 2
    assert scalar("SELECT COUNT(DISTINCT phase) FROM phases") == 4
    assert scalar("SELECT COUNT(*) FROM pulse") > 0
    assert scalar("SELECT COUNT(*) FROM targets") > 0
    assert scalar("SELECT COUNT(*) FROM employees WHERE left_on IS NOT NULL") > 0
    assert scalar("SELECT COUNT(*) FROM employees WHERE hired_on >= '2026-01-01'") > 0

    again = load_demo(sqlite_engine)
    assert again.ok
    assert all(c["inserted"] == 0 and c["updated"] == 0 for c in again.counts.values())


def test_refused_demo_raises(sqlite_engine, monkeypatch):
    import data_access.importing as importing

    problem = importing.Problem("shares.csv", 7, "reach", "-3", "must be a whole number 0 or more")
    monkeypatch.setattr(importing, "import_path",
                        lambda engine, folder, imported_by=None:
                        importing.ImportResult(ok=False, problems=[problem], files=["shares.csv"]))
    with pytest.raises(RuntimeError, match=r'shares.csv line 7, column "reach"'):
        load_demo(sqlite_engine)
