"""Incentive rules (config/incentives.toml, metrics/incentives.py): validation with clear
messages, the bonus sheet of a hand-built month to the cent, its sums against the data,
the stars, the `manage.py bonuses` workbook, and a rules file changed without code."""
from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal

import openpyxl
import pytest

import manage
from data_access.scope import Scope
from data_access.person_facts import employee_month_figures, star_ids
from metrics.incentives import (DEFAULT_FILE, IncentiveRulesError, bonus_lines, load_rules,
                                parse_rules, recognition, stars_of, totals_by_rule)
from metrics.review import monthly_review
from metrics.settings import load_settings
from tests.build_company import Company

MONTH = "2026-05"


def default_data() -> dict:
    with DEFAULT_FILE.open("rb") as fh:
        return tomllib.load(fh)


def problems_of(data: dict) -> str:
    with pytest.raises(IncentiveRulesError) as info:
        parse_rules(data, "incentives.toml")
    return str(info.value)


# --- the rules file --------------------------------------------------------------------------

def test_default_rules_load():
    rules = load_rules()
    assert [r.id for r in rules.rules] == ["sales_commission", "reach_bonus", "story_bonus",
                                           "sharing_extra"]
    assert rules.currency == "CNY" and rules.star.company_prize == Decimal("1000.00")
    assert rules.star.weights == {"reach": Decimal("0.001"), "leads": Decimal("5"),
                                  "won": Decimal("20"), "stories": Decimal("10")}
    sales = rules.groups["sales_staff"]
    assert sales.has({"department_id": "sales", "position": None})
    assert sales.has({"department_id": "ops", "position": "区域销售经理"})
    assert not sales.has({"department_id": "ops", "position": "运营专员"})


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["rules"][1].update(metric="likes"),
     "rule 'reach_bonus' (rules #2): field 'metric' must be one of"),
    (lambda d: d["rules"][1].update(amount="500元"),
     "rule 'reach_bonus' (rules #2): field 'amount' must be a number, not '500元'"),
    (lambda d: d["rules"][2].update(amount=-300),
     "rule 'story_bonus' (rules #3): field 'amount' must be >= 0, not -300"),
    (lambda d: d["rules"][0].update(percent=150),
     "rule 'sales_commission' (rules #1): field 'percent' must be >= 0 and <= 100, not 150"),
    (lambda d: d["rules"][3].pop("amount"),
     "rule 'sharing_extra' (rules #4): field 'percent' or 'amount' must be given"),
    (lambda d: d["rules"][3].update(at_least=6),
     "rule 'sharing_extra' (rules #4): field 'at_least' or 'more_than' must be given with "
     "'amount' (exactly one of them)"),
    (lambda d: d["rules"][0].update(at_least=1),
     "rule 'sales_commission' (rules #1): field 'at_least' only goes with 'amount'"),
    (lambda d: d["rules"][1].update(not_group="sale_staff"),
     "rule 'reach_bonus' (rules #2): field 'not_group' names the group 'sale_staff', which "
     "is not defined (defined: sales_staff)"),
    (lambda d: d["rules"][2].update(id="reach_bonus"),
     "rule 'reach_bonus' (rules #3): field 'id' 'reach_bonus' is used twice"),
    (lambda d: d["rules"][2].update(ammount=300),
     "rule 'story_bonus' (rules #3): field 'ammount' is not a known field"),
    (lambda d: d["rules"][2].pop("id"), "rules #3: field 'id' is missing"),
    (lambda d: d["star"]["score"].update(likes=1),
     "star.score: field 'likes' is not a metric"),
    (lambda d: d["star"].update(streak_months=1),
     "star: field 'streak_months' must be >= 2 and <= 12, not 1"),
    (lambda d: d["groups"]["sales_staff"].update(departments="sales"),
     "group 'sales_staff': field 'departments' must be a list of texts"),
])
def test_rule_problems_name_the_rule_and_field(change, expected):
    data = default_data()
    change(data)
    message = problems_of(data)
    assert expected in message, message
    assert message.startswith("incentives.toml: 1 problem(s)")


def test_every_problem_is_reported_at_once():
    data = default_data()
    data["rules"][0]["metric"] = "likes"
    data["rules"][1]["amount"] = "x"
    data["star"]["company_prize"] = -1
    assert "3 problem(s)" in problems_of(data)


def test_unreadable_files_are_clear(tmp_path):
    bad = tmp_path / "incentives.toml"
    bad.write_text("[[rules]\nid = 'x'\n", encoding="utf-8")
    with pytest.raises(IncentiveRulesError, match="is not valid TOML"):
        load_rules(bad)
    with pytest.raises(IncentiveRulesError, match="does not exist"):
        load_rules(tmp_path / "missing.toml")


# --- a hand-built month -----------------------------------------------------------------------

@pytest.fixture
def month_co(engine, tmp_path):
    """sales: s1, s2; ops: o1 (a sales position), o2, o3, o4 and o5 (left in April).

    May 2026 (figures per person):
      s1  3 shares x 400; L1 (created April) won, closed 12 May: 12,345.67;
          L2 created and won in May: 20,000                     revenue 32,345.67
      s2  6 shares x 50; L3 created and won in May: 0.50
      o1  区域销售经理, 2 shares x 1,000; L4 created and won in May: 1,000
      o2  1 share x 1,000
      o3  6 shares x 100 and 5 stories (also 5 stories in March and in April)
      o4  5 shares x 150
      o5  left on 20 April; 1 share x 5,000 on 2 May (an export that lagged)
    """
    c = Company().dept("sales").dept("ops")
    c.emp("s1", "sales", "销售一", "销售代表").emp("s2", "sales", "销售二", "销售助理")
    c.emp("o1", "ops", "运营一", "区域销售经理").emp("o2", "ops", "运营二", "运营专员")
    c.emp("o3", "ops", "运营三", "运营专员").emp("o4", "ops", "运营四", "运营专员")
    c.emp("o5", "ops", "运营五", "运营专员", left_on="2026-04-20")
    c.shares("s1", MONTH, 3, 400, 10)
    c.lead("s1", "2026-04-10 10:00", "won", "2026-05-12 10:00", "12345.67")
    c.lead("s1", "2026-05-03 10:00", "won", "2026-05-20 10:00", "20000")
    c.shares("s2", MONTH, 6, 50, 1)
    c.lead("s2", "2026-05-05 10:00", "won", "2026-05-25 10:00", "0.5")
    c.shares("o1", MONTH, 2, 1000, 30)
    c.lead("o1", "2026-05-06 10:00", "won", "2026-05-07 10:00", "1000")
    c.shares("o2", MONTH, 1, 1000, 30)
    c.shares("o3", MONTH, 6, 100, 3)
    for month in ("2026-03", "2026-04", MONTH):
        for day in range(1, 6):
            c.story("o3", f"{month}-{day + 10}")
    c.shares("o4", MONTH, 5, 150, 3)
    c.share("o5", "2026-05-02 10:00", 5000, 100)
    return c.load(engine, tmp_path / "month")


EXPECTED = [   # (employee, rule, basis, amount)
    ("o1", "sales_commission", 1000.0, "10.00"),
    ("o2", "reach_bonus", 1000.0, "500.00"),
    ("o3", "story_bonus", 5.0, "300.00"),
    ("o3", "sharing_extra", 6.0, "200.00"),
    ("o3", "star_company", 50.6, "1000.00"),     # 600 / 1000 + 10 x 5 stories
    ("o5", "reach_bonus", 5000.0, "500.00"),
    ("s1", "sales_commission", 32345.67, "323.46"),
    ("s2", "sales_commission", 0.5, "0.01"),      # 0.005 rounds half up
    ("s2", "sharing_extra", 6.0, "200.00"),
]


def test_bonus_sheet_to_the_cent(month_co):
    lines = bonus_lines(month_co, MONTH, Scope.company(), load_rules())
    assert [(ln.employee_id, ln.rule_id, pytest.approx(ln.basis), str(ln.amount))
            for ln in lines] == [(e, r, pytest.approx(b), a) for e, r, b, a in EXPECTED]
    assert sum(ln.amount for ln in lines) == Decimal("3033.47")
    assert {ln.employee_id: ln.name for ln in lines}["o3"] == "运营三"


def test_bonus_sums_equal_the_data(month_co):
    rules = load_rules()
    lines = bonus_lines(month_co, MONTH, Scope.company(), rules)
    review = monthly_review(month_co, MONTH, load_settings(month_co), dt.date(2026, 11, 23))
    revenue = {d.department_id: d.values["revenue"] for d in review.departments}
    commission = [ln for ln in lines if ln.rule_id == "sales_commission"]
    # the commission's basis is all the revenue of the month: sales staff are the sales
    # department plus o1 (position 区域销售经理), who brought all of ops' revenue
    assert sum(ln.basis for ln in commission) == pytest.approx(revenue["sales"] + revenue["ops"])
    assert revenue["sales"] == pytest.approx(32345.67 + 0.5)
    for ln in commission:   # 1 % of each person's revenue, to the cent
        assert abs(float(ln.amount) - ln.basis / 100) <= 0.005 + 1e-9
    # shares > 5: exactly the people with 6 shares; reach >= 1,000 outside sales staff
    assert {ln.employee_id for ln in lines if ln.rule_id == "sharing_extra"} == {"s2", "o3"}
    assert {ln.employee_id for ln in lines if ln.rule_id == "reach_bonus"} == {"o2", "o5"}
    by_rule = {r["rule_id"]: (r["people"], r["amount"]) for r in totals_by_rule(lines, rules)}
    assert by_rule == {"sales_commission": (3, Decimal("333.47")),
                       "reach_bonus": (2, Decimal("1000.00")),
                       "story_bonus": (1, Decimal("300.00")),
                       "sharing_extra": (2, Decimal("400.00")),
                       "star_company": (1, Decimal("1000.00"))}


def test_stars_rank_participants_only(month_co):
    rec = recognition(month_co, MONTH, Scope.company(), load_rules())
    assert (rec.company_star.employee_id, rec.company_star.score) == ("o3", Decimal("50.6"))
    # s1: 1.2 + 5 x 1 lead + 20 x 1 won = 26.2 beats s2 (25.3); o5 (left in April, score 5)
    # is not a participant and never ranked
    assert [(s.department_id, s.employee_id) for s in rec.department_stars] == [
        ("ops", "o3"), ("sales", "s1")]
    # o3 was the company star in March, April and May (stories only, nobody else active)
    assert [(s.employee_id, n) for s, n in rec.streaks] == [("o3", 3)]


def test_a_department_head_sees_only_their_people(month_co):
    rec = recognition(month_co, MONTH, Scope.departments({"sales"}), load_rules())
    assert rec.company_star is None and rec.company_star_department == "ops"
    assert [s.employee_id for s in rec.department_stars] == ["s1"]
    assert rec.streaks == []
    assert {ln.employee_id for ln in rec.lines} == {"s1", "s2"}
    assert rec.total() == Decimal("523.47")
    assert bonus_lines(month_co, MONTH, Scope.departments(()), load_rules()) == []


def test_manage_bonuses_writes_the_sheet(month_co, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", month_co.url.render_as_string(hide_password=False))
    out = tmp_path / "bonus.xlsx"
    assert manage.main(["bonuses", "--month", MONTH, "--out", str(out), "--lang", "en"]) == 0
    assert "9 lines, 6 people, total 3033.47 CNY" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Bonus lines", "Per person", "Per rule"]
    lines = list(wb["Bonus lines"].iter_rows(values_only=True))
    header = lines[0]
    assert header[:3] == ("Employee id", "Name", "Department id")
    amount = header.index("Amount")
    assert len(lines) == 1 + len(EXPECTED)
    assert round(sum(r[amount] for r in lines[1:]), 2) == 3033.47
    assert [(r[0], r[5], r[amount]) for r in lines[1:]] == [
        (e, rule, float(a)) for e, rule, _, a in EXPECTED]
    people = {r[0]: r for r in wb["Per person"].iter_rows(min_row=2, values_only=True)}
    assert people["o3"][6] == 1500 and people["s2"][6] == 200.01
    total = list(wb["Per rule"].iter_rows(values_only=True))[-1]
    assert total[0] == "Total" and total[2] == 6 and total[3] == 3033.47


def test_manage_bonuses_refuses_a_bad_rules_file(month_co, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", month_co.url.render_as_string(hide_password=False))
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rules]]\nid = "x"\nmetric = "reach"\n', encoding="utf-8")
    code = manage.main(["bonuses", "--month", MONTH, "--out", str(tmp_path / "b.xlsx"),
                        "--rules", str(bad)])
    assert code == 2
    assert "rule 'x' (rules #1): field 'percent' or 'amount'" in capsys.readouterr().err
    assert not (tmp_path / "b.xlsx").exists()


def test_a_changed_rules_file_changes_the_amounts(month_co, monkeypatch, tmp_path):
    text = DEFAULT_FILE.read_text("utf-8")
    text = text.replace("at_least = 1000\namount = 500", "at_least = 1500\namount = 800")
    text = text.replace("percent = 1.0", "percent = 2.0")
    text = text.replace("company_prize = 1000 ", "company_prize = 1500 ")
    rules_file = tmp_path / "incentives.toml"
    rules_file.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_INCENTIVES", str(rules_file))
    rules = load_rules()
    assert rules.path == str(rules_file)
    lines = {(ln.employee_id, ln.rule_id): str(ln.amount)
             for ln in bonus_lines(month_co, MONTH, Scope.company(), rules)}
    assert ("o2", "reach_bonus") not in lines               # 1,000 < 1,500 now
    assert lines[("o5", "reach_bonus")] == "800.00"
    assert lines[("s1", "sales_commission")] == "646.91"    # 2 % of 32,345.67
    assert lines[("s2", "sales_commission")] == "0.01"
    assert lines[("o3", "star_company")] == "1500.00"


def test_database_ranking_equals_the_plain_one(month_co):
    rules = load_rules()
    for month in ("2026-03", "2026-04", MONTH):
        rows = employee_month_figures(month_co, month, Scope.company())
        company, per_department = stars_of(rules, month, rows)
        assert star_ids(month_co, [month], rules.star.weights)[month] == {
            None: company.employee_id,
            **{d: s.employee_id for d, s in per_department.items()}}


def test_star_ties_go_to_reach_then_employee_id(engine, tmp_path):
    c = Company().dept("x").dept("y")
    for e in ("x1", "x2", "x3", "y1", "y2"):
        c.emp(e, e[0])
        c.story(e, "2026-05-10")                      # everyone: 1 story, score 10
    c.share("x2", "2026-05-11 10:00", 100)             # x2: more reach, same score
    c.share("y2", "2026-05-11 10:00", 0)
    c.load(engine, tmp_path / "ties")
    data = default_data()
    data["star"]["score"] = {"stories": 10}
    rules = parse_rules(data)
    assert star_ids(engine, [MONTH], rules.star.weights)[MONTH] == {None: "x2", "x": "x2",
                                                                    "y": "y1"}
    rec = recognition(engine, MONTH, Scope.company(), rules)
    assert rec.company_star.employee_id == "x2"
    assert [s.employee_id for s in rec.department_stars] == ["x2", "y1"]


def test_equal_scores_by_the_formula_are_a_tie_decided_by_reach(engine, tmp_path):
    """reach 3,123 + 1 lead + 1 story and reach 8,123 + 1 story both score 18.123 exactly;
    the tie goes to the higher reach, in the database and in the plain ranking alike."""
    c = Company().dept("x")
    c.emp("x1", "x")
    c.emp("x2", "x")
    c.share("x1", "2026-05-11 10:00", 3123)
    c.lead("x1", "2026-05-12 10:00")
    c.story("x1", "2026-05-13")
    c.share("x2", "2026-05-11 11:00", 8123)
    c.story("x2", "2026-05-13")
    c.load(engine, tmp_path / "float-tie")
    rules = parse_rules(default_data())
    rows = employee_month_figures(engine, MONTH, Scope.company())
    scores = {p["employee_id"]: rules.star.score(p) for p in rows}
    assert scores == {"x1": Decimal("18.123"), "x2": Decimal("18.123")}
    company, per_department = stars_of(rules, MONTH, rows)
    assert (company.employee_id, per_department["x"].employee_id) == ("x2", "x2")
    assert star_ids(engine, [MONTH], rules.star.weights)[MONTH] == {None: "x2", "x": "x2"}


def test_star_weights_with_too_many_decimal_places_are_refused():
    data = default_data()
    data["star"]["score"] = {"reach": 0.0000001}
    assert "star.score: field 'reach' has more than 6 decimal places, not 1e-07" in \
        problems_of(data)
