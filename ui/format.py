"""Numbers, money, rates and months formatted for the chosen language."""
from __future__ import annotations

from data_access.months import parse_month
from metrics.figures import RATE_METRICS

UNDEFINED = "—"


def number(value, digits: int = 0) -> str:
    if value is None:
        return UNDEFINED
    return f"{value:,.{digits}f}"


def percent(value, digits: int = 1) -> str:
    return UNDEFINED if value is None else f"{value * 100:.{digits}f}%"


def money(value, lang: str = "zh") -> str:
    return UNDEFINED if value is None else f"¥{value:,.2f}"


def metric_value(metric: str, value, lang: str = "zh") -> str:
    if metric in RATE_METRICS:
        return percent(value)
    if metric == "revenue":
        return money(value, lang)
    if metric in ("shares_per_capita",) or (isinstance(value, float) and metric != "enps"
                                             and not float(value).is_integer()):
        return number(value, 2)
    if metric == "enps":
        return number(value, 1)
    return number(value)


def delta(metric: str, value) -> str | None:
    """Month-over-month change as st.metric's delta text (rates in percentage points)."""
    if value is None:
        return None
    if metric in RATE_METRICS:
        return f"{value * 100:+.1f} pp"
    if metric == "revenue":
        return f"{value:+,.2f}"
    return f"{value:+,.1f}" if isinstance(value, float) and not value.is_integer() else f"{value:+,.0f}"


def month_label(month: str, lang: str = "zh") -> str:
    y, m = parse_month(month)
    if lang == "zh":
        return f"{y}年{m}月"
    return ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
            "Dec"][m - 1] + f" {y}"


def day_label(day, lang: str = "zh") -> str:
    """A day as in "data through 20 Nov" / "数据截至 11月20日"."""
    if day is None:
        return UNDEFINED
    if lang == "zh":
        return f"{day.month}月{day.day}日"
    return f"{day.day} " + ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                            "Nov", "Dec"][day.month - 1]


def alert_value(metric: str, value, lang: str = "zh") -> str:
    """Alert metrics beside the spec's: changes and shares are fractions, shown as %."""
    from metrics.alerts import FRACTION_METRICS
    return percent(value) if metric in FRACTION_METRICS else metric_value(metric, value, lang)
