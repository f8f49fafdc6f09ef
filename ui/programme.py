"""Cached loaders for the Recognition and Value-and-health pages.

Keys are what is asked (month, Scope, language, the rules file and its modification
time), never the user: Scope is a frozen dataclass, so a department head's entry can
never be served to a wider scope or the other way round. The rules file's mtime is in
the key, so an administrator's edit shows at once. `ui.data.clear()` empties these too.
"""
from __future__ import annotations

import pandas as pd

from data_access.scope import Scope
from exports.bonus_sheet import flagged_people, month_bonus_workbook
from metrics import health, incentives
from metrics.alerts import Alert, alert_evidence, gaming_evidence

from .data import TTL, data_span
from .session import engine, settings
from .versioned import cached


def rules() -> tuple[incentives.IncentiveRules, tuple[str, float]]:
    """The incentive rules (IncentiveRulesError when the file is wrong) and their cache key."""
    path = incentives.rules_path(settings())
    key = (str(path), path.stat().st_mtime if path.exists() else 0.0)
    return _rules(*key), key


@cached(ttl=TTL)
def _rules(path: str, mtime: float) -> incentives.IncentiveRules:
    return incentives.load_rules(path)


@cached(ttl=TTL)
def recognition(month: str, scope: Scope, rules_key: tuple[str, float]
                ) -> incentives.Recognition:
    return incentives.recognition(engine(), month, scope, _rules(*rules_key))


@cached(ttl=TTL)
def gaming_rows(month: str, scope: Scope) -> list[dict]:
    return gaming_evidence(engine(), month, scope, settings())


@cached(ttl=TTL)
def flagged(month: str, scope: Scope) -> set[str]:
    return flagged_people(engine(), month, scope, settings())


@cached(ttl=TTL)
def bonus_workbook(month: str, scope: Scope, lang: str, rules_key: tuple[str, float]) -> bytes:
    """Exactly what `manage.py bonuses --month M --lang L` writes (for the company scope)."""
    return month_bonus_workbook(engine(), month, scope, lang, settings(), _rules(*rules_key))


@cached(ttl=TTL)
def health_frame(month: str, company_label: str) -> pd.DataFrame:
    span = data_span()
    return health.health_frame(engine(), month, first_month=span[0] if span else None,
                               company_label=company_label)


@cached(ttl=TTL)
def evidence(month: str, scope: Scope, alert: Alert) -> list[dict]:
    """The people-level rows behind an alert, as far as `scope` reaches (else [])."""
    return alert_evidence(engine(), month, scope, alert, settings())
