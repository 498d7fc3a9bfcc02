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
nothing but that key and the question's unknown words. So for every key, each entry's strongest phrase
holding it, scored as if it were the only key of it in the question, is kept beforehand (`KeyScores.tops`):
a question without unknown words takes those as they are, but for the few names that do not count as they
are (found scattered, or their key taken), whose entries' phrases are scored one by one (`Scorer.alone`,
worked out per key on first use). Only the phrases holding two or more keys of the question, found by
intersecting the keys' postings, are scored key by key, and only those that could beat their entry's best.
A question of one known key and nothing else depends on that key alone: its evidence is scored once
(`Scorer.by_itself`). The postings are the inverted index: a question reads only the entries that hold its
words (its running totals are flat lists by entry position, read back for those entries only), so its
cost grows with what it can match. The matcher reads the scores as the plain `Row`s they are computed as
(`Scorer.rows`), not as `Evidence`: building a named tuple for each, only to read it once, would cost about
as much as ranking them.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from collections.abc import Set as AbstractSet

from knowledge.match.bound import WORTH_LEAVING_OUT, reaching
from knowledge.match.names import Claim, Names, fallen_tops
from knowledge.match.phrases import (
    GENERIC_SHARE,
    NAME_WEIGHT,
    ROUNDING,
    SCATTERED_FACTOR,
    SPECIFIC_IDF,
    UNKNOWN_WEIGHT,
    WHOLE,
    Alone,
    AloneGroup,
    Evidence,
    KeyScores,
    Phrase,
    Row,
)
from knowledge.match.reading import Reading
from knowledge.match.tally import add_alone, kept, scored, shared_phrases, strongest_first, touched_entries


class Scorer:
    """The phrases of one snapshot's entries, indexed for scoring questions against them. Immutable."""

    def __init__(
        self,
        phrases: Iterable[tuple[int, float, tuple[str, ...]]],
        idf: dict[str, float],
        generic: frozenset[str] = frozenset(),
    ) -> None:
        """`phrases`: (entry position, weight, keys in order), entry by entry in order; `idf`: every key's
        weight; `generic`: the keys of generic words."""
        self.idf = idf
        self.generic = generic
        built: list[Phrase] = []
        postings: dict[str, list[int]] = {}
        # What depends on a phrase's keys alone, worked out once per distinct phrase (phrases recur).
        by_keys: dict[tuple[str, ...], tuple[frozenset[str], float, float, bool]] = {}
        for entry, weight, keys in phrases:
            shared = by_keys.get(keys)
            if shared is None:
                total = sum(idf[k] for k in keys)
                everyday = all(key in generic for key in keys)
                shared = by_keys[keys] = (frozenset(keys), total, min(1.0, total / SPECIFIC_IDF), everyday)
            key_set, total, scale, everyday = shared
            named = weight >= NAME_WEIGHT
            sequence = keys if named and len(keys) > 1 else ()
            position = len(built)
            for key in keys:
                postings.setdefault(key, []).append(position)
            ceiling = weight * scale / total
            built.append(Phrase(entry, weight, key_set, sequence, total, scale, named, everyday, ceiling))
        self.phrases: tuple[Phrase, ...] = tuple(built)
        self.postings: dict[str, frozenset[int]] = {key: frozenset(group) for key, group in postings.items()}
        """Key -> the phrases holding it."""
        self.size = 1 + max((phrase.entry for phrase in built), default=-1)
        """How many entry positions the phrases cover."""
        self._starts = [0] * (self.size + 1)
        """Entry -> the position of its first phrase (they come entry by entry); `_starts[entry + 1]` is past
        its last."""
        for phrase in built:
            self._starts[phrase.entry + 1] += 1
        for entry in range(self.size):
            self._starts[entry + 1] += self._starts[entry]
        self.names = Names(self.phrases)
        self.keys: dict[str, KeyScores] = {key: self._key_scores(key, postings[key]) for key in postings}
        """Key -> what the scoring precomputes about it."""
        self._alone: dict[str, dict[int, AloneGroup]] = {}
        """Key -> `alone(key)`, for the keys asked about so far."""
        self._by_itself: dict[str, tuple[tuple[Row, ...], float]] = {}
        """Key -> `by_itself(key)`, for the keys asked about so far."""

    def _key_scores(self, key: str, holding: list[int]) -> KeyScores:
        """`holding`: the phrases holding the key, in order."""
        weight = self.idf[key]
        generic = key in self.generic
        phrases = self.phrases
        # Each phrase's strength as the only key of it in the question (`Alone.upper`), the strongest kept per
        # entry (the phrases come entry by entry).
        tops: dict[int, float] = {}
        for index in holding:
            phrase = phrases[index]
            upper = phrase.weight * (weight / phrase.total) * phrase.scale
            if upper > tops.get(phrase.entry, -1.0):
                tops[phrase.entry] = upper
        top_names = tuple(
            (phrase.entry, index, len(phrase.keys))
            for index in holding
            if (phrase := phrases[index]).named
            and phrase.weight * (weight / phrase.total) * phrase.scale == tops[phrase.entry]
        )
        return KeyScores(
            weight=weight,
            generic=generic,
            postings=self.postings[key],
            tops=tops,
            top_names=top_names,
            top_max=max(tops.values()),
            ceiling_max=max(phrases[index].ceiling for index in holding),
        )

    def by_itself(self, key: str) -> tuple[tuple[Row, ...], float]:
        """The evidence for a question whose only content word is `key`, and its highest score; worked out
        on the first such question and remembered. No phrase holds two of its keys, and no name takes the
        key from a top (a one-word name only takes it from shorter names, and there are none), so the tops
        count as they are; the rest is the final step of `rows`."""
        found = self._by_itself.get(key)
        if found is None:
            scores = self.keys[key]
            share = dict.fromkeys(
                scores.tops, scores.weight * GENERIC_SHARE if scores.generic else scores.weight
            )
            rows = tuple(scored(scores.tops, share, scores.weight, sorted(scores.tops)))
            found = self._by_itself[key] = (rows, max(score for score, *_ in rows))
        return found

    def alone(self, key: str, entries: Iterable[int]) -> dict[int, AloneGroup]:
        """Entry -> its phrases holding `key`, each scored as if the key were the only one of it in the
        question, for `entries` (which hold the key) at least. Worked out per key and entry on first use and
        remembered: most keys are never asked about with unknown words or a name that does not count as it
        is, and a question needs these only for the entries it scores, not for every entry with the key."""
        groups = self._alone.get(key)
        if groups is None:
            groups = self._alone[key] = {}
        for entry in entries:
            if entry not in groups:
                groups[entry] = self._alone_group(key, entry)
        return groups

    def _alone_group(self, key: str, entry: int) -> AloneGroup:
        weight = self.idf[key]
        options: list[Alone] = []
        for index in range(self._starts[entry], self._starts[entry + 1]):
            phrase = self.phrases[index]
            if key not in phrase.keys:
                continue
            coverage = weight / phrase.total
            upper = phrase.weight * coverage * phrase.scale
            options.append(
                Alone(
                    upper,
                    index,
                    coverage,
                    phrase.weight,
                    phrase.scale,
                    phrase.named,
                    len(phrase.keys),
                    phrase.generic,
                )
            )
        return AloneGroup(
            whole=tuple(option for option in options if option.coverage >= WHOLE),
            partial=tuple(
                sorted((option for option in options if option.coverage < WHOLE), key=strongest_first)
            ),
        )

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
            found, top = self.by_itself(known[0])
            return kept(found, top, at_least=at_least, within=within)
        idf = self.idf
        weights = {k: idf.get(k, UNKNOWN_WEIGHT) for k in reading.content}
        total = sum(weights.values())
        scores = [self.keys[key] for key in known]
        bounding = within < math.inf and self.size >= WORTH_LEAVING_OUT
        among = reaching(scores, total, at_least=at_least) if bounding else None
        if among is not None:
            bounded = self._rows(reading, weights, total, scores, among, at_least=at_least, within=within)
            if bounded and max(bounded)[0] - within >= at_least:
                return bounded  # as exhaustive scoring: every entry left out scores below `at_least`
        return self._rows(reading, weights, total, scores, None, at_least=at_least, within=within)

    def _rows(
        self,
        reading: Reading,
        weights: dict[str, float],
        total: float,
        scores: list[KeyScores],
        among: AbstractSet[int] | None,
        *,
        at_least: float,
        within: float,
    ) -> list[Row]:
        """`rows`, of the entries `among` only (`None`: every entry the question's keys reach)."""
        known = reading.known
        # A phrase only partly in the question, next to words the knowledge base does not know, is probably
        # about something else ("who cleans the office" is not "data cleaning"): its strength shrinks by the
        # unknown share of the question. A whole name next to unknown filler ("all day") keeps it.
        keep = 1.0 - sum(weights[k] for k in reading.unknown) / total if reading.unknown else 1.0
        shared = shared_phrases(scores)
        scattered, taken = self.names.in_place(reading, shared)
        # Entry position -> the strength of its best phrase (0: none); the IDF of the question's specific keys
        # it has, in any phrase; that of its generic keys. Flat lists (allocating them is a memset), but only
        # the entries the keys reach (or those `among` them) are read back (`touched`).
        size = self.size
        best = [0.0] * size
        explained = [0.0] * size
        loose = [0.0] * size
        touched = touched_entries(scores, size) if among is None else sorted(among)
        any_generic = False
        for key, alone in zip(known, scores, strict=True):
            claim = taken.get(key)
            tops = alone.tops
            reached: Iterable[tuple[int, float]] = tops.items()
            if among is not None and len(among) < len(tops):
                reached = [(entry, top) for entry in touched if (top := tops.get(entry)) is not None]
            # Without unknown words, an entry's strongest phrase holding the key, scored alone, is what the
            # key gives it: a keyword or sentence, or a name in place, that holds other keys of the question
            # too only scores more with them (`_add_shared`). Not so a name found scattered, or whose key is
            # taken: those entries' phrases are scored one by one (`add_alone`), as are all when unknown
            # words weaken partial ones.
            if keep < 1.0:
                fallen: Collection[int] = tops
            elif alone.top_names and (scattered or claim is not None):
                fallen = fallen_tops(alone.top_names, scattered, claim=claim)
            else:
                fallen = ()
            # The key's weight goes into what each entry with it explains; its tops into the entries' best
            # strengths, but for the fallen ones.
            weight = alone.weight
            into = explained
            if alone.generic:
                into = loose
                any_generic = True
            for entry, strength in reached:
                into[entry] += weight
                if strength > best[entry] and entry not in fallen:
                    best[entry] = strength
            if fallen:
                if among is not None:
                    fallen = [entry for entry, _ in reached if entry in fallen]
                add_alone(self.alone(key, fallen), fallen, keep=keep, shared=shared, claim=claim, best=best)
        if shared:
            phrases = self.phrases
            self._add_shared(
                known,
                shared if among is None else [i for i in shared if phrases[i].entry in among],
                scattered=scattered,
                taken=taken,
                weights=weights,
                keep=keep,
                best=best,
            )
        if any_generic:
            # Generic keys count in full for an entry that also explains a specific key, else GENERIC_SHARE.
            for entry in touched:
                amount = loose[entry]
                if amount > 0.0:
                    own = explained[entry]
                    explained[entry] = own + amount if own > 0.0 else amount * GENERIC_SHARE
        return scored(best, explained, total, touched, at_least=at_least, within=within)

    def _add_shared(
        self,
        known: tuple[str, ...],
        shared: Iterable[int],
        *,
        scattered: AbstractSet[int],
        taken: dict[str, Claim],
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
