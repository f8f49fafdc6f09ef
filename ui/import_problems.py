"""Import problems in the user's language where the importer gave a code for them
(importing.limits and the write guard's problems); the others keep their reason."""
from __future__ import annotations

from data_access.importing import Problem

from .format import number
from .session import tr


def problem_text(p: Problem) -> str:
    if not p.code:
        return p.reason
    args = {k: number(v) if isinstance(v, int) else v for k, v in p.args.items()}
    return tr(p.code, **args)
