"""Words typed together ("devopsengineer", "mlengineer", "dataengineer"): a word the knowledge base does not
know, and no spelling correction explains, is split in two where both halves are words it knows.

Only questions holding an unknown word are re-read (`knowledge.match.matcher`), so the questions the
knowledge base reads as they are pay nothing.
"""

from __future__ import annotations

from typing import Final, Protocol

from knowledge.match.text import fold, words

MIN_RUN_TOGETHER: Final = 6
"""Shorter words are not split: "mlops" is a word, and a split of a short word is usually a wrong guess."""
MIN_PART: Final = 2
"""Each half has at least this many letters ("ml" + "engineer")."""


class _Vocabulary(Protocol):
    vocab: frozenset[str]
    generic: frozenset[str]

    def key_of(self, raw: str) -> str: ...

    def correct(self, raw: str) -> str | None: ...


def _known(index: _Vocabulary, raw: str) -> bool:
    """Whether the word is a topic the knowledge base knows, and no everyday word ("pay" + "roll" is not
    "payroll")."""
    keys = index.key_of(raw).split()
    return bool(keys) and all(key in index.vocab and key not in index.generic for key in keys)


def _split(index: _Vocabulary, word: str) -> tuple[str, str] | None:
    """The split of `word` into two known words, the most even one when several fit; None if none does."""
    best: tuple[str, str] | None = None
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        even = best is None or min(len(head), len(tail)) > min(len(best[0]), len(best[1]))
        if even and _known(index, head) and _known(index, tail):
            best = (head, tail)
    return best


def split_run_together(question: str, index: _Vocabulary) -> str | None:
    """The question with its run-together words split, or None when there is none to split."""
    tokens = words(fold(question))
    changed = False
    out: list[str] = []
    for token in tokens:
        unknown = len(token) >= MIN_RUN_TOGETHER and token.isalpha() and not _known(index, token)
        if unknown and index.correct(token) is None:
            parts = _split(index, token)
            if parts is not None:
                out.extend(parts)
                changed = True
                continue
        out.append(token)
    return " ".join(out) if changed else None
