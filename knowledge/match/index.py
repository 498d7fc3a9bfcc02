"""The matcher's index of one knowledge-base snapshot.

Built once per snapshot (`index_for`, cached by identity in a `WeakKeyDictionary`, so a reloaded knowledge
base gets a fresh index and the old one is freed with its snapshot):

- every phrase of every entry (name, id, aliases, keywords and the entry's own text) becomes a set of
  *keys*: folded, stemmed words with the knowledge base's synonyms applied, stopwords and cue words removed;
- each key gets an IDF weight over entries, so rare words ("labeler") count more than common ones ("data");
- the raw words behind the keys form the vocabulary that misspelled question words are corrected against.

`Index.read` turns a question into the same keys plus what its shape says (`knowledge.match.reader`);
`Index.evidence` scores the entries against it (`knowledge.match.evidence`). Which entries lead to the same
answer is read from per-entry keys (owners, approach roles), never by testing every pair. The decisions
(which kind, close calls, out of scope) are `knowledge.match.matcher`'s.
"""

from __future__ import annotations

import math
import threading
import weakref
from dataclasses import dataclass
from typing import Final

from knowledge.base.model import Approach, Entry, KnowledgeBase, Role, Task
from knowledge.match.cues import Cues
from knowledge.match.evidence import Scorer
from knowledge.match.phrases import KEYWORD_WEIGHT, NAME_WEIGHT, TEXT_WEIGHT, Evidence
from knowledge.match.reader import MIN_CORRECTABLE, Reader
from knowledge.match.reading import EntryKind, Reading, Synonyms, Word, holds
from knowledge.match.text import fold, words


@dataclass(frozen=True, slots=True)
class Indexed:
    entry: Entry
    kind: EntryKind
    vocab: tuple[str, ...]
    """Every key of every phrase of the entry."""


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


class Index:
    """Everything the matcher needs about one snapshot, precomputed. Immutable after construction but for the
    bounded caches of its `Reader`."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.synonyms = Synonyms((s.word, s.canonical) for s in kb.synonyms)
        self.cues = Cues(self.synonyms)
        entries: list[Indexed] = []
        # (entry, weight, keys), once each: a name and an id that read alike are one phrase.
        raw_phrases: dict[tuple[int, float, tuple[str, ...]], None] = {}
        raw_words: dict[str, str] = {}
        claims: dict[str, int] = {}
        texts: dict[str, tuple[list[tuple[str, str]], tuple[str, ...]]] = {}
        memo: dict[str, Word] = {}
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
                    read = texts.get(text)
                    if read is None:  # phrases recur across entries: each distinct one is read once
                        read = texts[text] = self._kb_pairs(text, memo)
                    pairs, keys = read
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
                entries.append(Indexed(entry=entry, kind=kind, vocab=tuple(vocab)))
        del texts, memo  # the build's reading aids: freed before the scorer's tables are built
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
        self.spellings = raw_words
        """The knowledge base's raw words long enough to correct, and their keys."""
        self.reader = Reader(
            synonyms=self.synonyms, cues=self.cues, vocab=self.vocab, spellings=raw_words, claims=claims
        )
        self.approaches: tuple[int, ...] = tuple(i for i, kind in enumerate(self.kinds) if kind == "approach")
        self.characteristic: dict[int, int] = self._characteristic_roles()
        self.role_names_in: dict[int, frozenset[int]] = self._role_names_in_approaches()

    # --- building -----------------------------------------------------------------------------------------

    def _kb_pairs(self, text: str, memo: dict[str, Word]) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
        """Content (raw, key) pairs of a knowledge-base phrase: hyphenated words joined ("on-call" ->
        "oncall"), synonyms applied, stop and cue words dropped; and its keys, once each, in order. `memo`:
        how the synonyms read each word, shared by the whole build."""
        raws = [w.replace("-", "") for w in words(fold(text))]
        pairs = [(raw, key) for raw, key in self.synonyms.apply(raws, memo) if self.cues.is_content(key)]
        return pairs, tuple(dict.fromkeys(key for _, key in pairs))

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
                    holds(outer, inner) for inner in names.get(role, ()) for outer in names.get(approach, ())
                )
            )
            if roles:
                held[approach] = roles
        return held

    # --- the matcher's questions --------------------------------------------------------------------------

    def related(self, a: int, b: int) -> bool:
        """Whether the entries at positions `a` and `b` lead to the same answer, so choosing between them is
        no guess (`knowledge.match.matcher`): a task and one of its owners, a role and an approach it is in, a
        task and an approach one of its owners is in, tasks with the same accountable owner. Decided from the
        two entries' own owners and roles, for the few entries a question brings into contention: never for
        every pair."""
        first, second = self.entries[a].entry, self.entries[b].entry
        return _leads_to_the_same_answer(first, second) or _leads_to_the_same_answer(second, first)

    def read(self, question: str) -> Reading:
        """The question as the matcher sees it (`knowledge.match.reader.Reader.read`)."""
        return self.reader.read(question)

    def key_of(self, raw: str) -> str:
        """The key of one raw word (`knowledge.match.reader.Reader.key_of`)."""
        return self.reader.key_of(raw)

    def correct(self, raw: str) -> str | None:
        """The word a misspelled word most likely means (`knowledge.match.reader.Reader.correct`)."""
        return self.reader.correct(raw)

    def evidence(
        self, reading: Reading, *, at_least: float = 0.0, within: float = math.inf
    ) -> list[Evidence]:
        """The entries with evidence scoring `at_least` or `within` of the best score (by default, every entry
        with any evidence), in knowledge-base order; the matcher ranks them (`knowledge.match.evidence`)."""
        return self.scorer.evidence(reading, at_least=at_least, within=within)


def _leads_to_the_same_answer(x: Entry, y: Entry) -> bool:
    """The rule of `Index.related`, for one ordered pair (it is applied both ways round)."""
    if isinstance(x, Role) and isinstance(y, Task) and x.id in y.owners:
        return True
    if isinstance(x, Role) and isinstance(y, Approach) and x.id in y.roles:
        return True
    if isinstance(x, Task) and isinstance(y, Approach) and set(x.owners) & set(y.roles):
        return True
    # The accountable owner is the first (the schema requires one; a snapshot built in code might have none).
    return isinstance(x, Task) and isinstance(y, Task) and bool(x.owners) and x.owners[:1] == y.owners[:1]


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
