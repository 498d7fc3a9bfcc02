"""Reads a project lead's free text ("recommend a team for a 5 person startup") into `RecommendInputs`:
what the words say about each input, `KEY=VALUE` pairs winning over words, and the defaults it assumed for
the rest (`knowledge.recommend.inputs` reads the strict `KEY=VALUE` form).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from knowledge.base.model import CompanySize
from knowledge.base.project_inputs import MAX_PEOPLE, MIN_PEOPLE
from knowledge.recommend.inputs import (
    InputError,
    RecommendInputs,
    assumptions_for,
    build_inputs,
    canonical_key,
    canonical_value,
)

_UNITS: Final = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS: Final[Mapping[str, int]] = {word: n for n, word in enumerate(_UNITS.split(" "))} | {
    "a dozen": 12,
    "dozen": 12,
    "a couple of": 2,
    "a couple": 2,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
}

_NUMBER: Final = r"(\d{1,4}|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + ")"


@dataclass(frozen=True, slots=True)
class _Cued:
    """A pattern, and its cues: words that every match of the pattern contains, as plain text.

    A request names two or three inputs at most, so most patterns cannot match it, and a regex search costs
    far more than a few substring tests: `search` tries the pattern only when the text holds one of its
    cues. Sound only while every alternative of the pattern contains one of the cues (after casefolding, as
    the text is): keep the two in step when either changes.
    """

    cues: tuple[str, ...]
    pattern: re.Pattern[str]

    def search(self, text: str) -> re.Match[str] | None:
        """`pattern.search(text)`, without the search when no cue is in `text`."""
        for cue in self.cues:
            if cue in text:
                return self.pattern.search(text)
        return None


def _cued(cues: str, pattern: str) -> _Cued:
    """A `_Cued` from space-separated cues (`_` stands for a space inside one) and a pattern."""
    return _Cued(tuple(cue.replace("_", " ") for cue in cues.split()), re.compile(pattern))


_PEOPLE_PATTERNS: Final = (
    _cued(
        "person people member head fte engineer folks",
        _NUMBER + r"[\s-]*(?:person|people|persons|member|members|heads?|fte|ftes|engineers?|folks)\b",
    ),
    _cued(
        "team_of group_of squad_of",
        r"\b(?:team|group|squad) of (?:about |around |roughly )?" + _NUMBER + r"\b",
    ),
    _cued(
        "people headcount team",
        r"\b(?:people|team size|headcount|team)\s*(?:=|:|of|is)\s*" + _NUMBER + r"\b",
    ),
)

_SIZE_WORDS: Final[tuple[tuple[CompanySize, _Cued], ...]] = (
    ("startup", _cued("start", r"\bstart[\s-]?ups?\b")),
    (
        "large",
        _cued(
            "enterprise corporat big large",
            r"\b(?:enterprises?|corporations?|corporate|big (?:company|corp|tech|firm)|"
            r"large (?:company|companies|org|organi[sz]ation|firm|business|corp))\b",
        ),
    ),
    (
        "medium",
        _cued(
            "mid medium",
            r"\b(?:medium|mid|mid-size|midsize|mid-sized)(?:[\s-]sized?)?[\s-]"
            r"(?:company|companies|org|organi[sz]ation|firm|business)\b",
        ),
    ),
    (
        "small",
        _cued("small", r"\bsmall(?:[\s-]sized?)? (?:company|companies|org|organi[sz]ation|firm|business)\b"),
    ),
)

_NEGATION: Final = r"(?:no|not|without|never|don'?t|doesn'?t|won'?t|isn'?t|aren'?t|nothing)"
_PRODUCTION_NO: Final = _cued(
    "prod deploy ship prototype proof poc research_only offline_analysis experiment",
    r"\b(?:"
    + _NEGATION
    + r"\b[\w\s']{0,20}\b(?:production|prod|deploy\w*|ship\w*)|prototypes?|proofs? of concept"
    r"|poc|research only|offline analysis|experiments? only)\b",
)
_PRODUCTION_YES: Final = _cued(
    "prod deploy ship serving go_live",
    r"\b(?:production|prod|deploy\w*|ship\w*|in the product|serving|go live)\b",
)

_LABELING_WORD: Final = r"(?:label\w*|annotat\w*)"
_LABELING_CUES: Final = "label annotat"
"""Every labeling pattern names the labeling word."""
_LABELING_NONE: Final = _cued(
    _LABELING_CUES,
    r"\b(?:" + _NEGATION + r"\b[\w\s]{0,15}\b" + _LABELING_WORD + r"|already labell?ed|pre-?labell?ed"
    r"|labell?ed data (?:already|exists))\b",
)
_LABELING_HEAVY: Final = _cued(
    _LABELING_CUES,
    r"\b(?:(?:heavy|lots of|a lot of|massive|large-scale|huge|extensive|much)\s+"
    + _LABELING_WORD
    + r"|"
    + _LABELING_WORD
    + r"[\s-]*(?:heavy|intensive)|"
    + _LABELING_WORD
    + r" (?:a lot|lots))\b",
)
_LABELING_SOME: Final = _cued(_LABELING_CUES, r"\b" + _LABELING_WORD + r"\b")

_SOURCES_MANY: Final = _cued(
    "source system database feed silo",
    r"\b(?:many|multiple|several|lots of|a lot of|dozens of|numerous|various|diverse)\s+(?:data\s+)?"
    r"(?:sources|systems|databases|feeds|silos)\b",
)
_SOURCES_FEW: Final = _cued(
    "source system database feed",
    r"\b(?:one|single|a single|few|a few|two)\s+(?:data\s+)?(?:sources?|systems?|databases?|feeds?)\b",
)

_DOMAIN_HIGH: Final = _cued(
    "domain medical healthcare clinical biotech pharma legal insurance financ banking",
    r"\b(?:complex|specialized|specialised|niche|regulated|hard|deep|difficult)\s+(?:\w+\s+)?domain\b"
    r"|\bdomain[\s-]+(?:heavy|complexity\s+(?:is\s+)?high|is\s+complex|expertise)\b"
    r"|\b(?:medical|healthcare|clinical|biotech|pharma\w*|legal|insurance|finance|financial|banking)\b",
)
_DOMAIN_LOW: Final = _cued(
    "domain",
    r"\b(?:simple|easy|generic|well-understood|common)\s+(?:\w+\s+)?domain\b|\bdomain\s+(?:is\s+)?simple\b",
)

_ENGINEERING_NO: Final = _cued(
    "engineer dev software",
    r"\b"
    + _NEGATION
    + r"\b[\w\s'-]{0,15}\b(?:engineering|engineers|dev|developers?|software)\s*(?:team|org)?\b",
)
_ENGINEERING_YES: Final = _cued(
    "engineering dev",
    r"\b(?:(?:existing|our|an|have an?|already have an?)\s+(?:software\s+)?(?:engineering|dev|developer)"
    r"\s+(?:team|org|department)|engineering (?:team|org) (?:already )?exists)\b",
)

_PAIR: Final = re.compile(r"\b([a-z]+)\s*=\s*([\w-]+)")
"""A `KEY=VALUE` pair in free text; only a text with "=" can hold one."""


def infer_inputs(text: str) -> tuple[RecommendInputs, tuple[str, ...]]:
    """Read what the words say about each input; default the rest and say so in the assumptions.

    `KEY=VALUE` pairs in the text win over words; a pair with an unknown key or value is ignored here (free
    text is forgiving), so the answer falls back to the words or the default and says what it assumed.
    """
    lowered = " ".join(text.casefold().split())
    pairs = _PAIR.findall(lowered) if "=" in lowered else []
    words = _PAIR.sub(" ", lowered) if pairs else lowered  # a pair is read as a pair, never as words
    found: dict[str, str | int] = {}
    for key, reader in _READERS.items():
        value = reader(words)
        if value is not None:
            found[key] = value
    for key_text, value_text in pairs:
        try:
            key = canonical_key(key_text)
            found[key] = canonical_value(key, value_text)
        except InputError:
            continue
    inputs = build_inputs(found)
    return inputs, assumptions_for(inputs, given=frozenset(found))


def _read_people(text: str) -> int | None:
    for pattern in _PEOPLE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        word = match.group(1)
        number = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        if MIN_PEOPLE <= number <= MAX_PEOPLE:
            return number
    return None


def _read_size(text: str) -> str | None:
    for size, pattern in _SIZE_WORDS:
        if pattern.search(text):
            return size
    return None


def _read_production(text: str) -> str | None:
    if _PRODUCTION_NO.search(text):
        return "no"
    return "yes" if _PRODUCTION_YES.search(text) else None


def _read_labeling(text: str) -> str | None:
    if _LABELING_NONE.search(text):
        return "none"
    if _LABELING_HEAVY.search(text):
        return "heavy"
    return "some" if _LABELING_SOME.search(text) else None


def _read_sources(text: str) -> str | None:
    if _SOURCES_MANY.search(text):
        return "many"
    return "few" if _SOURCES_FEW.search(text) else None


def _read_domain(text: str) -> str | None:
    if _DOMAIN_LOW.search(text):
        return "low"
    return "high" if _DOMAIN_HIGH.search(text) else None


def _read_engineering(text: str) -> str | None:
    if _ENGINEERING_NO.search(text):
        return "no"
    return "yes" if _ENGINEERING_YES.search(text) else None


_READERS: Final = {
    "size": _read_size,
    "people": _read_people,
    "production": _read_production,
    "labeling": _read_labeling,
    "sources": _read_sources,
    "domain": _read_domain,
    "engineering": _read_engineering,
}
