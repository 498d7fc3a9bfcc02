"""Reading a recommendation request: strict KEY=VALUE pairs, and free text with its assumptions."""

from __future__ import annotations

import random
import re

import pytest

from knowledge.recommend import infer as recommend_inputs
from knowledge.recommend.infer import _Cued, infer_inputs
from knowledge.recommend.inputs import (
    DEFAULTS,
    INPUT_KEYS,
    INPUT_VALUES,
    InputError,
    RecommendInputs,
    parse_inputs,
    parse_request,
    phrase,
    usage,
)


def test_pairs_set_every_input_case_insensitively() -> None:
    inputs = parse_inputs(
        [
            "size=Startup",
            "PEOPLE=5",
            "production=no",
            "labeling=heavy",
            "sources=many",
            "domain=high",
            "engineering=yes",
        ]
    )
    assert inputs == RecommendInputs(
        size="startup",
        people=5,
        production=False,
        labeling="heavy",
        sources="many",
        domain="high",
        engineering=True,
    )


def test_keys_not_given_keep_their_defaults_and_are_assumptions() -> None:
    inputs, assumptions = parse_request(["people=3"])
    assert inputs == RecommendInputs(people=3)
    assert len(assumptions) == len(INPUT_KEYS) - 1
    assert not any("people=" in a for a in assumptions)
    assert f"Assumed {phrase(DEFAULTS, 'size')} (size={DEFAULTS.size})." in assumptions


def test_nothing_given_means_every_input_assumed() -> None:
    inputs, assumptions = parse_request([])
    assert inputs == DEFAULTS
    assert len(assumptions) == len(INPUT_KEYS)


def test_common_spellings_are_accepted() -> None:
    assert parse_inputs(["company=enterprise", "team=12", "prod=true", "labelling=no"]) == RecommendInputs(
        size="large", people=12, production=True, labeling="none"
    )


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (["colour=blue"], "Unknown key 'colour'. Allowed keys: size, people, production, labeling"),
        (["size=huge"], "size=huge is not allowed: size is one of startup, small, medium, large."),
        (["labeling=lots-and-lots"], "labeling is one of none, some, heavy."),
        (["production=maybe"], "production is one of yes, no."),
        (["people=0"], "people is a whole number from 1 to 1000."),
        (["people=1001"], "people is a whole number from 1 to 1000."),
        (["people=five"], "people is a whole number from 1 to 1000."),
        (["people=-3"], "people is a whole number from 1 to 1000."),
        (["people=٣"], "people is a whole number from 1 to 1000."),
        (["people=" + "9" * 5000], "people is a whole number from 1 to 1000."),
        (["startup"], "Expected KEY=VALUE, got 'startup'. Allowed keys:"),
        (["=5"], "Expected KEY=VALUE"),
        (["size=small", "SIZE=large"], "'size' is given twice"),
    ],
)
def test_bad_pairs_say_what_is_allowed(pairs: list[str], expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_inputs(pairs)
    assert expected in str(caught.value)


def test_leading_zeros_do_not_make_a_number_too_long() -> None:
    assert parse_inputs(["people=" + "0" * 5000 + "7"]).people == 7


def test_a_number_too_long_for_python_is_ignored_in_free_text() -> None:
    inputs, assumptions = infer_inputs("recommend for a startup people=" + "9" * 5000)
    assert inputs.people == RecommendInputs().people
    assert any("(people=" in a for a in assumptions)


def test_building_inputs_directly_is_validated_too() -> None:
    with pytest.raises(InputError, match="people"):
        RecommendInputs(people=0)
    with pytest.raises(InputError, match="size is one of"):
        RecommendInputs(size="galactic")  # type: ignore[arg-type]


def test_usage_lists_every_key_and_value() -> None:
    text = usage()
    for key in INPUT_KEYS:
        assert f"{key}=" in text
    for values in INPUT_VALUES.values():
        assert "|".join(values) in text


# --- free text ----------------------------------------------------------------------------------------------


def test_the_issue_example_reads_size_and_people_and_assumes_the_rest() -> None:
    inputs, assumptions = infer_inputs("recommend a team for a 5 person startup")
    assert (inputs.size, inputs.people) == ("startup", 5)
    assert len(assumptions) == len(INPUT_KEYS) - 2
    assert not any(a.endswith(("(size=startup).", "(people=5).")) for a in assumptions)


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("team recommendation for a large enterprise", "size", "large"),
        ("we're a mid-size company", "size", "medium"),
        ("a small business wants ML", "size", "small"),
        ("our start-up needs a team", "size", "startup"),
        ("a team of twelve", "people", 12),
        ("staff a 3-person ML team", "people", 3),
        ("we can hire 40 engineers", "people", 40),
        ("models will be deployed to production", "production", True),
        ("it's only a prototype", "production", False),
        ("we won't ship anything to production this year", "production", False),
        ("lots of labeling", "labeling", "heavy"),
        ("labeling-heavy computer vision", "labeling", "heavy"),
        ("we need some annotation", "labeling", "some"),
        ("no labeling needed", "labeling", "none"),
        ("the data is already labeled", "labeling", "none"),
        ("data from many sources", "sources", "many"),
        ("a single data source", "sources", "few"),
        ("a complex domain", "domain", "high"),
        ("medical imaging", "domain", "high"),
        ("a simple domain", "domain", "low"),
        ("we already have an engineering team", "engineering", True),
        ("there is no engineering team", "engineering", False),
    ],
)
def test_words_are_read(text: str, key: str, value: object) -> None:
    inputs, assumptions = infer_inputs(text)
    assert getattr(inputs, key) == value
    assert not any(f"({key}=" in a for a in assumptions)


def test_pairs_in_free_text_win_and_bad_pairs_are_ignored() -> None:
    inputs, assumptions = infer_inputs("recommend for a startup size=large people=7 labeling=tons")
    assert (inputs.size, inputs.people, inputs.labeling) == ("large", 7, DEFAULTS.labeling)
    assert any("(labeling=" in a for a in assumptions)


@pytest.mark.parametrize(
    "text", ["", "recommend", "what team should we build?", "x" * 5000, "team of 0", "99999 people"]
)
def test_text_with_nothing_to_read_assumes_everything(text: str) -> None:
    inputs, assumptions = infer_inputs(text)
    assert inputs == DEFAULTS
    assert len(assumptions) == len(INPUT_KEYS)


def _cued_patterns() -> list[_Cued]:
    found = [value for value in vars(recommend_inputs).values() if isinstance(value, _Cued)]
    return [*found, *recommend_inputs._PEOPLE_PATTERNS, *(cued for _, cued in recommend_inputs._SIZE_WORDS)]


@pytest.mark.parametrize("cued", _cued_patterns(), ids=lambda cued: cued.cues[0])
def test_a_pattern_is_never_skipped_when_it_would_match(cued: _Cued) -> None:
    """The cues stand in for a search only when no match is possible: checked on short texts made of the
    pattern's own words (and some numbers and joiners), which match through each of its alternatives."""
    literal = re.sub(r"\\.", "|", cued.pattern.pattern)  # escapes (\b, \s, ...) are not words
    phrases = {phrase.strip() for phrase in re.findall(r"[a-z'][a-z' ]*", literal)}
    words = {word for phrase in phrases for word in phrase.split()}
    vocabulary = sorted(phrases | words | {"5", "12", "1000", "=", ":"})
    rng = random.Random(0)
    for _ in range(10_000):
        picked = rng.choices(vocabulary, k=rng.randint(1, 4))
        text = "".join(word + rng.choice((" ", " ", "-", "")) for word in picked)
        expected = cued.pattern.search(text)
        found = cued.search(text)
        assert (found and found.span()) == (expected and expected.span()), text
