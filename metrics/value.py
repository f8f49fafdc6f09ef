"""Earned media value (EMV): what the programme's reach and clicks would have cost as ads.

    EMV = reach / 1000 x CPM + clicks x CPC

CPM (value of 1,000 people reached), CPC (value of one click) and the currency are
settings ([value] in config/settings.toml: cpm 60, cpc 2, CNY; an administrator may
override them). Reach and clicks are the spec's (shares with shared_at in the month),
so EMV is additive: the departments' EMV sums to the company's.
"""
from __future__ import annotations

from dataclasses import dataclass

from i18n import t

from .settings import Settings

FORMULA = "EMV = reach / 1000 × CPM + clicks × CPC"
DEFAULTS = {"value.cpm": 60.0, "value.cpc": 2.0, "value.currency": "CNY"}


@dataclass(frozen=True)
class ValueRates:
    cpm: float
    cpc: float
    currency: str = "CNY"

    @classmethod
    def from_settings(cls, settings: Settings) -> "ValueRates":
        values = settings.values
        cpm = settings.number("value.cpm") if "value.cpm" in values else DEFAULTS["value.cpm"]
        cpc = settings.number("value.cpc") if "value.cpc" in values else DEFAULTS["value.cpc"]
        currency = str(values.get("value.currency", DEFAULTS["value.currency"]))
        return cls(cpm, cpc, currency)


@dataclass(frozen=True)
class Value:
    reach_value: float
    click_value: float

    @property
    def emv(self) -> float:
        return self.reach_value + self.click_value


def value_of(reach, clicks, rates: ValueRates) -> Value:
    """EMV of a reach and a click count (None counts as 0)."""
    return Value(float(reach or 0) / 1000.0 * rates.cpm, float(clicks or 0) * rates.cpc)


def emv(reach, clicks, rates: ValueRates) -> float:
    return value_of(reach, clicks, rates).emv


def formula_text(rates: ValueRates, lang: str = "zh") -> str:
    """The formula with the rates in force, for the page and the review."""
    return t("value.formula", lang, cpm=f"{rates.cpm:g}", cpc=f"{rates.cpc:g}",
             currency=rates.currency)


def review_value(review, rates: ValueRates) -> dict:
    """EMV of a MonthReview: {"company": Value, "previous": Value (last month),
    "departments": {department_id: Value}}."""
    return {
        "company": value_of(review.company.values["reach"], review.company.values["clicks"], rates),
        "previous": value_of(review.company.previous["reach"], review.company.previous["clicks"],
                             rates),
        "departments": {d.department_id: value_of(d.values["reach"], d.values["clicks"], rates)
                        for d in review.departments},
    }
