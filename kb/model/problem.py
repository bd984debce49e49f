"""One problem found in the knowledge base: where it is, which rule, what to do."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """A finding with a place, so that every message can be clicked to in an editor."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    severity: str = ERROR
    # What the problem is about beyond its own file (a duplicated id, a missing target): lets the
    # index recheck only what an edit can have changed. Not part of equality or order.
    subject: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.rule}]"
