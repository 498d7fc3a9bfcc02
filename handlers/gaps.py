"""The gaps report, built by pure functions from the logged questions and votes (no database here).

Over a window of days it lists:
- `unanswered`: questions the bot could not answer (kind "none" without suggestions, and did-you-mean
  prompts nobody resolved by choosing a suggestion), grouped by similar wording, with how often and by how
  many distinct people they were asked, and up to three examples;
- `unhelpful`: answers marked "Not helpful", by the entry that answered;
- `top`: the most asked entries.
Every list is ordered by count, most first. `mlrole gaps --json` prints `GapsReport.to_json()`.

Grouping: two questions are alike when the distinctive words they share (stemmed; function words and everyday
workplace words left out, as the matcher does) make up at least `SAME_TOPIC` of each one's distinctive
text, weighted by length, so a long specific word ("hyperparameter") counts more than a short common one
("data"). Words are alike when rapidfuzz finds them nearly equal (a typo) or one is a long prefix of the other
("hyperparam" / "hyperparameter"). Each question joins the first group whose first question it is alike. A
group is shown by its most asked wording (the first asked, on a tie), its examples are its wordings in
that order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from rapidfuzz import fuzz
from rapidfuzz.distance import Prefix

from knowledge.match.intents import GENERIC_WORDS, STOPWORDS
from knowledge.match.text import fold, stem, words

DEFAULT_DAYS: Final = 30
MAX_EXAMPLES: Final = 3
SAME_TOPIC: Final = 0.5
"""The share of each question's distinctive text (by characters) its shared words must make up."""
SAME_WORD_RATIO: Final = 85.0
"""rapidfuzz's ratio at which two words count as one misspelt (`hyperparmeter` / `hyperparameter`)."""
MIN_SHARED_PREFIX: Final = 5
"""A shared beginning this long makes two words one (`hyperparam` / `hyperparameter`)."""
QUESTION_WORDS: Final = frozenset({"owner", "owns", "own", "handles", "handle", "responsible", "does", "do"})
"""Words that only ask "who": left out of the comparison like function words."""
UNANSWERED_KINDS: Final = frozenset({"none"})
UNRANKED_KINDS: Final = frozenset({"none", "help"})
"""Kinds that are no entry: never in `top` or `unhelpful`."""


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """A question as the report reads it from the log."""

    id: str
    text: str
    asker: str
    """The keyed hash of who asked."""
    kind: str
    entry_id: str | None
    suggested: bool
    """A did-you-mean prompt (kind "none" with alternatives)."""
    resolves: str | None = None


@dataclass(frozen=True, slots=True)
class LoggedVote:
    question_id: str
    helpful: bool


@dataclass(frozen=True, slots=True)
class UnansweredGroup:
    question: str
    count: int
    askers: int
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntryCount:
    kind: str
    id: str | None
    count: int
    examples: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GapsReport:
    days: int
    questions: int
    unanswered: tuple[UnansweredGroup, ...]
    unhelpful: tuple[EntryCount, ...]
    top: tuple[EntryCount, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "questions": self.questions,
            "unanswered": [
                {"question": g.question, "count": g.count, "askers": g.askers, "examples": list(g.examples)}
                for g in self.unanswered
            ],
            "unhelpful": [
                {"kind": e.kind, "id": e.id, "count": e.count, "examples": list(e.examples)}
                for e in self.unhelpful
            ],
            "top": [{"kind": e.kind, "id": e.id, "count": e.count} for e in self.top],
        }


def build_report(
    questions: Sequence[LoggedQuestion], votes: Iterable[LoggedVote], *, days: int
) -> GapsReport:
    """The report over `questions` (those asked in the window) and the votes on them."""
    resolved = {q.resolves for q in questions if q.resolves}
    unanswered = [
        q for q in questions if q.kind in UNANSWERED_KINDS and not (q.suggested and q.id in resolved)
    ]
    return GapsReport(
        days=days,
        questions=len(questions),
        unanswered=tuple(group_unanswered(unanswered)),
        unhelpful=tuple(_unhelpful(questions, votes)),
        top=tuple(_top(questions)),
    )


def group_unanswered(questions: Sequence[LoggedQuestion]) -> list[UnansweredGroup]:
    """Alike questions counted together, most asked first."""
    groups: list[tuple[_Words, list[LoggedQuestion]]] = []
    for question in questions:
        key = _distinctive(question.text)
        home = next((members for first, members in groups if _alike(key, first)), None)
        if home is None:
            groups.append((key, [question]))
        else:
            home.append(question)
    built = [_group(members) for _, members in groups]
    return sorted(built, key=lambda g: (-g.count, -g.askers, g.question))


def _group(members: list[LoggedQuestion]) -> UnansweredGroup:
    texts = Counter(m.text for m in members)
    ranked = [text for text, _ in sorted(texts.items(), key=lambda item: -item[1])]  # ties: first asked
    return UnansweredGroup(
        question=ranked[0],
        count=len(members),
        askers=len({m.asker for m in members}),
        examples=tuple(ranked[:MAX_EXAMPLES]),
    )


_Words = tuple[str, ...]


def _distinctive(text: str) -> _Words:
    """The stemmed distinctive words of a question; hyphenated words joined ("hyper-parameter")."""
    found = []
    for word in words(fold(text)):
        if word in STOPWORDS or word in GENERIC_WORDS or word in QUESTION_WORDS:
            continue
        found.append(stem(word.replace("-", "")))
    return tuple(found) or (" ".join(words(fold(text))),)


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    shorter = min(len(a), len(b))
    prefix = Prefix.similarity(a, b)
    if prefix >= MIN_SHARED_PREFIX or (prefix == shorter and shorter >= MIN_SHARED_PREFIX - 1):
        return True
    return fuzz.ratio(a, b) >= SAME_WORD_RATIO


def _shared_share(these: _Words, others: _Words) -> float:
    total = sum(len(word) for word in these)
    shared = sum(len(word) for word in these if any(_same_word(word, other) for other in others))
    return shared / total if total else 0.0


def _alike(a: _Words, b: _Words) -> bool:
    return min(_shared_share(a, b), _shared_share(b, a)) >= SAME_TOPIC


def _unhelpful(questions: Sequence[LoggedQuestion], votes: Iterable[LoggedVote]) -> list[EntryCount]:
    by_id = {q.id: q for q in questions}
    counts: Counter[tuple[str, str | None]] = Counter()
    examples: defaultdict[tuple[str, str | None], list[str]] = defaultdict(list)
    for vote in votes:
        question = by_id.get(vote.question_id)
        if vote.helpful or question is None or question.kind in UNRANKED_KINDS:
            continue
        key = (question.kind, question.entry_id)
        counts[key] += 1
        if question.text and question.text not in examples[key] and len(examples[key]) < MAX_EXAMPLES:
            examples[key].append(question.text)
    return [
        EntryCount(kind=kind, id=entry_id, count=count, examples=tuple(examples[(kind, entry_id)]))
        for (kind, entry_id), count in _ranked(counts)
    ]


def _top(questions: Sequence[LoggedQuestion]) -> list[EntryCount]:
    counts = Counter((q.kind, q.entry_id) for q in questions if q.kind not in UNRANKED_KINDS)
    return [EntryCount(kind=kind, id=entry_id, count=count) for (kind, entry_id), count in _ranked(counts)]


def _ranked(counts: Counter[tuple[str, str | None]]) -> list[tuple[tuple[str, str | None], int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0][0], item[0][1] or ""))
