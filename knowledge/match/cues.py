"""The intent words of `knowledge.match.intents` as one snapshot's keys (stemmed, its synonyms applied), and
what a question's keys say about its shape: the kind of entry it points at, a recommendation request."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from knowledge.match.intents import (
    APPROACH_CUE_PAIRS,
    APPROACH_CUES,
    COMPARE_JOINERS,
    COMPARE_WORDS,
    GENERIC_WORDS,
    HELP_WORDS,
    RECOMMEND_TRIGGERS,
    RECOMMEND_WORDS,
    ROLE_CUE_SEQUENCES,
    ROLE_CUES,
    STOPWORDS,
    TASK_CUE_OPENERS,
    TASK_CUES,
)
from knowledge.match.reading import EntryKind, Synonyms, by_a_key, by_first_word, held_in_order


class Cues:
    """The intent words of `knowledge.match.intents` as keys (stemmed, with the snapshot's synonyms
    applied)."""

    def __init__(self, synonyms: Synonyms) -> None:
        def keys(words_: Iterable[str]) -> frozenset[str]:
            return frozenset(key for word in words_ for _, key in synonyms.apply([word]))

        def in_order(words_: Iterable[str]) -> tuple[str, ...]:
            return tuple(key for word in words_ for _, key in synonyms.apply([word]))

        self.help = keys(HELP_WORDS)
        self.generic = keys(GENERIC_WORDS)
        self.stop = keys(STOPWORDS) | self.help
        self.task = keys(TASK_CUES)
        self.role = keys(ROLE_CUES)
        self.approach = keys(APPROACH_CUES)
        self.compare = keys(COMPARE_WORDS)
        self.joiners = keys(COMPARE_JOINERS)
        self.recommend_words = frozenset().union(*(keys(t) for t in RECOMMEND_WORDS)) - self.stop
        self.cue = self.task | self.role | self.approach | self.compare | self.joiners | self.recommend_words
        self.approach_pairs = frozenset(
            (next(iter(keys([a]))), next(iter(keys([b])))) for a, b in APPROACH_CUE_PAIRS
        )
        self.approach_pair_ends = frozenset(second for _, second in self.approach_pairs)
        """The second keys of `approach_pairs`: most keys are none, and the pair is not looked up."""
        self.openers = keys(TASK_CUE_OPENERS)
        triggers = [in_order(trigger) for trigger in RECOMMEND_TRIGGERS]
        self.recommend_triggers = by_a_key(triggers)
        self.recommend_asked_by_who = by_a_key(t for t in triggers if t and t[0] in self.openers)
        """The triggers that still count in a "who <does> X" question: they ask who ("who should we hire")."""
        self.recommend_phrases = by_a_key(in_order(trigger) for trigger in RECOMMEND_WORDS)
        self.recommend_keys = frozenset(self.recommend_triggers) | frozenset(self.recommend_phrases)
        """The keys the triggers and words are filed under: a question holding none asks for nothing."""
        self.role_sequences = by_first_word(ROLE_CUE_SEQUENCES)
        by_kind: tuple[tuple[EntryKind, frozenset[str]], ...] = (
            ("task", self.task),
            ("role", self.role),
            ("approach", self.approach),
        )
        self.points_at: dict[str, frozenset[EntryKind]] = {
            key: frozenset(kind for kind, cues in by_kind if key in cues) for key in self.cue
        }
        """Cue key -> the kinds of entry it points at (none for compare and recommendation words)."""

    def is_content(self, key: str) -> bool:
        return bool(key) and not key.isdigit() and key not in self.stop and key not in self.cue

    def recommendation(
        self, keys: list[str], present: frozenset[str]
    ) -> tuple[Literal["trigger", "word"] | None, frozenset[str]]:
        """Whether the question's keys (every word, in order; `present` as a set) ask for a recommendation
        through a trigger or a word, and the keys of what asked."""
        filed_under = present & self.recommend_keys
        if not filed_under:
            return None, frozenset()
        # "who builds labeling tools for the team" asks who does a task, whatever words follow.
        asks_who_does = len(keys) > 1 and keys[0] in self.openers and keys[1] not in self.stop
        triggers = self.recommend_asked_by_who if asks_who_does else self.recommend_triggers
        trigger = held_in_order(keys, present, filed_under, triggers)
        if trigger:
            return "trigger", trigger
        if not asks_who_does:
            word = held_in_order(keys, present, filed_under, self.recommend_phrases)
            if word:
                return "word", word
        return None, frozenset()
