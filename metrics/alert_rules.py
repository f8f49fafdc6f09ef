"""Each alert's rule in one line, in the user's language: "below 80 % of the target 2,300".

The line is built from the alert alone (its value, threshold, `reference` and `progress`,
metrics/alerts.py), so it states exactly the comparison that fired it, pro-rating included.
"""
from __future__ import annotations

from i18n import metric_name, t

from .figures import RATE_METRICS

_FRACTIONS = ("reach_change", "suspect_ctr", "top_reach_share")
_RATIOS = ("shares_per_capita", "reach_per_share", "enps")   # not counts: keep decimals


def _pct(x: float) -> str:
    text = f"{x * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text} %"


def _num(metric: str, x: float | None) -> str:
    if x is None:
        return "—"
    if metric in RATE_METRICS or metric in _FRACTIONS:
        return _pct(x)
    if metric == "revenue":
        return f"¥{x:,.2f}"
    if float(x).is_integer() or metric not in _RATIOS:
        return f"{x:,.0f}"         # counts, and pro-rated counts in whole units
    return f"{x:,.2f}" if abs(x) < 100 else f"{x:,.0f}"


def rule_text(alert, lang: str = "zh") -> str:
    """The rule that fired `alert`, one line."""
    kind, metric = alert.type, alert.metric
    name = metric_name(metric, lang)
    ref, progress = alert.reference, alert.progress
    partial = progress < 1
    values = dict(metric=name, threshold=_num(metric, alert.threshold),
                  covered=_pct(progress))
    if kind == "target_miss" and ref:
        to_date = ref * progress
        values.update(ratio=_pct(alert.threshold / to_date), target=_num(metric, ref),
                      to_date=_num(metric, to_date))
        return t("rule.target_miss_partial" if partial else "rule.target_miss", lang, **values)
    if kind == "reach_drop" and ref:
        values.update(drop=_pct(-alert.threshold), previous=_num("reach", ref),
                      base=_num("reach", ref * progress))
        return t("rule.reach_drop_partial" if partial else "rule.reach_drop", lang, **values)
    if kind == "low_reach_per_share" and ref:
        values.update(ratio=_pct(alert.threshold / ref), median=_num(metric, ref))
        return t("rule.low_reach_per_share", lang, **values)
    if kind == "suspected_gaming" and metric == "suspect_ctr" and ref:
        values.update(ratio=_pct(alert.threshold / ref), department=_pct(ref))
        return t("rule.suspect_ctr", lang, **values)
    plain = {"low_participation", "low_conversion", "concentration", "unapproved_content",
             "burst_shares", "unwon_leads"}
    key = metric if kind == "suspected_gaming" else kind
    # without its reference (an alert made by hand) a rule still states its threshold
    return t(f"rule.{key}" if key in plain else "rule.below", lang, **values)
