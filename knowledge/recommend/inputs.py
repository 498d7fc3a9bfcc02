"""What a project lead tells the recommender: the inputs, their allowed values, and two ways to read them.

`parse_inputs` reads `KEY=VALUE` pairs strictly (an unknown key or value is an `InputError` that lists the
allowed ones); `parse_request` does the same and also says which inputs were assumed; free text ("recommend a
team for a 5 person startup") is read by `knowledge.recommend.infer`, which says what it assumed for the rest.
Every input has a default, so a request with nothing in it still gets an answer, with its assumptions shown.
"""

from __future__ import annotations

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


def canonical_key(key: str) -> str:
    word = key.strip().casefold()
    word = _KEY_ALIASES.get(word, word)
    if word not in INPUT_KEYS:
        raise InputError(f"Unknown key '{key}'. Allowed keys: {', '.join(INPUT_KEYS)}.")
    return word


def canonical_value(key: str, value: str) -> str | int:
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


def build_inputs(values: Mapping[str, str | int]) -> RecommendInputs:
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
    problems: list[str] = []  # every bad input, not just the first: one round trip to fix them all
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            problems.append(f"Expected KEY=VALUE, got '{pair}'. Allowed keys: {', '.join(INPUT_KEYS)}.")
            continue
        try:
            canonical = canonical_key(key)
            if canonical in values:
                raise InputError(f"'{canonical}' is given twice; give each key once.")
            values[canonical] = canonical_value(canonical, value)
        except InputError as exc:
            problems.append(str(exc))
    if problems:
        raise InputError("\n".join(problems))
    inputs = build_inputs(values)
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
    "parse_inputs",
    "parse_request",
    "phrase",
    "usage",
]
