"""Incentives and recognition: the rules file, the monthly bonus sheet, the stars.

The rules live in config/incentives.toml (or the file named by DASHBOARD_INCENTIVES,
or by the setting incentives.file): an administrator changes amounts, thresholds,
groups and the star's score there, without touching code. `load_rules` validates the
whole file and raises IncentiveRulesError listing every problem with the rule and
field it is in.

Per-person figures come from data_access.person_facts (SQL grouped by employee, Scope
filtered). The bonus sheet has one line per person per rule that paid something:

- percent rule: amount = percent / 100 x the person's figure, rounded to the cent
  (half up); no line when that is 0;
- fixed rule: `amount` when the figure is >= at_least (or > more_than);
- star prize: the company's star of the month gets star.company_prize, each
  department's star star.department_prize (lines only when the prize is > 0).

Rules apply to everyone with figures in the month, unless limited by `group` (only
members) and/or `not_group` (no members). A person is in a group when their department
is one of its departments or their position contains one of its keywords.

The marketing star (营销达人): among the month's participants (in the headcount, with a
share, lead or story), the highest score = sum of weight x figure (default reach/1000
+ 5 x leads + 20 x won + 10 x stories); ties go to the higher reach, then the smaller
employee id; nobody is star with a score of 0. One company star, one per department.
Only people who took part are ranked, and only the stars are shown: there is no list
of who did not take part.

Scope: stars are decided over the whole company (a department's star is the best of
that department whoever looks): the database ranks everyone and hands back employee ids
only. Names and figures are read with the caller's Scope, in SQL, so every function here
returns only people inside it; a department head sees the department of the company
star, not their name, when the star is from another department.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import Engine

from data_access.months import previous, window
from data_access.person_facts import FIGURES, employee_month_figures, star_ids
from data_access.scope import Scope
from i18n import t

from .settings import ROOT, Settings

DEFAULT_FILE = ROOT / "config" / "incentives.toml"
CENT = Decimal("0.01")
RULE_METRICS = FIGURES                    # shares, reach, clicks, leads, won, revenue, stories
STAR_COMPANY, STAR_DEPARTMENT = "star_company", "star_department"
_ID = re.compile(r"^[A-Za-z0-9_\-]+$")


class IncentiveRulesError(ValueError):
    """The rules file is wrong; the message lists every problem."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path, self.problems = _shown(path), problems
        super().__init__(f"{self.path}: {len(problems)} problem(s) in the incentive rules:\n"
                         + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class Group:
    id: str
    name_zh: str
    name_en: str
    departments: frozenset[str]
    position_keywords: tuple[str, ...]

    def has(self, person: dict) -> bool:
        position = person.get("position") or ""
        return (person["department_id"] in self.departments
                or any(k in position for k in self.position_keywords))


@dataclass(frozen=True)
class Rule:
    id: str
    name_zh: str
    name_en: str
    metric: str
    percent: Decimal | None = None
    amount: Decimal | None = None
    at_least: float | None = None
    more_than: float | None = None
    group: str | None = None
    not_group: str | None = None

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en

    def describe(self) -> str:
        """The rule in one line (English, for docs and messages)."""
        if self.percent is not None:
            what = f"{self.percent}% of {self.metric}"
        elif self.at_least is not None:
            what = f"{self.amount} when {self.metric} >= {self.at_least:g}"
        else:
            what = f"{self.amount} when {self.metric} > {self.more_than:g}"
        who = (f" for {self.group}" if self.group else "") + (
            f" except {self.not_group}" if self.not_group else "")
        return what + who


@dataclass(frozen=True)
class StarRules:
    company_prize: Decimal
    department_prize: Decimal
    streak_months: int
    weights: dict[str, Decimal]       # exact: equal scores by the formula are equal here

    def score(self, person: dict) -> Decimal:
        return sum((Decimal(str(person[m])) * w for m, w in self.weights.items()), Decimal(0))


@dataclass(frozen=True)
class IncentiveRules:
    currency: str
    groups: dict[str, Group]
    rules: tuple[Rule, ...]
    star: StarRules
    path: str = ""

    def applies(self, rule: Rule, person: dict) -> bool:
        if rule.group and not self.groups[rule.group].has(person):
            return False
        if rule.not_group and self.groups[rule.not_group].has(person):
            return False
        return True


# --- loading and validation --------------------------------------------------------------------

def rules_path(settings: Settings | None = None) -> Path:
    """DASHBOARD_INCENTIVES, else the setting incentives.file, else config/incentives.toml;
    a relative path is taken from the project folder."""
    configured = os.environ.get("DASHBOARD_INCENTIVES")
    if not configured and settings is not None:
        configured = settings.values.get("incentives.file")
    path = Path(str(configured)) if configured else DEFAULT_FILE
    return path if path.is_absolute() else ROOT / path


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class _Checker:
    def __init__(self):
        self.problems: list[str] = []

    def add(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(f"{where}: field '{field_name}' {message}")

    def number(self, table: dict, where: str, name: str, *, required: bool = True,
               minimum: float = 0.0, maximum: float | None = None, whole: bool = False):
        if name not in table:
            if required:
                self.add(where, name, "is missing")
            return None
        value = table[name]
        if not _is_number(value):
            self.add(where, name, f"must be a number, not {value!r}")
            return None
        if value < minimum or (maximum is not None and value > maximum):
            bounds = f">= {minimum:g}" + (f" and <= {maximum:g}" if maximum is not None else "")
            self.add(where, name, f"must be {bounds}, not {value!r}")
            return None
        if whole and int(value) != value:
            self.add(where, name, f"must be a whole number, not {value!r}")
            return None
        return value

    def text(self, table: dict, where: str, name: str, *, required: bool = True):
        if name not in table:
            if required:
                self.add(where, name, "is missing")
            return None
        value = table[name]
        if not isinstance(value, str) or not value.strip():
            self.add(where, name, f"must be a non-empty text, not {value!r}")
            return None
        return value.strip()

    def texts(self, table: dict, where: str, name: str) -> list[str]:
        value = table.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            self.add(where, name, f"must be a list of texts, e.g. [\"sales\"], not {value!r}")
            return []
        return [v.strip() for v in value]

    def unknown(self, table: dict, where: str, known: set[str]) -> None:
        for key in sorted(set(table) - known):
            self.add(where, key, f"is not a known field (known: {', '.join(sorted(known))})")


GROUP_FIELDS = {"name_zh", "name_en", "departments", "position_keywords"}
RULE_FIELDS = {"id", "name_zh", "name_en", "metric", "percent", "amount", "at_least",
               "more_than", "group", "not_group"}
WEIGHT_PLACES = 6           # star weights are compared exactly, as scaled integers in SQL
STAR_FIELDS = {"company_prize", "department_prize", "streak_months", "score"}
TOP_FIELDS = {"currency", "groups", "star", "rules"}


def parse_rules(data: dict, path: Path | str = "<rules>") -> IncentiveRules:
    """Validate a parsed rules file; IncentiveRulesError lists every problem."""
    c = _Checker()
    c.unknown(data, "file", TOP_FIELDS)
    currency = c.text(data, "file", "currency", required=False) or "CNY"

    groups: dict[str, Group] = {}
    raw_groups = data.get("groups", {})
    if not isinstance(raw_groups, dict):
        c.add("file", "groups", "must be tables like [groups.sales_staff]")
        raw_groups = {}
    for gid, g in raw_groups.items():
        where = f"group '{gid}'"
        if not isinstance(g, dict):
            c.add(where, gid, "must be a table")
            continue
        c.unknown(g, where, GROUP_FIELDS)
        departments = c.texts(g, where, "departments")
        keywords = c.texts(g, where, "position_keywords")
        if not departments and not keywords and "departments" not in g \
                and "position_keywords" not in g:
            c.add(where, "departments", "or 'position_keywords' must list who is in the group")
        groups[gid] = Group(gid, c.text(g, where, "name_zh", required=False) or gid,
                            c.text(g, where, "name_en", required=False) or gid,
                            frozenset(departments), tuple(keywords))

    rules: list[Rule] = []
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        c.add("file", "rules", "must be [[rules]] tables")
        raw_rules = []
    seen: set[str] = set()
    for i, r in enumerate(raw_rules, 1):
        if not isinstance(r, dict):
            c.add(f"rules #{i}", "rules", "must be a [[rules]] table")
            continue
        rid = r.get("id")
        where = f"rule '{rid}' (rules #{i})" if isinstance(rid, str) else f"rules #{i}"
        before = len(c.problems)
        c.unknown(r, where, RULE_FIELDS)
        rid = c.text(r, where, "id")
        if rid is not None:
            if not _ID.match(rid):
                c.add(where, "id", f"may hold only letters, digits, _ and -, not {rid!r}")
            elif rid in seen or rid in (STAR_COMPANY, STAR_DEPARTMENT):
                c.add(where, "id", f"{rid!r} is used twice (ids must be unique)")
            seen.add(rid)
        metric = c.text(r, where, "metric")
        if metric is not None and metric not in RULE_METRICS:
            c.add(where, "metric", f"must be one of {', '.join(RULE_METRICS)}, not {metric!r}")
        for name in ("group", "not_group"):
            gid = c.text(r, where, name, required=False)
            if gid is not None and gid not in groups:
                c.add(where, name, f"names the group {gid!r}, which is not defined "
                                   f"(defined: {', '.join(sorted(groups)) or 'none'})")
        has_percent, has_amount = "percent" in r, "amount" in r
        percent = amount = at_least = more_than = None
        if has_percent == has_amount:
            c.add(where, "percent", "or 'amount' must be given (exactly one of them)")
        elif has_percent:
            percent = c.number(r, where, "percent", maximum=100)
            for extra in ("at_least", "more_than"):
                if extra in r:
                    c.add(where, extra, "only goes with 'amount' (a fixed amount), not "
                                        "with 'percent'")
        else:
            amount = c.number(r, where, "amount")
            if ("at_least" in r) == ("more_than" in r):
                c.add(where, "at_least", "or 'more_than' must be given with 'amount' "
                                         "(exactly one of them)")
            else:
                at_least = c.number(r, where, "at_least", required=False)
                more_than = c.number(r, where, "more_than", required=False)
        if len(c.problems) == before:
            rules.append(Rule(
                rid, c.text(r, where, "name_zh", required=False) or rid,
                c.text(r, where, "name_en", required=False) or rid, metric,
                percent=None if percent is None else Decimal(str(percent)),
                amount=None if amount is None else Decimal(str(amount)).quantize(CENT),
                at_least=at_least, more_than=more_than,
                group=r.get("group"), not_group=r.get("not_group")))

    star = data.get("star", {})
    if not isinstance(star, dict):
        c.add("file", "star", "must be a [star] table")
        star = {}
    c.unknown(star, "star", STAR_FIELDS)
    company_prize = c.number(star, "star", "company_prize", required=False)
    department_prize = c.number(star, "star", "department_prize", required=False)
    streak = c.number(star, "star", "streak_months", required=False, minimum=2, maximum=12,
                      whole=True)
    score = star.get("score", {"reach": 0.001, "leads": 5, "won": 20, "stories": 10})
    weights: dict[str, Decimal] = {}
    if not isinstance(score, dict):
        c.add("star", "score", "must be a [star.score] table of metric = weight")
    else:
        before = len(c.problems)
        for metric, weight in score.items():
            if metric not in RULE_METRICS:
                c.add("star.score", metric, f"is not a metric (use {', '.join(RULE_METRICS)})")
            elif c.number(score, "star.score", metric) is not None:
                exact = Decimal(str(weight))
                if -exact.as_tuple().exponent > WEIGHT_PLACES:
                    c.add("star.score", metric,
                          f"has more than {WEIGHT_PLACES} decimal places, not {weight!r}")
                else:
                    weights[metric] = exact
        if len(c.problems) == before and not any(w > 0 for w in weights.values()):
            c.add("star.score", "score", "needs at least one weight above 0 (e.g. reach = 0.001)")
    if c.problems:
        raise IncentiveRulesError(path, c.problems)
    return IncentiveRules(
        currency, groups, tuple(rules),
        StarRules(Decimal(str(company_prize if company_prize is not None else 1000)).quantize(CENT),
                  Decimal(str(department_prize or 0)).quantize(CENT),
                  int(streak if streak is not None else 3), weights),
        _shown(path))


def _shown(path: Path | str) -> str:
    """The path as shown to users: relative to the project folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def load_rules(path: Path | str | None = None, settings: Settings | None = None
               ) -> IncentiveRules:
    """Read and validate the rules file (see rules_path for which file)."""
    path = Path(path) if path is not None else rules_path(settings)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise IncentiveRulesError(path, ["the file does not exist"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise IncentiveRulesError(path, [f"is not valid TOML: {exc}"]) from None
    return parse_rules(data, path)


# --- the bonus sheet ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BonusLine:
    employee_id: str
    name: str
    department_id: str
    position: str | None
    rule_id: str
    rule_name_zh: str
    rule_name_en: str
    metric: str              # the figure the rule looked at ("score" for star prizes)
    basis: float             # that figure's value
    amount: Decimal

    def rule_name(self, lang: str) -> str:
        return self.rule_name_zh if lang == "zh" else self.rule_name_en


def rule_amount(rule: Rule, person: dict) -> Decimal:
    value = person[rule.metric]
    if rule.percent is not None:
        base = value if isinstance(value, Decimal) else Decimal(int(value))
        return (base * rule.percent / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)
    if rule.at_least is not None:
        return rule.amount if float(value) >= rule.at_least else Decimal(0)
    return rule.amount if float(value) > rule.more_than else Decimal(0)


def person_lines(rules: IncentiveRules, person: dict) -> list[BonusLine]:
    """The lines the rules (without star prizes) give one person for their month."""
    lines = []
    for rule in rules.rules:
        if not rules.applies(rule, person):
            continue
        amount = rule_amount(rule, person)
        if amount > 0:
            lines.append(BonusLine(person["employee_id"], person["name"], person["department_id"],
                                   person["position"], rule.id, rule.name_zh, rule.name_en,
                                   rule.metric, float(person[rule.metric]), amount))
    return lines


# --- stars -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Star:
    month: str
    kind: str                # company | department
    employee_id: str
    name: str
    department_id: str
    score: Decimal
    figures: dict = field(default_factory=dict, compare=False)


def _rank_key(rules: IncentiveRules, person: dict):
    return (-rules.star.score(person), -person["reach"], person["employee_id"])


def stars_of(rules: IncentiveRules, month: str, people: list[dict]) -> tuple[Star | None,
                                                                             dict[str, Star]]:
    """(company star, {department_id: star}) among the participants in `people` (the whole
    company's rows of the month), ranked in Python: the plain reference of the database
    ranking (person_facts.star_ids) that `recognition` uses."""
    def star(kind, person):
        return Star(month, kind, person["employee_id"], person["name"], person["department_id"],
                    rules.star.score(person), {f: person[f] for f in FIGURES})

    ranked = sorted((p for p in people if p["participated"] and rules.star.score(p) > 0),
                    key=lambda p: _rank_key(rules, p))
    company = star("company", ranked[0]) if ranked else None
    per_department: dict[str, Star] = {}
    for p in ranked:
        per_department.setdefault(p["department_id"], star("department", p))
    return company, per_department


@dataclass
class Recognition:
    """What the Recognition page shows for a month, limited to one Scope."""
    month: str
    currency: str
    company_star: Star | None            # None when there is none or it is outside the scope
    company_star_department: str | None  # the company star's department (any scope)
    department_stars: list[Star]         # departments inside the scope
    streaks: list[tuple[Star, int]]      # (this month's star, months in a row) >= streak_months
    lines: list[BonusLine]               # the bonus sheet of the people inside the scope

    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


def month_stars(month: str, rules: IncentiveRules, rows: list[dict],
                ids: dict[str | None, str]) -> tuple[Star | None, dict[str, Star]]:
    """(company star, {department_id: star}) of `month`: the stars ranked by the database
    (`ids` from person_facts.star_ids) that are among `rows` (the caller's scope)."""
    by_id = {p["employee_id"]: p for p in rows}

    def star(kind, employee_id):
        p = by_id[employee_id]
        return Star(month, kind, employee_id, p["name"], p["department_id"],
                    rules.star.score(p), {f: p[f] for f in FIGURES})

    company = star("company", ids[None]) if ids.get(None) in by_id else None
    return company, {d: star("department", e) for d, e in sorted(ids.items(), key=str)
                     if d is not None and e in by_id}


def star_runs(ids_by_month: dict[str, dict[str | None, str]], month: str) -> dict[str, int]:
    """For each star of `month`: how many months in a row, up to `month`, they were the
    company's or their department's star (within the months of `ids_by_month`)."""
    runs: dict[str, int] = {}
    for employee_id in set(ids_by_month[month].values()):
        n, m = 0, month
        while m in ids_by_month and employee_id in ids_by_month[m].values():
            n, m = n + 1, previous(m)
        runs[employee_id] = n
    return runs


def recognition(engine: Engine, month: str, scope: Scope, rules: IncentiveRules,
                lookback: int = 12) -> Recognition:
    """Stars, streaks (up to `lookback` months) and bonus lines of `month` for the people
    inside `scope`.

    Stars need the whole company's ranking: the database ranks everyone and returns ids
    only (person_facts.star_ids); names and figures are read for `scope` alone, in SQL.
    The company's star is also their department's, which tells a head where it is from."""
    ids_by_month = star_ids(engine, window(month, max(1, lookback)), rules.star.weights)
    ids = ids_by_month[month]
    people = employee_month_figures(engine, month, scope)
    company, per_dep = month_stars(month, rules, people, ids)
    company_department = next((d for d, e in ids.items()
                               if d is not None and e == ids.get(None)), None)

    lines: list[BonusLine] = []
    for person in people:
        lines += person_lines(rules, person)
    prizes = []
    if company and rules.star.company_prize > 0:
        prizes.append((company, STAR_COMPANY, rules.star.company_prize))
    if rules.star.department_prize > 0:
        prizes += [(s, STAR_DEPARTMENT, rules.star.department_prize)
                   for _, s in sorted(per_dep.items())]
    position = {p["employee_id"]: p["position"] for p in people}
    for s, rule_id, prize in prizes:
        lines.append(BonusLine(s.employee_id, s.name, s.department_id, position.get(s.employee_id),
                               rule_id, *_STAR_NAMES[rule_id], "score", float(s.score), prize))
    lines.sort(key=lambda line: (line.department_id, line.employee_id, _line_order(rules, line)))

    current: dict[str, Star] = {}
    for s in ([company] if company else []) + [per_dep[d] for d in sorted(per_dep)]:
        current.setdefault(s.employee_id, s)
    runs = star_runs(ids_by_month, month)
    streaks = [(s, runs[e]) for e, s in current.items()
               if runs[e] >= rules.star.streak_months]
    return Recognition(month, rules.currency, company, company_department,
                       [per_dep[d] for d in sorted(per_dep)], streaks, lines)


_STAR_NAMES = {rule_id: (t(f"recognition.rule.{rule_id}", "zh"),
                         t(f"recognition.rule.{rule_id}", "en"))
               for rule_id in (STAR_COMPANY, STAR_DEPARTMENT)}


def _line_order(rules: IncentiveRules, line: BonusLine) -> int:
    ids = [r.id for r in rules.rules] + [STAR_COMPANY, STAR_DEPARTMENT]
    return ids.index(line.rule_id) if line.rule_id in ids else len(ids)


def bonus_lines(engine: Engine, month: str, scope: Scope, rules: IncentiveRules
                ) -> list[BonusLine]:
    """The month's bonus sheet for the people inside `scope`."""
    return recognition(engine, month, scope, rules, lookback=1).lines


def totals_by_person(lines: list[BonusLine]) -> list[dict]:
    out: dict[str, dict] = {}
    for line in lines:
        row = out.setdefault(line.employee_id, {
            "employee_id": line.employee_id, "name": line.name,
            "department_id": line.department_id, "position": line.position,
            "lines": 0, "amount": Decimal(0)})
        row["lines"] += 1
        row["amount"] += line.amount
    return list(out.values())


def totals_by_rule(lines: list[BonusLine], rules: IncentiveRules | None = None) -> list[dict]:
    """Per rule: people paid and the amount, in the order of the rules file (stars last)."""
    out: dict[str, dict] = {}
    for line in lines:
        row = out.setdefault(line.rule_id, {"rule_id": line.rule_id,
                                            "rule_name_zh": line.rule_name_zh,
                                            "rule_name_en": line.rule_name_en,
                                            "people": 0, "amount": Decimal(0)})
        row["people"] += 1
        row["amount"] += line.amount
    if rules is None:
        return list(out.values())
    ids = [r.id for r in rules.rules] + [STAR_COMPANY, STAR_DEPARTMENT]
    return sorted(out.values(), key=lambda r: ids.index(r["rule_id"]) if r["rule_id"] in ids
                  else len(ids))
