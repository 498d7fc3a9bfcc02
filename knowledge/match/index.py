"""The matcher's index of one knowledge-base snapshot, and how it reads a question.

Built once per snapshot (`index_for`, cached by identity in a `WeakKeyDictionary`, so a reloaded knowledge
base gets a fresh index and the old one is freed with its snapshot):

- every phrase of every entry (name, id, aliases, keywords and the entry's own text) becomes a set of
  *keys*: folded, stemmed words with the knowledge base's synonyms applied, stopwords and cue words removed;
- each key gets an IDF weight over entries, so rare words ("labeler") count more than common ones ("data");
- the raw words behind the keys form the vocabulary that misspelled question words are corrected against.

`Index.read` turns a question into the same keys plus what its shape says (cue words, compare and
recommendation triggers); `Index.evidence` scores the entries against it (the rule and its weights are
`knowledge.match.evidence`'s). The decisions (which kind, close calls, out of scope) are
`knowledge.match.matcher`'s.
"""

from __future__ import annotations

import dataclasses
import math
import operator
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from knowledge.base.model import Approach, Entry, KnowledgeBase, Role, Task
from knowledge.match.evidence import KEYWORD_WEIGHT, NAME_WEIGHT, TEXT_WEIGHT, Evidence, Scorer
from knowledge.match.intents import (
    APPROACH_CUE_PAIRS,
    APPROACH_CUES,
    APPROACH_NOUNS,
    APPROACH_PLURALS,
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
    TOGETHER_WORDS,
)
from knowledge.match.reading import EntryKind, Reading
from knowledge.match.text import STEM_CUT_ENDINGS, fold, stem, stem_heads, words

MAX_QUESTION_CHARS: Final = 1000
"""Only this much of a question is read: every question people ask fits, and a pasted essay stays fast."""
MAX_QUESTION_WORDS: Final = 60
MAX_CORRECTIONS: Final = 8
"""At most this many unknown words per question are spelling-corrected (each costs one vocabulary scan)."""
MIN_CORRECTABLE: Final = 5
"""Shorter words are matched exactly: "de", "swe", "sme" and "mle" are abbreviations, not typos."""
SHORT_WORD: Final = 6
SAME_START_SHORT: Final = 2
"""A corrected word of up to SHORT_WORD letters must keep its first two letters: one edit turns many short
words into others ("lunch" -> "launch"), while real typos rarely hit the start ("lable" -> "label")."""
MAX_TRIGGER_GAP: Final = 3
"""At most this many other words (stopwords included) may stand between consecutive words of a recommendation
trigger (`knowledge.match.intents.RECOMMEND_TRIGGERS`): "help me staff a new ML team" (3), "how big should
our ML team be" (3), "what roles do we need" (2). Measured on the dev set, the held-out tables of
tests/knowledge/match/held_out.py and its recommendation requests (394 questions, 29 asking for a
recommendation): 2 loses "help me staff a new ML team" and "how big should our ML team be"; 3 is the least
that catches every request the bag-of-words rule caught; from 4, "who builds labeling tools for the team"
would be a recommendation but for the "who <does> X" rule, so 3 keeps that margin."""
_CORRECTION_CACHE_SIZE: Final = 4096
_WORD_CACHE_SIZE: Final = 8192

# What a key is to a question (`_Word.roles`): worked out once per word, so reading a key is one comparison.
_SKIP: Final = 0
"""A stopword or a number: it shapes nothing and is no topic."""
_CUE: Final = 1
"""A cue word (`_Cues.points_at`): it says what kind of entry is asked for, and is no topic."""
_KNOWN: Final = 2
"""A topic the knowledge base knows."""
_UNKNOWN: Final = 3
"""A topic it does not know (as spelled: it may be a typo of one it knows)."""


def max_edits(word: str) -> int:
    """Typos tolerated in a word of this length: none up to 4 letters, 1 up to 7, then 2."""
    if len(word) < MIN_CORRECTABLE:
        return 0
    return 1 if len(word) <= 7 else 2


@dataclass(frozen=True, slots=True)
class Indexed:
    entry: Entry
    kind: EntryKind
    vocab: frozenset[str]
    """Every key of every phrase of the entry."""


@dataclass(frozen=True, slots=True)
class _Word:
    """How the synonyms read one raw word (hyphens resolved), worked out once per distinct word: reading a
    question is then a lookup per word, not a stemming and two synonym lookups."""

    raw: str
    stem: str
    keys: tuple[str, ...]
    """The word's keys when it stands alone: its stem, or what a single-word synonym rewrites it to."""
    phrases: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    """The multi-word synonyms whose variant opens with this word, longest first: (variant stems, keys)."""
    roles: tuple[tuple[str, int], ...] = ()
    """`keys`, each with what it is to a question (`_SKIP`, `_CUE`, `_KNOWN`, `_UNKNOWN`): worked out by the
    index for the words of questions only (`Index._word`), as it depends on the snapshot's vocabulary."""
    may_open_join: bool = False
    may_close_join: bool = False
    """Whether the word may be the first, or the second, part of a split word the knowledge base knows
    ("dev ops"); a pair of neighbours neither of which may is not joined and stemmed (`Index._join`)."""


class _Synonyms:
    """Key rewriting from the knowledge base's synonyms: single words and multi-word variants."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.single: dict[str, tuple[str, ...]] = {}
        multi: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for word, canonical in pairs:
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

    def word(self, raw: str) -> _Word:
        """How the synonyms read a raw word (hyphens already resolved)."""
        stemmed = stem(raw)
        return _Word(raw, stemmed, self.single.get(stemmed, (stemmed,)), self.multi.get(stemmed, ()))

    def apply(self, raws: list[str]) -> list[tuple[str, str]]:
        """(raw word, key) pairs for a list of raw words (hyphens already resolved); the raw word of a
        multi-word variant is its words joined by spaces."""
        read = [self.word(raw) for raw in raws]
        out: list[tuple[str, str]] = []
        i = 0
        while i < len(read):
            size, keys = _span(read, i)
            raw = raws[i] if size == 1 else " ".join(raws[i : i + size])
            out.extend((raw, key) for key in keys)
            i += size
        return out


def _span(read: list[_Word], at: int) -> tuple[int, tuple[str, ...]]:
    """How many words from position `at` one synonym reads, and their keys: the longest multi-word variant
    that stands there, else the word alone."""
    word = read[at]
    for variant, target in word.phrases:
        if tuple(following.stem for following in read[at : at + len(variant)]) == variant:
            return len(variant), target
    return 1, word.keys


def _entry_texts(entry: Entry) -> tuple[tuple[str, float], ...]:
    """(text, weight) for every phrase of an entry. `not_expected` is left out on purpose: it describes
    other roles' work ("writing the production code"), so it must not lead to this role. Company-size notes
    carry their sizes' names, so "at a startup" finds them."""
    named = (entry.name, entry.id.replace("-", " "), *entry.aliases)
    texts: list[tuple[str, float]] = [(text, NAME_WEIGHT) for text in named]
    texts.extend((text, KEYWORD_WEIGHT) for text in entry.keywords)
    own: tuple[str, ...]
    if isinstance(entry, Role):
        sized = tuple(f"{' '.join(note.sizes)} {note.text}" for note in entry.by_company_size)
        own = (*entry.responsibilities, *entry.skills, *sized)
    elif isinstance(entry, Approach):
        own = (entry.summary, *entry.strengths, *entry.weaknesses, *entry.choose_when)
    else:
        sized = tuple(f"{' '.join(v.sizes)} {v.note}" for v in entry.by_company_size)
        own = (entry.summary, *sized)
    texts.extend((text, TEXT_WEIGHT) for text in own)
    return tuple(texts)


def _claim_key(text: str) -> str:
    return " ".join(words(fold(text)))


class _Cues:
    """The intent words of `knowledge.match.intents` as keys (stemmed, with the snapshot's synonyms
    applied)."""

    def __init__(self, synonyms: _Synonyms) -> None:
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
        self.recommend_triggers = _by_a_key(triggers)
        self.recommend_asked_by_who = _by_a_key(t for t in triggers if t and t[0] in self.openers)
        """The triggers that still count in a "who <does> X" question: they ask who ("who should we hire")."""
        self.recommend_phrases = _by_a_key(in_order(trigger) for trigger in RECOMMEND_WORDS)
        self.recommend_keys = frozenset(self.recommend_triggers) | frozenset(self.recommend_phrases)
        """The keys the triggers and words are filed under: a question holding none asks for nothing."""
        self.role_sequences = _by_first_word(ROLE_CUE_SEQUENCES)
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
        trigger = _in_order(keys, present, filed_under, triggers)
        if trigger:
            return "trigger", trigger
        if not asks_who_does:
            word = _in_order(keys, present, filed_under, self.recommend_phrases)
            if word:
                return "word", word
        return None, frozenset()


class Index:
    """Everything the matcher needs about one snapshot, precomputed. Immutable after construction except for
    bounded caches of spelling corrections and of how words read (`_Word`)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._words: dict[str, _Word] = {}
        self._lock = threading.Lock()
        self.synonyms = _Synonyms((s.word, s.canonical) for s in kb.synonyms)
        self.cues = _Cues(self.synonyms)
        entries: list[Indexed] = []
        # (entry, weight, keys), once each: a name and an id that read alike are one phrase.
        raw_phrases: dict[tuple[int, float, tuple[str, ...]], None] = {}
        raw_words: dict[str, str] = {}
        claims: dict[str, int] = {}
        groups: tuple[tuple[EntryKind, tuple[Entry, ...]], ...] = (
            ("role", kb.roles),
            ("approach", kb.approaches),
            ("task", kb.tasks),
        )
        for kind, group in groups:
            for entry in group:
                position = len(entries)
                vocab: set[str] = set()
                for text, weight in _entry_texts(entry):
                    pairs = self._kb_pairs(text)
                    keys = tuple(dict.fromkeys(key for _, key in pairs))
                    if not keys:
                        continue
                    vocab.update(keys)
                    raw_phrases[position, weight, keys] = None
                    for raw, key in pairs:
                        if " " not in raw and len(raw) >= MIN_CORRECTABLE:
                            raw_words.setdefault(raw, key)
                for text in (entry.id, entry.name, *entry.aliases):
                    claims.setdefault(_claim_key(text.replace("-", " ")), position)
                    claims.setdefault(_claim_key(text), position)
                entries.append(Indexed(entry=entry, kind=kind, vocab=frozenset(vocab)))
        self.entries: tuple[Indexed, ...] = tuple(entries)
        self.kinds: tuple[EntryKind, ...] = tuple(item.kind for item in entries)
        self.claims = claims
        count = len(entries)
        df: dict[str, int] = {}
        for item in entries:
            for key in item.vocab:
                df[key] = df.get(key, 0) + 1
        self.idf: dict[str, float] = {key: math.log(1.0 + count / n) for key, n in df.items()}
        self.vocab: frozenset[str] = frozenset(df)
        self.generic: frozenset[str] = self.cues.generic & self.vocab
        """The keys of generic words the knowledge base uses (`knowledge.match.intents.GENERIC_WORDS`)."""
        self.scorer = Scorer(raw_phrases, self.idf, self.generic)
        self._known_stems: frozenset[str] = frozenset(
            word
            for word in {*self.vocab, *self.synonyms.single}
            if self._is_topic(" ".join(self.synonyms.single.get(word, (word,))))
        )
        """The stems whose key is a topic the knowledge base knows (`_knows`)."""
        self._join_heads = stem_heads(self._known_stems)
        """What a word must begin with for another to join it into a known word (`_join`)."""
        for synonym in kb.synonyms:
            for word in words(fold(synonym.word)):
                spelling = word.replace("-", "")
                if len(spelling) >= MIN_CORRECTABLE and self.key_of(spelling) in self.vocab:
                    raw_words.setdefault(spelling, self.key_of(spelling))
        self._spellings: tuple[str, ...] = tuple(sorted(raw_words))
        self._corrections: dict[str, str | None] = {}
        self.characteristic: dict[int, int] = self._characteristic_roles()
        self.role_names_in: dict[int, frozenset[int]] = self._role_names_in_approaches()
        self.related: frozenset[tuple[int, int]] = self._related_pairs()

    # --- building -----------------------------------------------------------------------------------------

    def _kb_pairs(self, text: str) -> list[tuple[str, str]]:
        """Content (raw, key) pairs of a knowledge-base phrase: hyphenated words joined ("on-call" ->
        "oncall"), synonyms applied, stop and cue words dropped."""
        raws = [w.replace("-", "") for w in words(fold(text))]
        return [(raw, key) for raw, key in self.synonyms.apply(raws) if self.cues.is_content(key)]

    def _characteristic_roles(self) -> dict[int, int]:
        """Role position -> approach position, for roles that belong to exactly one approach (ML scientist
        -> scientists + engineers): mentioning the role mentions the approach, for comparisons."""
        positions = {item.entry.id: i for i, item in enumerate(self.entries)}
        owners: dict[int, list[int]] = {}
        for i, item in enumerate(self.entries):
            if isinstance(item.entry, Approach):
                for role_id in item.entry.roles:
                    if role_id in positions:
                        owners.setdefault(positions[role_id], []).append(i)
        return {role: approaches[0] for role, approaches in owners.items() if len(approaches) == 1}

    def _role_names_in_approaches(self) -> dict[int, frozenset[int]]:
        """Approach position -> the roles whose name (or alias) stands whole, in order, in one of the
        approach's names ("ML Software Engineers" holds "software engineer"): in "what does a software
        engineer do on an ML team", the question is about the role."""
        names: dict[int, list[tuple[str, ...]]] = {}
        for phrase in self.scorer.phrases:
            if phrase.named:
                names.setdefault(phrase.entry, []).append(phrase.sequence or tuple(phrase.keys))
        held: dict[int, frozenset[int]] = {}
        for approach, item in enumerate(self.entries):
            if item.kind != "approach":
                continue
            roles = frozenset(
                role
                for role, other in enumerate(self.entries)
                if other.kind == "role"
                and any(
                    _holds(outer, inner) for inner in names.get(role, ()) for outer in names.get(approach, ())
                )
            )
            if roles:
                held[approach] = roles
        return held

    def _related_pairs(self) -> frozenset[tuple[int, int]]:
        """(position, position) of entries that lead to the same answer, both ways round, so choosing between
        them is no guess (`knowledge.match.matcher`): a task and one of its owners, a role and an approach it
        is in, a task and an approach one of its owners is in, tasks with the same accountable owner. Which
        entries are related depends on the snapshot alone; a question looks its pairs up."""
        pairs: set[tuple[int, int]] = set()
        for a, first in enumerate(self.entries):
            for b, second in enumerate(self.entries):
                if _leads_to_the_same_answer(first.entry, second.entry):
                    pairs.update(((a, b), (b, a)))
        return frozenset(pairs)

    def _is_topic(self, key: str) -> bool:
        return key in self.vocab and self.cues.is_content(key)

    # --- reading a question -------------------------------------------------------------------------------

    def _word(self, raw: str) -> _Word:
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
        """The keys, each with what it is to a question: `_SKIP`, `_CUE`, `_KNOWN` or `_UNKNOWN`."""
        return tuple((key, self._role(key)) for key in keys)

    def _role(self, key: str) -> int:
        if key.isdigit() or key in self.cues.stop:
            return _SKIP
        if key in self.cues.points_at:
            return _CUE
        return _KNOWN if key in self.vocab else _UNKNOWN

    def key_of(self, raw: str) -> str:
        """The key of one raw word (stemmed, synonyms applied; the keys of a synonym, space-separated)."""
        return " ".join(self._word(raw).keys)

    def _knows(self, raw: str) -> bool:
        """Whether the raw word's key is a topic the knowledge base knows. Only its stem decides, so this is
        a set lookup (`_known_stems`), and testing every pair of neighbours for a join is cheap."""
        return stem(raw) in self._known_stems

    def _join(self, tokens: list[str]) -> list[_Word]:
        """The question's words as the synonyms read them, with hyphens resolved and split words joined:
        "dev-ops" and "dev ops" read as "devops" when the knowledge base knows "devops"; a hyphenated word
        reads as its parts only if it knows every part ("data-engineer"), so the "de" of "de-ice" is not the
        abbreviation DE. Words join left to right: a word joined with the one before it joins no other.

        Every pair of neighbours is a candidate, so most are rejected without being joined and stemmed: a
        joined word can only be known if its first part begins what `stem` keeps of a known stem
        (`_join_heads`) or its second part ends what `stem` cuts (`knowledge.match.text.STEM_CUT_ENDINGS`),
        and each word remembers which it may be (`_Word.may_open_join`, `_Word.may_close_join`)."""
        known_stems, remembered = self._known_stems, self._words
        out: list[_Word] = []
        previous: _Word | None = None  # the word before, if a plain one standing alone: the next may join it
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
        found = process.extract(raw, self._spellings, scorer=OSA.distance, score_cutoff=limit, limit=None)
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
        pass, each through its remembered `_Word`, and the checks that most questions fail are made first."""
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
                size, keys = _span(read, i)
                roles = word.roles if size == 1 else self._roles(keys)
            else:
                size, roles = 1, word.roles
            i += size
            for key, role in roles:
                every.append(key)
                if key in pair_ends and (previous, key) in shape.approach_pairs:
                    cues.add("approach")
                previous = key
                if role == _SKIP:
                    continue
                if role == _CUE:
                    cues |= points_at[key]
                    continue
                topic, is_known = key, role == _KNOWN
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
        if _has_sequence(plain, shape.role_sequences):
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
            "approach" in cues and _means_together(plain),  # together
            recommend,  # recommend
            tuple(key for key in topics if key not in trigger) if trigger else topics,  # recommend_rest
            not present.isdisjoint(shape.help),  # help_words
            self.claims.get(" ".join(tokens)),  # exact
        )

    # --- scoring -----------------------------------------------------------------------------------------

    def evidence(
        self, reading: Reading, *, at_least: float = 0.0, within: float = math.inf
    ) -> list[Evidence]:
        """The entries with evidence scoring `at_least` or `within` of the best score (by default, every entry
        with any evidence), in knowledge-base order; the matcher ranks them (`knowledge.match.evidence`)."""
        return self.scorer.evidence(reading, at_least=at_least, within=within)


def _leads_to_the_same_answer(x: Entry, y: Entry) -> bool:
    """The rule of `Index._related_pairs`, for one ordered pair (it is applied both ways round)."""
    if isinstance(x, Role) and isinstance(y, Task) and x.id in y.owners:
        return True
    if isinstance(x, Role) and isinstance(y, Approach) and x.id in y.roles:
        return True
    if isinstance(x, Task) and isinstance(y, Approach) and set(x.owners) & set(y.roles):
        return True
    # The accountable owner is the first (the schema requires one; a snapshot built in code might have none).
    return isinstance(x, Task) and isinstance(y, Task) and bool(x.owners) and x.owners[:1] == y.owners[:1]


def _holds(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    """Whether `inner` stands in `outer`, whole and in order."""
    size = len(inner)
    return any(outer[i : i + size] == inner for i in range(len(outer) - size + 1))


def _means_together(tokens: list[str]) -> bool:
    """Whether the words speak of the team approaches together ("the approaches", "both setups")."""
    said = frozenset(tokens)
    return bool(said & APPROACH_PLURALS) or bool(said & APPROACH_NOUNS and said & TOGETHER_WORDS)


def _by_first_word(sequences: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for sequence in sequences:
        if sequence:
            grouped.setdefault(sequence[0], []).append(sequence)
    return {first: tuple(group) for first, group in grouped.items()}


def _by_a_key(sequences: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Non-empty word sequences, each filed under one of its keys (any sequence a question holds is filed
    under one of the question's keys)."""
    filed: dict[str, list[tuple[str, ...]]] = {}
    for sequence in sequences:
        if sequence:
            filed.setdefault(min(sequence), []).append(sequence)
    return {key: tuple(group) for key, group in filed.items()}


def _in_order(
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
            if present.issuperset(sequence) and _stands(keys, sequence):
                held.update(sequence)
    return frozenset(held)


def _stands(keys: list[str], sequence: tuple[str, ...]) -> bool:
    return any(key == sequence[0] and _follows(keys, i, sequence, 1) for i, key in enumerate(keys))


def _follows(keys: list[str], at: int, sequence: tuple[str, ...], next_: int) -> bool:
    """Whether the sequence from `next_` on follows position `at` of `keys` in order, each word within
    `MAX_TRIGGER_GAP` keys of the last (every placement is tried: in "staff the staff the the the team", the
    second "staff" is the one near "team")."""
    if next_ == len(sequence):
        return True
    want = sequence[next_]
    for j in range(at + 1, min(len(keys), at + 2 + MAX_TRIGGER_GAP)):
        if keys[j] == want and _follows(keys, j, sequence, next_ + 1):
            return True
    return False


def _has_sequence(tokens: list[str], sequences: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Whether one of the word sequences (grouped by their first word) stands somewhere in the tokens."""
    if sequences.keys().isdisjoint(tokens):
        return False
    for i, token in enumerate(tokens):
        for sequence in sequences.get(token, ()):
            if tuple(tokens[i : i + len(sequence)]) == sequence:
                return True
    return False


_CACHE: Final[weakref.WeakKeyDictionary[KnowledgeBase, Index]] = weakref.WeakKeyDictionary()
_CACHE_LOCK: Final = threading.Lock()


def index_for(kb: KnowledgeBase) -> Index:
    """The index of a snapshot, built on first use and kept as long as the snapshot lives."""
    index = _CACHE.get(kb)
    if index is None:
        with _CACHE_LOCK:
            index = _CACHE.get(kb)
            if index is None:
                index = Index(kb)
                _CACHE[kb] = index
    return index
