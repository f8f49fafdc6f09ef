"""What matters first (metrics/alert_priority.py) and each alert's rule in one line
(metrics/alert_rules.py), on constructed alerts."""
from __future__ import annotations

from metrics.alert_history import AlertStreak
from metrics.alert_priority import group, priority, rank
from metrics.alert_rules import rule_text
from metrics.alerts import COMPANY, Alert

SIZES = {"rnd": 40, "sales": 25, "ops": 12, "hr": 6}

# the names say what should order them
COMPANY_LEADS = Alert("target_miss", COMPANY, "leads", 60, 80, "medium", 100)
COMPANY_REACH = Alert("target_miss", COMPANY, "reach", 70_000, 80_000, "medium", 100_000)
COMPANY_SHARES = Alert("target_miss", COMPANY, "shares", 500, 1840, "high", 2300)
RND_PARTICIPATION = Alert("low_participation", "rnd", "participation_rate", 0.2, 0.3, "medium")
HR_PARTICIPATION = Alert("low_participation", "hr", "participation_rate", 0.1, 0.3, "high")
OPS_DROP = Alert("reach_drop", "ops", "reach_change", -0.5, -0.3, "medium", 9000)
SALES_DROP = Alert("reach_drop", "sales", "reach_change", -0.35, -0.3, "medium", 9000)
SALES_BURST = Alert("suspected_gaming", "sales", "burst_shares", 25, 20, "medium")
SALES_CTR = Alert("suspected_gaming", "sales", "suspect_ctr", 0.001, 0.005, "high", 0.02)
ALL = [SALES_BURST, OPS_DROP, COMPANY_LEADS, SALES_DROP, COMPANY_REACH, RND_PARTICIPATION,
       SALES_CTR, HR_PARTICIPATION, COMPANY_SHARES]


def test_rank_by_severity_core_streak_size_distance():
    streaks = {("reach_drop", "ops", "reach_change"): 3}
    assert rank(ALL, streaks, SIZES) == [
        HR_PARTICIPATION,      # high and core
        COMPANY_SHARES,        # high, the whole company (83 people)
        SALES_CTR,             # high, sales (25)
        RND_PARTICIPATION,     # medium, core
        OPS_DROP,              # medium, 3 months in a row
        COMPANY_LEADS,         # medium, the company; 25 % beyond its threshold ...
        COMPANY_REACH,         # ... before 12.5 %
        SALES_BURST,           # sales (25): 25 % beyond its threshold ...
        SALES_DROP]            # ... before 16.7 % beyond -30 %
    assert ALL[0] is SALES_BURST                          # the input is not reordered


def test_rank_distance_breaks_ties_within_a_department():
    # same severity, type class, streak and department: further from the threshold first
    assert rank([SALES_DROP, SALES_BURST], None, SIZES) == [SALES_BURST, SALES_DROP]
    assert priority(SALES_BURST, None, SIZES)[4] == -0.25
    assert abs(priority(SALES_DROP, None, SIZES)[4] + 0.05 / 0.3) < 1e-12


def test_rank_reads_streak_items_and_ranks_the_company_first_without_sizes():
    items = [AlertStreak(OPS_DROP, 1, "2026-11"), AlertStreak(SALES_DROP, 4, "2026-08"),
             AlertStreak(COMPANY_LEADS, 1, "2026-11")]
    assert [i.alert for i in rank(items)] == [SALES_DROP, COMPANY_LEADS, OPS_DROP]


def test_group_company_target_misses_as_one_item():
    groups = group(ALL, {("reach_drop", "ops", "reach_change"): 3}, SIZES)
    assert [(g.type, g.department_id, g.metrics) for g in groups] == [
        ("low_participation", "hr", ["participation_rate"]),
        ("target_miss", COMPANY, ["shares", "leads", "reach"]),
        ("suspected_gaming", "sales", ["suspect_ctr", "burst_shares"]),
        ("low_participation", "rnd", ["participation_rate"]),
        ("reach_drop", "ops", ["reach_change"]),
        ("reach_drop", "sales", ["reach_change"])]
    assert [g.severity for g in groups] == ["high", "high", "high", "medium", "medium", "medium"]
    item = groups[1].as_dict("en")
    assert item["department_name"] == "Company" and item["metrics"] == ["shares", "leads", "reach"]
    assert [a["rule"] for a in item["alerts"]] == [
        "Shares below 80 % of the target 2,300", "Leads below 80 % of the target 100",
        "Reach below 80 % of the target 100,000"]


def test_rule_lines_in_both_languages():
    assert rule_text(COMPANY_SHARES, "en") == "Shares below 80 % of the target 2,300"
    assert rule_text(COMPANY_SHARES, "zh") == "转发数低于目标 2,300 的 80 %"
    partial = Alert("target_miss", COMPANY, "shares", 500, 1840 * 2 / 3, "high", 2300, 2 / 3)
    assert rule_text(partial, "en") == (
        "Shares below 80 % of the target 2,300 pro-rated to the 66.7 % of the month covered "
        "(1,533)")
    assert rule_text(OPS_DROP, "en") == "reach more than 30 % below last month's 9,000"
    drop = Alert("reach_drop", "ops", "reach_change", -0.5, -0.3, "medium", 9000, 0.5)
    assert rule_text(drop, "zh") == "触达比上月 9,000 按已覆盖天数（50 %）折算的 4,500 下降超过 30 %"
    assert rule_text(RND_PARTICIPATION, "en") == (
        "participation rate below the threshold 30 %")
    assert rule_text(SALES_CTR, "en") == (
        "a sharer's click-through below 25 % of the department's 2 %")
    assert rule_text(SALES_BURST, "zh") == "同一人在数分钟内转发同一内容达 20 次以上"
    # an alert made without a reference still states its threshold
    assert rule_text(Alert("target_miss", "a", "reach", 1, 2, "medium"), "en") == "Reach below 2"
