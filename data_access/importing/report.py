"""What an import tells its caller: the problems found and the rows written."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, in words a marketing analyst understands.

    file: the file name as given ("shares.csv"), or for a workbook
    'book.xlsx, sheet "shares"'. line: as a spreadsheet shows it (header = 1,
    first data row = 2); None when the problem is about the whole file.
    """
    file: str
    line: int | None
    column: str | None
    value: str | None
    reason: str
    # for the pages: an i18n key and its arguments saying `reason` in the user's language
    code: str | None = field(default=None, compare=False)
    args: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class ImportResult:
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    # table -> {"inserted": n, "updated": n, "unchanged": n}; empty when refused
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    run_id: int | None = None
    problem_count: int | None = None     # every problem found; `problems` lists the first ones

    @property
    def problems_found(self) -> int:
        return len(self.problems) if self.problem_count is None else self.problem_count


def format_problem(p: Problem) -> str:
    """One line: 'shares.csv line 7, column "reach", value "-3": must be a whole number 0 or more'."""
    head = p.file if p.line is None else f"{p.file} line {p.line}"
    parts = [head]
    if p.column is not None:
        parts.append(f'column "{p.column}"')
    if p.value is not None:
        parts.append(f'value "{p.value}"')
    return f"{', '.join(parts)}: {p.reason}"


COUNT_KEYS = ("inserted", "updated", "unchanged")


def format_counts(result: ImportResult | dict[str, dict[str, int]]) -> str:
    """A small fixed-width table of inserted / updated / unchanged rows per table."""
    counts = result.counts if isinstance(result, ImportResult) else result
    if not counts:
        return "nothing imported"
    width = max(len("total"), *(len(t) for t in counts))
    lines = [f"{'table':<{width}}  " + "  ".join(f"{k:>9}" for k in COUNT_KEYS)]
    for table, c in counts.items():
        lines.append(f"{table:<{width}}  " + "  ".join(f"{c.get(k, 0):>9}" for k in COUNT_KEYS))
    totals = [sum(c.get(k, 0) for c in counts.values()) for k in COUNT_KEYS]
    lines.append(f"{'total':<{width}}  " + "  ".join(f"{n:>9}" for n in totals))
    return "\n".join(lines)
