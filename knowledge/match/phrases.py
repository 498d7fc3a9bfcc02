"""What the scoring weighs (`knowledge.match.evidence`): the weights of an entry's phrases and of the words a
question holds, each with how it was measured, and the records the scoring is computed over and gives out
(`Phrase`, `Row`, `Evidence`, and what is precomputed per key: `KeyScores`, `Alone`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, NamedTuple

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
NONE: Final[frozenset[int]] = frozenset()


@dataclass(frozen=True, slots=True)
class Phrase:
    """One phrase of an entry, as the scoring reads it (a slotted dataclass: its fields are read several
    times per phrase a question touches, two and a half times faster than a named tuple's)."""

    entry: int
    """Position of the entry in `Index.entries`."""
    weight: float
    keys: frozenset[str]
    """Its keys (one set shared by the phrases that read alike: a sentence's keys are too many to test for
    one by one in a tuple)."""
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
    """A phrase as scored when the question covers one key of it and no other (`Scorer.alone`)."""

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
    """One entry's phrases that hold a given key (`Scorer.alone`)."""

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
    tops: dict[int, float]
    """Entry -> the strongest of its phrases holding the key, scored alone."""
    top_names: tuple[tuple[int, int, int], ...]
    """(entry, phrase, length) of the names among the `tops`: those may not count as they are."""
    top_max: float
    """The highest of the `tops`: what the key alone gives any entry, at most."""
    ceiling_max: float
    """The highest `Phrase.ceiling` of the phrases holding the key (`knowledge.match.bound`)."""
