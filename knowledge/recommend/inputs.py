"""What a project lead tells the recommender: the inputs, their allowed values, and two ways to read them.

`parse_inputs` reads `KEY=VALUE` pairs strictly (an unknown key or value is an `InputError` that lists the
allowed ones); `parse_request` does the same and also says which inputs were assumed; `infer_inputs` reads
what it can from free text ("recommend a team for a 5 person startup") and says what it assumed for the rest.
Every input has a default, so a request with nothing in it still gets an answer, with its assumptions shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from knowledge.base.model import CompanySize
from knowledge.base.project_inputs import (
    INPUT_KEYS,
    INPUT_VALUES,
    MAX_PEOPLE,
    MIN_PEOPLE,
    Domain,
    Labeling,
    Sources,
)

INPUT_LABELS: Final[Mapping[str, str]] = {
    "size": "company size",
    "people": "team size",
    "production": "models go to production",
    "labeling": "labeling need",
    "sources": "data sources",
    "domain": "domain complexity",
    "engineering": "an engineering team already exists",
}

_VALUE_ALIASES: Final[Mapping[str, Mapping[str, str]]] = {
    "size": {
        "enterprise": "large",
        "big": "large",
        "mid": "medium",
        "midsize": "medium",
        "mid-size": "medium",
    },
    "production": {"y": "yes", "true": "yes", "n": "no", "false": "no"},
    "engineering": {"y": "yes", "true": "yes", "n": "no", "false": "no"},
    "labeling": {"no": "none", "light": "some", "lots": "heavy"},
    "sources": {"single": "few", "multiple": "many"},
    "domain": {"simple": "low", "complex": "high"},
}
"""Other spellings accepted in `KEY=VALUE` (not listed in messages: the canonical values are)."""

_KEY_ALIASES: Final[Mapping[str, str]] = {
    "company": "size",
    "team": "people",
    "headcount": "people",
    "prod": "production",
    "labelling": "labeling",
    "label": "labeling",
    "source": "sources",
    "eng": "engineering",
}


class InputError(ValueError):
    """A request the recommender cannot read; the message says what is allowed, in words for people."""


@dataclass(frozen=True, slots=True)
class RecommendInputs:
    """One request. The defaults describe a common case: a small company's first production ML team."""

    size: CompanySize = "small"
    people: int = 5
    production: bool = True
    labeling: Labeling = "some"
    sources: Sources = "few"
    domain: Domain = "low"
    engineering: bool = False
    """Whether the company already has a software-engineering team the ML team can lean on."""
    _texts: Mapping[str, str] = field(init=False, repr=False, compare=False)
    """Every input as `value` gives it, by key in `INPUT_KEYS` order: worked out once, when the inputs are
    made, for a recommendation reads them a few dozen times (the inputs are frozen, so it cannot go stale)."""

    def __post_init__(self) -> None:
        if not MIN_PEOPLE <= self.people <= MAX_PEOPLE:
            raise InputError(_people_message(str(self.people)))
        texts = {key: self.value(key) for key in INPUT_KEYS}
        for key, allowed in INPUT_VALUES.items():
            value = texts[key]
            if value not in allowed:
                raise InputError(_value_message(key, value))
        object.__setattr__(self, "_texts", texts)  # the way to set a field of a frozen dataclass

    def value(self, key: str) -> str:
        """The input as the text conditions and messages use: `yes`/`no` for booleans, digits for people."""
        raw = getattr(self, key)
        if raw is True:
            return "yes"
        if raw is False:
            return "no"
        return raw if isinstance(raw, str) else str(raw)

    def facts(self) -> dict[str, str]:
        """Every input as text, by key (a new dict: the caller may add to it)."""
        return dict(self._texts)


DEFAULTS: Final = RecommendInputs()


def allowed_values(key: str) -> str:
    """A key's values in words: `startup, small, medium, large`, or `a whole number from 1 to 1000`."""
    if key == "people":
        return f"a whole number from {MIN_PEOPLE} to {MAX_PEOPLE}"
    return ", ".join(INPUT_VALUES[key])


_PHRASES: Final[Mapping[str, Mapping[str, str]]] = {
    "size": {
        "startup": "a startup",
        "small": "a small company",
        "medium": "a mid-size company",
        "large": "a large company",
    },
    "production": {"yes": "models go to production", "no": "no models in production"},
    "labeling": {"none": "no labeling", "some": "some labeling", "heavy": "heavy labeling"},
    "sources": {"few": "few data sources", "many": "many data sources"},
    "domain": {"low": "a simple domain", "high": "a complex domain"},
    "engineering": {"yes": "an engineering team already exists", "no": "no engineering team yet"},
}


def phrase(inputs: RecommendInputs, key: str) -> str:
    """One input in words: `a startup`, `5 people`, `heavy labeling`, `no engineering team yet`."""
    if key == "people":
        return "1 person" if inputs.people == 1 else f"{inputs.people} people"
    return _PHRASES[key][inputs._texts[key]]


def usage() -> str:
    """Every key with its allowed values, one per line, for help and error messages."""
    return "\n".join(
        f"{key}={'|'.join(INPUT_VALUES[key]) if key in INPUT_VALUES else f'{MIN_PEOPLE}..{MAX_PEOPLE}'}"
        for key in INPUT_KEYS
    )


def _people_message(value: str) -> str:
    return f"people={value} is not allowed: people is {allowed_values('people')}."


def _value_message(key: str, value: str) -> str:
    return f"{key}={value} is not allowed: {key} is one of {allowed_values(key)}."


def _canonical_key(key: str) -> str:
    word = key.strip().casefold()
    word = _KEY_ALIASES.get(word, word)
    if word not in INPUT_KEYS:
        raise InputError(f"Unknown key '{key}'. Allowed keys: {', '.join(INPUT_KEYS)}.")
    return word


def _canonical_value(key: str, value: str) -> str | int:
    word = value.strip().casefold()
    if key == "people":
        # Digits counted before `int()`, which refuses more than 4,300 of them (a ValueError, not ours).
        digits = word.lstrip("0") or "0"
        if not word.isascii() or not word.isdigit() or len(digits) > len(str(MAX_PEOPLE)):
            raise InputError(_people_message(value))
        if not MIN_PEOPLE <= int(digits) <= MAX_PEOPLE:
            raise InputError(_people_message(value))
        return int(digits)
    word = _VALUE_ALIASES.get(key, {}).get(word, word)
    if word not in INPUT_VALUES[key]:
        raise InputError(_value_message(key, value))
    return word


def _build(values: Mapping[str, str | int]) -> RecommendInputs:
    kwargs: dict[str, object] = {}
    for key, value in values.items():
        kwargs[key] = value == "yes" if key in ("production", "engineering") else value
    return RecommendInputs(**kwargs)  # type: ignore[arg-type]


def parse_inputs(pairs: Sequence[str]) -> RecommendInputs:
    """Read `KEY=VALUE` pairs (case-insensitive); keys not given keep their defaults. Raises `InputError`."""
    return parse_request(pairs)[0]


def parse_request(pairs: Sequence[str]) -> tuple[RecommendInputs, tuple[str, ...]]:
    """Like `parse_inputs`, and also the assumptions made for the keys not given."""
    values: dict[str, str | int] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"Expected KEY=VALUE, got '{pair}'. Allowed keys: {', '.join(INPUT_KEYS)}.")
        canonical = _canonical_key(key)
        if canonical in values:
            raise InputError(f"'{canonical}' is given twice; give each key once.")
        values[canonical] = _canonical_value(canonical, value)
    inputs = _build(values)
    return inputs, assumptions_for(inputs, given=frozenset(values))


_ASSUMED: Final[Mapping[str, Mapping[str, str]]] = {
    key: {value: f"Assumed {words} ({key}={value})." for value, words in phrases.items()}
    for key, phrases in _PHRASES.items()
}
"""`assumptions_for`'s sentence for each value of each key with a fixed set of values, written once."""


def assumptions_for(inputs: RecommendInputs, *, given: frozenset[str]) -> tuple[str, ...]:
    """One sentence per input that was not given: `Assumed a small company (size=small).`"""
    texts = inputs._texts
    return tuple(
        _ASSUMED[key][texts[key]]
        if key in _ASSUMED
        else f"Assumed {phrase(inputs, key)} ({key}={texts[key]})."
        for key in INPUT_KEYS
        if key not in given
    )


# --- free text ---------------------------------------------------------------------------------------------

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
            key = _canonical_key(key_text)
            found[key] = _canonical_value(key, value_text)
        except InputError:
            continue
    inputs = _build(found)
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

__all__ = [
    "DEFAULTS",
    "INPUT_KEYS",
    "INPUT_LABELS",
    "INPUT_VALUES",
    "MAX_PEOPLE",
    "MIN_PEOPLE",
    "InputError",
    "RecommendInputs",
    "allowed_values",
    "assumptions_for",
    "infer_inputs",
    "parse_inputs",
    "parse_request",
    "phrase",
    "usage",
]
