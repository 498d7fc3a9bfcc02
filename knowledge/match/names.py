"""Which names of a question's entries stand in place (side by side, in order) and which are scattered, and
which of the question's keys another entry's name takes (`Names.in_place`): the names table the scoring
(`knowledge.match.evidence`) reads."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection
from collections.abc import Set as AbstractSet
from typing import NamedTuple

from knowledge.match.phrases import NONE, Phrase
from knowledge.match.reading import Reading


class Claim(NamedTuple):
    """The names, complete and in place in a question, that take one of its keys."""

    entry: int
    """The entry with the longest of them."""
    size: int
    """That name's length in keys."""
    runner_up: int
    """The longest of another entry's (0 if none)."""

    @classmethod
    def of(cls, names: Collection[tuple[int, int]]) -> Claim:
        """From (entry, name length) pairs (at least one)."""
        entry, size = -1, 0
        for other, length in names:
            if length > size:
                entry, size = other, length
        runner_up = 0
        for other, length in names:
            if other != entry and length > runner_up:
                runner_up = length
        return cls(entry, size, runner_up)

    def longest_other(self, entry: int) -> int:
        """The longest name taking the key that is not `entry`'s (0 if none)."""
        return self.runner_up if entry == self.entry else self.size


class Names:
    """The names, ids and aliases among the phrases, indexed to tell which are in place in a question.

    A word that completes one entry's name in place ("software developer") is taken: it does not also complete
    another entry's name found scattered around it ("ML ... developer"), nor a shorter name inside it
    ("software engineer" inside "ML software engineer")."""

    def __init__(self, phrases: tuple[Phrase, ...]) -> None:
        self.phrases = phrases
        self.all = frozenset(i for i, phrase in enumerate(phrases) if phrase.named)
        one_word: dict[str, list[int]] = {}
        pairs: dict[tuple[str, str], list[int]] = {}
        for i, phrase in enumerate(phrases):
            if phrase.named and len(phrase.keys) == 1:
                (key,) = phrase.keys
                one_word.setdefault(key, []).append(phrase.entry)
            elif phrase.named and len(phrase.sequence) == 2:
                first, second = phrase.sequence
                pairs.setdefault((first, second), []).append(i)
        self.one_word_names: dict[str, tuple[tuple[int, int], ...]] = {
            key: tuple((entry, 1) for entry in dict.fromkeys(entries)) for key, entries in one_word.items()
        }
        """Key -> (entry, 1) for the entries with a name of that one key ("labeler"), each once: such a name
        is in place wherever the key is."""
        self.one_word_claims = {key: Claim.of(names) for key, names in self.one_word_names.items()}
        self.pairs: dict[tuple[str, str], tuple[int, ...]] = {k: tuple(v) for k, v in pairs.items()}
        """(first key, second key) -> the names of those two keys, in that order."""
        self.two_key = frozenset(i for group in self.pairs.values() for i in group)

    def in_place(
        self, reading: Reading, shared: AbstractSet[int]
    ) -> tuple[AbstractSet[int], dict[str, Claim]]:
        """Of the names among `shared` (phrases holding several of the question's keys), those found scattered
        (not side by side, in order); and for each key of the question, the names that take it. A key the
        question says twice is taken by none: each time may belong to another name ("ML engineers or
        scientists plus engineers")."""
        names = shared & self.all
        if not names:
            # No name holds two keys of the question, and then no claim matters: the only ones left, by
            # one-word names, take a key from nothing but names found scattered.
            return NONE, {}
        one_word = self.one_word_claims
        taken = {key: one_word[key] for key in reading.known if key in one_word}
        known = frozenset(reading.known)
        sequence = reading.sequence
        pairs = set(itertools.pairwise(sequence))
        # A two-key name is in place exactly where its keys stand side by side, in order.
        placed: set[int] = set()
        for pair in pairs:
            placed.update(self.pairs.get(pair, ()))
        scattered = set(names & self.two_key)
        scattered -= placed
        for index in names - self.two_key:
            phrase = self.phrases[index]
            present = list(filter(known.__contains__, phrase.sequence))
            if not side_by_side(present, sequence, pairs):
                scattered.add(index)
            elif len(present) == len(phrase.keys):
                placed.add(index)
        in_place: dict[str, list[tuple[int, int]]] = {}
        for index in placed:
            phrase = self.phrases[index]
            for key in phrase.sequence:
                in_place.setdefault(key, []).append((phrase.entry, len(phrase.keys)))
        for key, claims in in_place.items():
            taken[key] = Claim.of((*self.one_word_names.get(key, ()), *claims))
        return scattered, _but_repeated(taken, reading)


def _but_repeated(taken: dict[str, Claim], reading: Reading) -> dict[str, Claim]:
    """The claims on keys the question holds once only."""
    if len(reading.sequence) == len(reading.content) or not taken:  # no key is repeated
        return taken
    counts = Counter(reading.sequence)
    return {key: claim for key, claim in taken.items() if counts[key] == 1}


def side_by_side(present: list[str], sequence: tuple[str, ...], pairs: set[tuple[str, str]]) -> bool:
    """Whether a name's keys found in the question (`present`, in the name's order) stand side by side there,
    in that order; `pairs` are the question's neighbouring keys."""
    size = len(present)
    if size < 2:
        return True
    if size == 2:
        return (present[0], present[1]) in pairs
    first = present[0]
    for i in range(len(sequence) - size + 1):
        if sequence[i] == first and list(sequence[i : i + size]) == present:
            return True
    return False


def fallen_tops(
    top_names: tuple[tuple[int, int, int], ...], scattered: AbstractSet[int], *, claim: Claim | None
) -> set[int]:
    """The entries whose strongest phrase holding a key (`KeyScores.tops`) may not count as scored alone: a
    name found scattered (`scattered`: those among the phrases holding several of the question's keys), or
    one whose key another entry's longer name takes. (A name in place that holds other keys of the question
    too scores at least as much with them, in `knowledge.match.evidence.Scorer._add_shared`: the key is not
    taken from it there.)"""
    return {
        entry
        for entry, phrase, size in top_names
        if phrase in scattered or (claim is not None and size < claim.longest_other(entry))
    }
