"""The errors a knowledge base can have, each pinned to a file and line so an author can fix it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

MAX_REPORTED_ERRORS: Final = 100
"""At most this many errors are listed (`KnowledgeError.capped`); a line "and N more errors" says the rest."""


@dataclass(frozen=True, slots=True)
class LoadError:
    """One problem in one knowledge-base file. `line` is 1-based; None when the problem is the whole file."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """A knowledge base that cannot be used, with every problem found (not just the first)."""

    def __init__(
        self, errors: Iterable[LoadError], *, total: int | None = None, missing: Iterable[str] = ()
    ) -> None:
        self.errors: tuple[LoadError, ...] = tuple(errors)
        self.total = len(self.errors) if total is None else total
        """How many errors were found (more than are listed when they were capped)."""
        self.missing_sections: tuple[str, ...] = tuple(missing)
        """Sections that what was read refers to but no file defines (one section file read on its own)."""
        super().__init__("\n".join(str(error) for error in self.errors))

    @classmethod
    def capped(
        cls, errors: Sequence[LoadError], *, source: str, missing: Iterable[str] = ()
    ) -> KnowledgeError:
        """The first `MAX_REPORTED_ERRORS` of `errors` (in their order), then one line counting the rest
        (reported against `source`), so a file full of mistakes cannot flood a log, a terminal or Slack."""
        if len(errors) <= MAX_REPORTED_ERRORS:
            return cls(errors, missing=missing)
        more = len(errors) - MAX_REPORTED_ERRORS
        plural = "" if more == 1 else "s"
        listed = f"only the first {MAX_REPORTED_ERRORS} are listed"
        rest = LoadError(source, None, f"and {more:,} more error{plural} ({listed})")
        return cls([*errors[:MAX_REPORTED_ERRORS], rest], total=len(errors), missing=missing)

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)
