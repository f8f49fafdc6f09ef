"""Who may see which people-level rows. Every people-level query takes a Scope."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, true


@dataclass(frozen=True)
class Scope:
    """None = the whole company; otherwise only these departments' people."""
    department_ids: frozenset[str] | None

    @classmethod
    def company(cls) -> "Scope":
        return cls(None)

    @classmethod
    def departments(cls, ids) -> "Scope":
        return cls(frozenset(ids))

    @property
    def is_company(self) -> bool:
        return self.department_ids is None

    def allows(self, department_id: str | None) -> bool:
        return self.department_ids is None or department_id in self.department_ids

    def narrow(self, department_id: str | None) -> "Scope":
        """The scope limited to one department; outside the caller's scope it is empty."""
        if department_id is None:
            return self
        return Scope(frozenset({department_id}) if self.allows(department_id) else frozenset())

    def filter(self, column) -> ColumnElement[bool]:
        """A WHERE clause limiting `column` (a department id column) to this scope."""
        if self.department_ids is None:
            return true()
        return column.in_(sorted(self.department_ids))
