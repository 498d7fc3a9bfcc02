"""How well each entry of a knowledge-base snapshot explains a question: the scoring rule, its weights, and
what is precomputed per snapshot so that a question costs little more than the entries it touches.

The rule (`Scorer.evidence`): every phrase of an entry (name, id, aliases, keywords, sentences of its own
text) is a set of keys with a weight. A phrase's *strength* is its weight x the IDF share of it the question
covers, scaled down for a phrase of common words only (`SPECIFIC_IDF`) and for a partly covered phrase, or
one of everyday words only (`knowledge.match.intents.GENERIC_WORDS`), next to words the knowledge base does
not know (`UNKNOWN_WEIGHT`); a name found scattered, or whose words another entry's name takes, counts less
(`SCATTERED_FACTOR`; a word the question says twice is nobody's to take). An entry's evidence is sqrt(its
best phrase's strength x the IDF share of the question it explains), where everyday words count only
`GENERIC_SHARE` unless the entry also explains a specific word of the question.

What makes it fast: most phrases hold only one key of a question, and then their strength depends on
nothing but that key and the question's unknown words. So for every key, each entry's phrases holding it
are scored beforehand as if it were the only key of them in the question (`KeyScores.alone`), and the
strongest is kept (`KeyScores.tops`): a question without unknown words takes those as they are, but for the
few names that do not count as they are (found scattered, or their key taken). Only the phrases holding two
or more keys of the question, found by intersecting the keys' postings, are scored key by key, and only
those that could beat their entry's best. A question of one known key and nothing else depends on that key
alone: its evidence is scored beforehand too (`KeyScores.by_itself`). All a question reads per key is in
one `KeyScores`; the entries' running totals are flat lists by entry position. The matcher reads the scores
as the plain `Row`s they are computed as (`Scorer.rows`), not as `Evidence`: it keeps a handful per question,
and building a named tuple for each, only to read it once, would cost about as much as ranking them.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Collection, Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Final, NamedTuple

from knowledge.match.reading import Reading

NAME_WEIGHT: Final = 1.0
"""A phrase that names the entry: its name, id or an alias."""
KEYWORD_WEIGHT: Final = 0.9
"""A keyword: about the entry's work, a little weaker than a name (dev + held-out accuracy: best at 0.8-0.9;
at 1.0 keywords tie with names, at 0.7 they lose to partial names)."""
TEXT_WEIGHT: Final = 0.7
"""A sentence of the entry's own text (summary, responsibilities, strengths...): weak, broad evidence
(accuracy flat from 0 to 0.7, one miss at 0.9)."""
UNKNOWN_WEIGHT: Final = 1.5
"""How much a question word the knowledge base does not know weighs against the entries' evidence, on the
IDF scale (about 0.8 for a word most entries have, 3.3 for a word only one has). Measured: accuracy on the
dev set and the held-out tables of tests/knowledge/match/held_out.py is flat from 0.5 to 2.0 and drops at 2.5,
where filler around a whole name ("is a labeler a full-time role?") outweighs the name; below 0.5
out-of-scope questions get answers. With `GENERIC_WORDS` weak, 1.75 already loses a question with two filler
words ("what does an ML scientist actually do on a daily basis"): 1.5 keeps out-of-scope questions out at
the least cost."""
GENERIC_SHARE: Final = 0.5
"""How much of a generic word's weight (`knowledge.match.intents.GENERIC_WORDS`: manage, pay, team, build...)
a question explains: the knowledge base knows the word, but not that the question means it in its sense. A
question of generic words alone scores at most sqrt(GENERIC_SHARE) = 0.71, enough when they make a whole
name ("monitoring", "who knows what clients pay for"), not when one names only part of a phrase ("who is my
manager" -> "manage labelers" scores 0.52). An entry that also explains a specific word of the question
counts its generic words in full ("who builds labeling tools"). Measured on the dev set and the held-out
tables of tests/knowledge/match/held_out.py: accuracy is flat from 0.45 to 0.7; below, whole everyday names
are lost ("who knows what clients pay for"), from 0.75 "who is my manager" and "who pays for clients'
coffee" get answers. 0.5 leans to the side that never guesses."""
SPECIFIC_IDF: Final = 1.5
"""A phrase whose words weigh less than this in total (IDF) is made of words most entries share ("model"
alone, for "modeling"): its evidence is scaled down by total / SPECIFIC_IDF. (Accuracy flat up to 2.0,
drops at 2.5; it keeps a bare "model" from naming one task outright.)"""
SCATTERED_FACTOR: Final = 0.85
"""A name or alias of several words found in the question, but not in order side by side, counts this much,
and without the words that complete another entry's name in place: in "what skills does a devops engineer
need for ML", "ML engineer" is scattered and "engineer" belongs to "devops engineer". (The second rule does
the work on the dev set: accuracy is the same for factors 0.5-1.0; the factor only orders the leftovers.)"""

WHOLE: Final = 1.0 - 1e-9
"""A phrase covered this much (IDF share, up to float rounding) is in the question whole."""
ROUNDING: Final = 1e-12
"""Far more than float rounding can change a product of a few numbers up to 1 (about 1e-15): a bound
computed in another order, plus this, is still a bound."""
_NONE: Final[frozenset[int]] = frozenset()
"""No phrases (shared, not copied)."""


@dataclass(frozen=True, slots=True)
class Phrase:
    entry: int
    """Position of the entry in `Index.entries`."""
    weight: float
    keys: frozenset[str]
    sequence: tuple[str, ...]
    """The keys in order, for names and aliases of several words (else empty)."""
    total: float
    """Sum of the keys' IDF: how much evidence a question needs to cover the whole phrase."""
    scale: float
    """min(1, total / SPECIFIC_IDF): a phrase of common words only is weak evidence."""
    named: bool
    """A name, id or alias of its entry (not a keyword or a sentence)."""
    generic: bool
    """Made of generic words only ("monitoring", "what clients pay for"): unknown words weaken it even when
    the question holds it whole."""
    ceiling: float
    """weight x scale / total: its strength, at most, per unit of IDF a question covers of it (up to
    rounding): a phrase that cannot beat its entry's best is not scored (`Scorer._add_shared`)."""


Row = tuple[float, int, float, float]
"""One entry's evidence as `Scorer.rows` gives it: (score, entry, phrase, explained), as in `Evidence`."""


class Evidence(NamedTuple):
    """How well one entry explains a question."""

    entry: int
    score: float
    """sqrt(phrase x explained), in [0, 1]."""
    phrase: float
    """The best phrase's weight x the IDF share of it the question covers."""
    explained: float
    """The IDF share of the question's content keys found anywhere in the entry."""


@dataclass(frozen=True, slots=True)
class Alone:
    """A phrase as scored when the question covers one key of it and no other (`KeyScores.alone`)."""

    upper: float
    """Its strength then, for a question without unknown words (unknown words can only lower it)."""
    phrase: int
    coverage: float
    """The key's share of the phrase's IDF."""
    weight: float
    scale: float
    named: bool
    size: int
    """How many keys the phrase has."""
    generic: bool


@dataclass(frozen=True, slots=True)
class AloneGroup:
    """One entry's phrases that hold a given key (`KeyScores.alone`)."""

    whole: tuple[Alone, ...]
    """The phrases that are that key alone ("labeler"): `upper` is their strength, unknown words or not
    (but for generic ones, which unknown words weaken like partial ones)."""
    partial: tuple[Alone, ...]
    """The others, strongest first."""


@dataclass(frozen=True, slots=True)
class KeyScores:
    """Everything the scoring precomputes about one key (`Scorer.keys`): a question reads one of these per
    known key, and for most keys nothing else but the few phrases holding two or more of its keys."""

    weight: float
    """The key's IDF."""
    generic: bool
    """A generic word's key (`Scorer.generic`)."""
    postings: frozenset[int]
    """The phrases holding the key."""
    alone: dict[int, AloneGroup]
    """Entry -> its phrases holding the key, each scored as if the key were the only one of it in the
    question."""
    tops: dict[int, float]
    """Entry -> the strongest of its phrases holding the key, scored alone."""
    top_names: tuple[tuple[int, int, int], ...]
    """(entry, phrase, length) of the names among the `tops`: those may not count as they are."""
    by_itself: tuple[Row, ...]
    """The evidence for a question whose only content word is this key: its `tops`, nothing taking them."""
    best_by_itself: float
    """The highest score in `by_itself`."""


class Scorer:
    """The phrases of one snapshot's entries, indexed for scoring questions against them. Immutable."""

    def __init__(
        self,
        phrases: Iterable[tuple[int, float, tuple[str, ...]]],
        idf: dict[str, float],
        generic: frozenset[str] = frozenset(),
    ) -> None:
        """`phrases`: (entry position, weight, keys in order); `idf`: every key's weight; `generic`: the keys
        of generic words."""
        self.idf = idf
        self.generic = generic
        built: list[Phrase] = []
        postings: dict[str, list[int]] = {}
        for entry, weight, keys in phrases:
            named = weight >= NAME_WEIGHT
            total = sum(idf[k] for k in keys)
            scale = min(1.0, total / SPECIFIC_IDF)
            sequence = keys if named and len(keys) > 1 else ()
            for key in keys:
                postings.setdefault(key, []).append(len(built))
            everyday = all(key in generic for key in keys)
            ceiling = weight * scale / total
            built.append(
                Phrase(entry, weight, frozenset(keys), sequence, total, scale, named, everyday, ceiling)
            )
        self.phrases: tuple[Phrase, ...] = tuple(built)
        self.postings: dict[str, frozenset[int]] = {key: frozenset(group) for key, group in postings.items()}
        """Key -> the phrases holding it."""
        self.size = 1 + max((phrase.entry for phrase in built), default=-1)
        """How many entry positions the phrases cover."""
        self.names = _Names(self.phrases)
        self.keys: dict[str, KeyScores] = {key: self._key_scores(key) for key in self.postings}
        """Key -> what the scoring precomputes about it."""

    def _key_scores(self, key: str) -> KeyScores:
        weight = self.idf[key]
        generic = key in self.generic
        alone = self._alone(key)
        tops = {entry: _strongest(group) for entry, group in alone.items()}
        top_names = tuple(
            (entry, option.phrase, option.size)
            for entry, group in alone.items()
            for option in (*group.whole, *group.partial)
            if option.named and option.upper == tops[entry]
        )
        # A question of this key alone: no phrase holds two of its keys, and no name takes the key from a
        # top (a one-word name only takes it from shorter names, and there are none), so the tops count as
        # they are; the rest is the final step of `evidence`, done once here.
        best = [0.0] * self.size
        share = [0.0] * self.size
        for entry, strength in tops.items():
            best[entry] = strength
            share[entry] = weight * GENERIC_SHARE if generic else weight
        by_itself = tuple(_scored(best, share, weight))
        return KeyScores(
            weight=weight,
            generic=generic,
            postings=self.postings[key],
            alone=alone,
            tops=tops,
            top_names=top_names,
            by_itself=by_itself,
            best_by_itself=max(score for score, *_ in by_itself),
        )

    def _alone(self, key: str) -> dict[int, AloneGroup]:
        """Entry -> its phrases holding `key`, each scored as if the key were the only one of it in the
        question."""
        weight = self.idf[key]
        by_entry: dict[int, list[Alone]] = {}
        for index in sorted(self.postings[key]):
            phrase = self.phrases[index]
            coverage = weight / phrase.total
            upper = phrase.weight * coverage * phrase.scale
            option = Alone(
                upper,
                index,
                coverage,
                phrase.weight,
                phrase.scale,
                phrase.named,
                len(phrase.keys),
                phrase.generic,
            )
            by_entry.setdefault(phrase.entry, []).append(option)
        return {
            entry: AloneGroup(
                whole=tuple(option for option in options if option.coverage >= WHOLE),
                partial=tuple(
                    sorted((option for option in options if option.coverage < WHOLE), key=_strongest_first)
                ),
            )
            for entry, options in sorted(by_entry.items())
        }

    # --- scoring a question ------------------------------------------------------------------------------

    def evidence(
        self, reading: Reading, *, at_least: float = 0.0, within: float = math.inf
    ) -> list[Evidence]:
        """The entries with evidence scoring `at_least` or `within` of the best score (by default, every entry
        with any evidence), in knowledge-base order (by entry position)."""
        return [
            Evidence(entry, score, phrase, explained)
            for score, entry, phrase, explained in self.rows(reading, at_least=at_least, within=within)
        ]

    def rows(self, reading: Reading, *, at_least: float = 0.0, within: float = math.inf) -> list[Row]:
        """`evidence`, as plain rows (the matcher's way in: it ranks a handful per question)."""
        known = reading.known
        if not known:
            return []
        if len(reading.content) == 1:  # one known key and nothing else: scored beforehand
            alone = self.keys[known[0]]
            return _kept(alone.by_itself, alone.best_by_itself, at_least=at_least, within=within)
        idf = self.idf
        weights = {k: idf.get(k, UNKNOWN_WEIGHT) for k in reading.content}
        total = sum(weights.values())
        # A phrase only partly in the question, next to words the knowledge base does not know, is probably
        # about something else ("who cleans the office" is not "data cleaning"): its strength shrinks by the
        # unknown share of the question. A whole name next to unknown filler ("all day") keeps it.
        keep = 1.0 - sum(weights[k] for k in reading.unknown) / total if reading.unknown else 1.0
        scores = [self.keys[key] for key in known]
        shared = _shared(scores)
        scattered, taken = self.names.in_place(reading, shared)
        # Entry position -> the strength of its best phrase (0: none); the IDF of the question's specific keys
        # it has, in any phrase; that of its generic keys.
        best = [0.0] * self.size
        explained = [0.0] * self.size
        loose = [0.0] * self.size
        any_generic = False
        for key, alone in zip(known, scores, strict=True):
            claim = taken.get(key)
            tops = alone.tops
            # Without unknown words, an entry's strongest phrase holding the key, scored alone, is what the
            # key gives it: a keyword or sentence, or a name in place, that holds other keys of the question
            # too only scores more with them (`_add_shared`). Not so a name found scattered, or whose key is
            # taken: those entries' phrases are scored one by one (`_add_alone`), as are all when unknown
            # words weaken partial ones.
            if keep < 1.0:
                fallen: Collection[int] = tops
            elif alone.top_names and (scattered or claim is not None):
                fallen = _fallen_tops(alone.top_names, scattered, claim=claim)
            else:
                fallen = ()
            # The key's weight goes into what each entry with it explains; its tops into the entries' best
            # strengths, but for the fallen ones.
            weight = alone.weight
            into = explained
            if alone.generic:
                into = loose
                any_generic = True
            for entry, strength in tops.items():
                into[entry] += weight
                if strength > best[entry] and entry not in fallen:
                    best[entry] = strength
            if fallen:
                _add_alone(alone.alone, fallen, keep=keep, shared=shared, claim=claim, best=best)
        if shared:
            self._add_shared(
                known, shared, scattered=scattered, taken=taken, weights=weights, keep=keep, best=best
            )
        if any_generic:
            # Generic keys count in full for an entry that also explains a specific key, else GENERIC_SHARE.
            for entry, amount in enumerate(loose):
                if amount > 0.0:
                    own = explained[entry]
                    explained[entry] = own + amount if own > 0.0 else amount * GENERIC_SHARE
        return _scored(best, explained, total, at_least=at_least, within=within)

    def _add_shared(
        self,
        known: tuple[str, ...],
        shared: AbstractSet[int],
        *,
        scattered: AbstractSet[int],
        taken: dict[str, _Claim],
        weights: dict[str, float],
        keep: float,
        best: list[float],
    ) -> None:
        """The phrases holding several of the question's keys, scored key by key, into `best`. A phrase that
        could not beat its entry's best even if it held every known key of the question is skipped."""
        reach = 0.0
        for key in known:
            reach += weights[key]
        # Of two known keys, a phrase holding several holds both: what it covers is `reach` (summed in the
        # same order, so to the same bit), without looking its keys up.
        holds_all = len(known) == 2
        phrases = self.phrases
        for index in shared:
            phrase = phrases[index]
            entry = phrase.entry
            strongest = best[entry]
            if reach * phrase.ceiling + ROUNDING <= strongest:
                continue
            amount = 0.0
            if phrase.named and (taken or index in scattered):
                # Scattered: any other entry's name in place takes the word; in place: only a longer one.
                longer = 0 if index in scattered else len(phrase.keys)
                for key in known:
                    if key in phrase.keys:
                        claim = taken.get(key)
                        if claim is None or claim.longest_other(entry) <= longer:
                            amount += weights[key]
                if index in scattered:
                    amount *= SCATTERED_FACTOR
            elif holds_all:
                amount = reach
            else:
                for key in known:
                    if key in phrase.keys:
                        amount += weights[key]
            coverage = amount / phrase.total
            if coverage < WHOLE or phrase.generic:
                coverage *= keep
            strength = phrase.weight * coverage * phrase.scale
            if strength > strongest:
                best[entry] = strength


def _shared(scores: list[KeyScores]) -> AbstractSet[int]:
    """The phrases holding two or more of the question's known keys (`scores`: theirs)."""
    if len(scores) == 2:
        return scores[0].postings & scores[1].postings
    if len(scores) < 2:
        return _NONE
    seen = scores[0].postings
    shared: set[int] = set()
    for alone in scores[1:-1]:
        shared |= alone.postings & seen
        seen = seen | alone.postings
    shared |= scores[-1].postings & seen
    return shared


def _fallen_tops(
    top_names: tuple[tuple[int, int, int], ...], scattered: AbstractSet[int], *, claim: _Claim | None
) -> set[int]:
    """The entries whose strongest phrase holding a key (`KeyScores.tops`) may not count as scored alone: a
    name found scattered (`scattered`: those among the phrases holding several of the question's keys), or
    one whose key another entry's longer name takes. (A name in place that holds other keys of the question
    too scores at least as much with them, in `Scorer._add_shared`: the key is not taken from it there.)"""
    return {
        entry
        for entry, phrase, size in top_names
        if phrase in scattered or (claim is not None and size < claim.longest_other(entry))
    }


def _scored(
    best: list[float],
    explained: list[float],
    total: float,
    *,
    at_least: float = 0.0,
    within: float = math.inf,
) -> list[Row]:
    """The entries' evidence from their best phrases' strengths (0: none) and the IDF they explain (of
    `total`): those scoring `at_least` or `within` of the best score (by default, all)."""
    sqrt = math.sqrt
    found: list[Row] = []
    for entry, strength in enumerate(best):
        if strength > 0.0:
            share = explained[entry] / total
            score = sqrt(strength * share)
            found.append((score if score < 1.0 else 1.0, entry, strength, share))
    if not found:
        return []
    cut = min(at_least, max(found)[0] - within)  # scores first: the highest
    return [row for row in found if row[0] >= cut]


def _kept(found: tuple[Row, ...], top: float, *, at_least: float, within: float) -> list[Row]:
    """Of evidence scored beforehand (best score `top`), what `_scored` would keep."""
    cut = min(at_least, top - within)
    return [row for row in found if row[0] >= cut]


class _Claim(NamedTuple):
    """The names, complete and in place in a question, that take one of its keys."""

    entry: int
    """The entry with the longest of them."""
    size: int
    """That name's length in keys."""
    runner_up: int
    """The longest of another entry's (0 if none)."""

    @classmethod
    def of(cls, names: Collection[tuple[int, int]]) -> _Claim:
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


class _Names:
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
        self.one_word_claims = {key: _Claim.of(names) for key, names in self.one_word_names.items()}
        self.pairs: dict[tuple[str, str], tuple[int, ...]] = {k: tuple(v) for k, v in pairs.items()}
        """(first key, second key) -> the names of those two keys, in that order."""
        self.two_key = frozenset(i for group in self.pairs.values() for i in group)

    def in_place(
        self, reading: Reading, shared: AbstractSet[int]
    ) -> tuple[AbstractSet[int], dict[str, _Claim]]:
        """Of the names among `shared` (phrases holding several of the question's keys), those found scattered
        (not side by side, in order); and for each key of the question, the names that take it. A key the
        question says twice is taken by none: each time may belong to another name ("ML engineers or
        scientists plus engineers")."""
        names = shared & self.all
        if not names:
            # No name holds two keys of the question, and then no claim matters: the only ones left, by
            # one-word names, take a key from nothing but names found scattered.
            return _NONE, {}
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
            if not _side_by_side(present, sequence, pairs):
                scattered.add(index)
            elif len(present) == len(phrase.keys):
                placed.add(index)
        in_place: dict[str, list[tuple[int, int]]] = {}
        for index in placed:
            phrase = self.phrases[index]
            for key in phrase.sequence:
                in_place.setdefault(key, []).append((phrase.entry, len(phrase.keys)))
        for key, claims in in_place.items():
            taken[key] = _Claim.of((*self.one_word_names.get(key, ()), *claims))
        return scattered, _but_repeated(taken, reading)


def _but_repeated(taken: dict[str, _Claim], reading: Reading) -> dict[str, _Claim]:
    """The claims on keys the question holds once only."""
    if len(reading.sequence) == len(reading.content) or not taken:  # no key is repeated
        return taken
    counts = Counter(reading.sequence)
    return {key: claim for key, claim in taken.items() if counts[key] == 1}


def _add_alone(
    groups: dict[int, AloneGroup],
    entries: Iterable[int],
    *,
    keep: float,
    shared: AbstractSet[int],
    claim: _Claim | None,
    best: list[float],
) -> None:
    """These entries' phrases holding one key (`KeyScores.alone`), scored as if it were the only key of them
    in the question, into `best`; phrases holding other keys of the question too are
    `Scorer._add_shared`'s."""
    for entry in entries:
        group = groups[entry]
        # A name whose one key is in another entry's longer name, in place, does not count.
        longest = claim.longest_other(entry) if claim else 0
        strongest = best[entry]
        for option in group.whole:
            upper = option.upper * keep if option.generic else option.upper
            if upper > strongest and not (option.named and option.size < longest):
                strongest = upper
        for option in group.partial:
            # A partial phrase scores its `upper` x keep (up to rounding); they come strongest first.
            if option.upper * keep + ROUNDING <= strongest:
                break  # none of the rest can do better
            if option.phrase in shared or (option.named and option.size < longest):
                continue
            strength = option.weight * (option.coverage * keep) * option.scale
            strongest = max(strongest, strength)
        if strongest > 0.0:
            best[entry] = strongest


def _strongest(group: AloneGroup) -> float:
    return max(option.upper for option in (*group.whole, *group.partial))


def _strongest_first(option: Alone) -> float:
    return -option.upper


def _side_by_side(present: list[str], sequence: tuple[str, ...], pairs: set[tuple[str, str]]) -> bool:
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
