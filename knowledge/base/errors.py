"""The errors a knowledge base can have, each pinned to a file and line so an author can fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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

    def __init__(self, errors: Iterable[LoadError]) -> None:
        self.errors: tuple[LoadError, ...] = tuple(errors)
        super().__init__("\n".join(str(error) for error in self.errors))

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)
