"""Roles, the pages each opens, and the data scope each gets."""
from __future__ import annotations

from dataclasses import dataclass

from data_access.scope import Scope

ROLES = ("committee", "marketing", "dept_head", "admin")
# Roles that see the whole company's people-level rows.
COMPANY_ROLES = frozenset({"committee", "marketing", "admin"})

# page key -> roles allowed to open it
PAGE_ROLES: dict[str, frozenset[str]] = {
    "review": frozenset(ROLES),
    "phases": frozenset(ROLES),
    "league": frozenset(ROLES),
    "team": frozenset(ROLES),
    "pilot": frozenset({"marketing", "admin"}),
    "alerts": frozenset(ROLES),
    "recognition": frozenset(ROLES),
    "health": frozenset(ROLES),
    "data": frozenset({"marketing", "admin"}),
    "admin": frozenset({"admin"}),
    "accounts": frozenset({"admin"}),
    "password": frozenset(ROLES),
}


@dataclass(frozen=True)
class User:
    username: str
    name: str
    roles: frozenset[str]
    department_ids: frozenset[str] = frozenset()

    @property
    def scope(self) -> Scope:
        """People-level data this user may see: the company, or their own departments."""
        if self.roles & COMPANY_ROLES:
            return Scope.company()
        if "dept_head" in self.roles:
            return Scope.departments(self.department_ids)
        return Scope.departments(())

    def may_open(self, page: str) -> bool:
        return bool(self.roles & PAGE_ROLES[page])

    @property
    def home(self) -> str:
        return "team" if self.roles == {"dept_head"} else "review"
