"""Reading a question against one snapshot's vocabulary: words joined and split, synonyms applied, unknown
words spelling-corrected, and the question's shape read from its cue words (`Reader.read` -> `Reading`)."""

from __future__ import annotations

import dataclasses
import operator
import threading
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.match.cues import Cues
from knowledge.match.intents import TASK_CUE_OPENERS
from knowledge.match.reading import (
    CUE,
    KNOWN,
    SKIP,
    UNKNOWN,
    EntryKind,
    Reading,
    Synonyms,
    Word,
    has_sequence,
    means_together,
    span,
)
from knowledge.match.text import STEM_CUT_ENDINGS, fold, stem, stem_heads, words

MAX_QUESTION_CHARS: Final = 1000
"""Only this much of a question is read: every question people ask fits, and a pasted essay stays fast."""
MAX_QUESTION_WORDS: Final = 60
MAX_CORRECTIONS: Final = 8
"""At most this many unknown words per question are spelling-corrected (each scans the spellings that share
its first letter)."""
MIN_CORRECTABLE: Final = 5
"""Shorter words are matched exactly: "de", "swe", "sme" and "mle" are abbreviations, not typos."""
SHORT_WORD: Final = 6
SAME_START_SHORT: Final = 2
"""A corrected word of up to SHORT_WORD letters must keep its first two letters: one edit turns many short
words into others ("lunch" -> "launch"), while real typos rarely hit the start ("lable" -> "label")."""
_CORRECTION_CACHE_SIZE: Final = 4096
_WORD_CACHE_SIZE: Final = 8192


def max_edits(word: str) -> int:
    """Typos tolerated in a word of this length: none up to 4 letters, 1 up to 7, then 2."""
    if len(word) < MIN_CORRECTABLE:
        return 0
    return 1 if len(word) <= 7 else 2


class Reader:
    """Reads questions against one snapshot's vocabulary. Immutable after construction except for bounded
    caches of spelling corrections and of how words read (`Word`)."""

    def __init__(
        self,
        *,
        synonyms: Synonyms,
        cues: Cues,
        vocab: frozenset[str],
        spellings: dict[str, str],
        claims: dict[str, int],
    ) -> None:
        """`spellings`: the knowledge base's raw words (long enough to correct) -> their keys; `claims`: the
        folded ids, names and aliases -> entry position."""
        self._words: dict[str, Word] = {}
        self._lock = threading.Lock()
        self.synonyms = synonyms
        self.cues = cues
        self.vocab = vocab
        self.claims = claims
        self._known_stems: frozenset[str] = frozenset(
            word
            for word in {*vocab, *synonyms.single}
            if self._is_topic(" ".join(synonyms.single.get(word, (word,))))
        )
        """The stems whose key is a topic the knowledge base knows (`_knows`)."""
        self._join_heads = stem_heads(self._known_stems)
        """What a word must begin with for another to join it into a known word (`_join`)."""
        raw_words = dict(spellings)
        for variant in synonyms.variants:
            for word in words(fold(variant)):
                spelling = word.replace("-", "")
                if len(spelling) >= MIN_CORRECTABLE and self.key_of(spelling) in self.vocab:
                    raw_words.setdefault(spelling, self.key_of(spelling))
        by_first: dict[str, list[str]] = {}
        for spelling in sorted(raw_words):
            by_first.setdefault(spelling[0], []).append(spelling)
        self._spellings = {first: tuple(group) for first, group in by_first.items()}
        """The spellings by first letter: a correction keeps the first letter (`correct`), so a word is only
        compared with the spellings that share it."""
        self._corrections: dict[str, str | None] = {}

    def _is_topic(self, key: str) -> bool:
        return key in self.vocab and self.cues.is_content(key)

    def _word(self, raw: str) -> Word:
        """How the synonyms read one raw word, and what its keys are to a question; remembered (boundedly), as
        the same words recur."""
        word = self._words.get(raw)
        if word is None:
            word = self.synonyms.word(raw)
            word = dataclasses.replace(
                word,
                roles=self._roles(word.keys),
                may_open_join=raw in self._join_heads,
                may_close_join=raw in STEM_CUT_ENDINGS,
            )
            with self._lock:
                if len(self._words) >= _WORD_CACHE_SIZE:
                    self._words.clear()
                self._words[raw] = word
        return word

    def _roles(self, keys: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
        """The keys, each with what it is to a question: `SKIP`, `CUE`, `KNOWN` or `UNKNOWN`."""
        return tuple((key, self._role(key)) for key in keys)

    def _role(self, key: str) -> int:
        if key.isdigit() or key in self.cues.stop:
            return SKIP
        if key in self.cues.points_at:
            return CUE
        return KNOWN if key in self.vocab else UNKNOWN

    def key_of(self, raw: str) -> str:
        """The key of one raw word (stemmed, synonyms applied; the keys of a synonym, space-separated)."""
        return " ".join(self._word(raw).keys)

    def _knows(self, raw: str) -> bool:
        """Whether the raw word's key is a topic the knowledge base knows. Only its stem decides, so this is
        a set lookup (`_known_stems`), and testing every pair of neighbours for a join is cheap."""
        return stem(raw) in self._known_stems

    def _join(self, tokens: list[str]) -> list[Word]:
        """The question's words as the synonyms read them, with hyphens resolved and split words joined:
        "dev-ops" and "dev ops" read as "devops" when the knowledge base knows "devops"; a hyphenated word
        reads as its parts only if it knows every part ("data-engineer"), so the "de" of "de-ice" is not the
        abbreviation DE. Words join left to right: a word joined with the one before it joins no other.

        Every pair of neighbours is a candidate, so most are rejected without being joined and stemmed: a
        joined word can only be known if its first part begins what `stem` keeps of a known stem
        (`_join_heads`) or its second part ends what `stem` cuts (`knowledge.match.text.STEM_CUT_ENDINGS`),
        and each word remembers which it may be (`Word.may_open_join`, `Word.may_close_join`)."""
        known_stems, remembered = self._known_stems, self._words
        out: list[Word] = []
        previous: Word | None = None  # the word before, if a plain one standing alone: the next may join it
        for token in tokens:
            if "-" in token:
                out.extend(self._word(raw) for raw in self._unhyphenated(token))
                previous = None
                continue
            word = remembered.get(token) or self._word(token)
            if previous is not None and (previous.may_open_join or word.may_close_join):
                joined = previous.raw + token
                if stem(joined) in known_stems:  # `_knows`, inlined
                    out[-1] = self._word(joined)
                    previous = None
                    continue
            out.append(word)
            previous = word
        return out

    def _unhyphenated(self, token: str) -> list[str]:
        """The raw words of a hyphenated token: its parts ("data-engineer", "model-serving") if the knowledge
        base does not know it joined but knows some parts, and the others are stopwords; else the parts
        joined ("on-call"; "full-time" or "de-ice" is one word, known or not)."""
        joined = token.replace("-", "")
        parts = [part for part in token.split("-") if part]
        known = [self._knows(part) for part in parts]
        stops = [self.key_of(part) in self.cues.stop for part in parts]
        if not self._knows(joined) and any(known) and all(map(operator.or_, known, stops)):
            return parts
        return [joined]

    def correct(self, raw: str) -> str | None:
        """The knowledge-base word a misspelled word most likely means, or None: at most `max_edits` edits (a
        swap of neighbours counts as one), the same first letter (two for short words); ties go to the word of
        the same length (a slip of the finger more often replaces a letter than drops one: "annotater" ->
        "annotator", not "annotate"), then to the alphabetically first."""
        limit = max_edits(raw)
        if limit == 0 or not raw.isalpha():
            return None
        if raw in self._corrections:
            return self._corrections[raw]
        spellings = self._spellings.get(raw[0], ())
        found = process.extract(raw, spellings, scorer=OSA.distance, score_cutoff=limit, limit=None)
        same = SAME_START_SHORT if len(raw) <= SHORT_WORD else 1
        candidates = sorted(
            (int(d), abs(len(c) - len(raw)), c) for c, d, _ in found if c[:same] == raw[:same]
        )
        result = candidates[0][2] if candidates else None
        with self._lock:
            if len(self._corrections) >= _CORRECTION_CACHE_SIZE:
                self._corrections.clear()
            self._corrections[raw] = result
        return result

    def _corrected(self, raw: str, key: str) -> tuple[str, bool]:
        """The key of the word that a raw word the knowledge base does not know (`key`) most likely misspells,
        and whether the knowledge base knows it (`correct`); `key` and False if none."""
        fixed = self.correct(raw)
        if fixed is None:
            return key, False
        corrected = self.key_of(fixed)
        return corrected, corrected in self.vocab

    def read(self, question: str) -> Reading:
        """The question as the matcher sees it. This runs for every question, so the words are read in one
        pass, each through its remembered `Word`, and the checks that most questions fail are made first."""
        folded = fold(question[:MAX_QUESTION_CHARS])
        tokens = words(folded)[:MAX_QUESTION_WORDS]
        # The words with hyphenated ones split ("data-engineer" -> "data", "engineer"), for the cue sequences.
        plain = [part for token in tokens for part in token.split("-") if part] if "-" in folded else tokens
        read = self._join(tokens)
        shape, points_at, pair_ends = self.cues, self.cues.points_at, self.cues.approach_pair_ends
        every: list[str] = []  # every key, in order, stopwords and cue words included (for triggers)
        cues: set[EntryKind] = set()
        content: list[str] = []
        sequence: list[str] = []
        unknown: set[str] = set()
        known: list[str] = []
        previous = ""
        i = corrections = 0
        while i < len(read):
            word = read[i]
            if word.phrases:
                size, keys = span(read, i)
                roles = word.roles if size == 1 else self._roles(keys)
            else:
                size, roles = 1, word.roles
            i += size
            for key, role in roles:
                every.append(key)
                if key in pair_ends and (previous, key) in shape.approach_pairs:
                    cues.add("approach")
                previous = key
                if role == SKIP:
                    continue
                if role == CUE:
                    cues |= points_at[key]
                    continue
                topic, is_known = key, role == KNOWN
                # One word, not a multi-word synonym's, is corrected.
                if not is_known and corrections < MAX_CORRECTIONS and size == 1:
                    corrections += 1
                    topic, is_known = self._corrected(word.raw, key)
                sequence.append(topic)
                if topic in content:
                    continue
                content.append(topic)
                if is_known:
                    known.append(topic)
                else:
                    unknown.add(topic)
        present = frozenset(every)
        if plain and plain[0] in TASK_CUE_OPENERS:
            cues.add("task")
        if has_sequence(plain, shape.role_sequences):
            cues.add("role")
        recommend, trigger = shape.recommendation(every, present)
        topics = tuple(content)
        # By position: a NamedTuple is built much faster than by keyword, and this runs for every question.
        return Reading(
            topics,  # content
            tuple(sequence),  # sequence
            frozenset(unknown),  # unknown
            tuple(known),  # known
            present,  # words
            frozenset(cues),  # cues
            not present.isdisjoint(shape.compare),  # compare
            not present.isdisjoint(shape.joiners),  # compare_joiner
            "approach" in cues and means_together(plain),  # together
            recommend,  # recommend
            tuple(key for key in topics if key not in trigger) if trigger else topics,  # recommend_rest
            not present.isdisjoint(shape.help),  # help_words
            self.claims.get(" ".join(tokens)),  # exact
        )
