"""The `recommendation:` section: the bundled rules load, and each kind of mistake is reported at its line.

Each case starts from a small valid rules file and changes one thing, loaded through the real loader next to
the bundled roles, approaches and tasks, so the errors are exactly what `mlrole check` shows an admin.
"""

from __future__ import annotations

import textwrap

import pytest

from knowledge.base.errors import KnowledgeError
from knowledge.base.loader import bundled_path, load_bundled, load_texts
from knowledge.base.rules import Citation, Condition, RecommendationRules
from tests.knowledge.recommend_expectations import APPROACHES, KEY_TASKS

VALID = """\
recommendation:
  approach:
    default: ml-software-engineers
    requires:
      - approach: scientists-plus-engineers
        when: {people: {min: 2}}
        reason: needs two people.
    signals:
      - favors: scientists-plus-engineers
        when: {domain: high, size: [medium, large]}
        weight: 2
        reason: Complex domain.
        cites:
          - {approach: scientists-plus-engineers, strengths: "Specialization of each"}
  roster:
    - role: ml-engineer
      when: {approach: ml-software-engineers}
      weight: 3
    - role: ml-scientist
      when: {approach: scientists-plus-engineers}
      weight: 2
      min: 1
    - role: software-engineer
      when: {approach: scientists-plus-engineers}
      weight: 2
    - role: devops-engineer
      when: {production: yes}
      weight: 1
      max: 2
      part_time: {size: startup}
      outside:
        - {when: {size: large}, mode: shared, note: Shared.}
  key_tasks:
    - {task: deployment, needed: {production: yes}}
    - {task: model-design}
  ownership:
    - {task: deployment, when: {size: startup}, owners: [ml-engineer], note: Startups.}
  stand_ins:
    devops-engineer: [ml-engineer]
  risks:
    - when: {approach: scientists-plus-engineers}
      text: Hand-offs.
      cites:
        - {approach: scientists-plus-engineers, weaknesses: "hard to integrate"}
"""


def _base_files() -> list[tuple[str, str]]:
    return [
        (name, (bundled_path() / name).read_text(encoding="utf-8"))
        for name in ("roles.yaml", "approaches.yaml", "tasks.yaml")
    ]


def _load(rules: str) -> RecommendationRules | None:
    return load_texts(
        [*_base_files(), ("recommend.yaml", textwrap.dedent(rules))], source="test"
    ).recommendation


def _errors(rules: str) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        _load(rules)
    return [str(error) for error in caught.value.errors]


def _line(text: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_the_bundled_rules_load() -> None:
    rules = load_bundled().recommendation
    assert rules is not None
    assert rules.default_approach in APPROACHES
    assert {t.task for t in rules.key_tasks} == set(KEY_TASKS)


def test_a_valid_file_is_read_into_the_model() -> None:
    rules = _load(VALID)
    assert rules is not None
    assert rules.requirements[0].when == Condition(min_people=2)
    signal = rules.signals[0]
    assert signal.when.values == (("domain", ("high",)), ("size", ("medium", "large")))
    assert signal.cites == (Citation("scientists-plus-engineers", "strengths", "Specialization of each"),)
    devops = rules.roster[3]
    assert (devops.max_count, devops.min_count, devops.outside[0].mode) == (2, 0, "shared")
    assert devops.when.values == (("production", ("yes",)),)  # YAML's `yes` stays the word yes
    assert rules.roster[1].min_count == 1
    assert ("devops-engineer", ("ml-engineer",)) in rules.stand_ins


def test_a_base_without_the_section_has_no_rules() -> None:
    assert load_texts(_base_files(), source="test").recommendation is None


# (what to replace in VALID, with what, the line to expect it on (a substring of that line), the message)
CASES = [
    (
        "role: ml-engineer",
        "role: ml-enginer",
        "role: ml-enginer",
        "unknown role 'ml-enginer' in roster slot 1",
    ),
    (
        "{task: model-design}",
        "{task: model-desing}",
        "model-desing",
        "unknown task 'model-desing' in key_tasks",
    ),
    ("default: ml-software-engineers", "default: ml-sw", "default: ml-sw", "unknown approach 'ml-sw'"),
    (
        "favors: scientists-plus-engineers",
        "favors: ml-engineer",
        "favors: ml-engineer",
        "'ml-engineer' in signal 1",
    ),
    (
        "role: ml-engineer",
        "role: scientists-plus-engineers",
        "role: scientists-plus-engineers",
        "'scientists-plus-engineers' in roster slot 1 is an approach, not a role",
    ),
    (
        'strengths: "Specialization of each"',
        'strengths: "Speed"',
        "Speed",
        "the quote 'Speed' in signal 1 of recommendation.approach is not in the strengths",
    ),
    (
        'weaknesses: "hard to integrate"',
        'weaknesses: "Scientists"',
        '"Scientists"',
        "occurs in 3 items of the weaknesses",
    ),
    (
        "weight: 2\n        reason",
        "weight: 0\n        reason",
        "weight: 0",
        "weight of signal 1 of recommendation.approach must be from 1 to 100, not 0",
    ),
    ("weight: 1\n", "weight: lots\n", "weight: lots", "must be a whole number from 1 to 100"),
    ("{people: {min: 2}}", "{people: {min: 3, max: 2}}", "min: 3", "min 3 is more than max 2"),
    ("{people: {min: 2}}", "{people: {least: 2}}", "least", "unknown field 'least'"),
    (
        "{domain: high, size",
        "{domian: high, size",
        "domian",
        "unknown key 'domian' in when of signal 1 of recommendation.approach (did you mean 'domain'?)",
    ),
    (
        "{domain: high, size",
        "{approach: ml-software-engineers, size",
        "approach: ml-software-engineers, size",
        "the approach is not chosen yet here",
    ),
    ("size: [medium, large]", "size: [medium, huge]", "huge", "'huge' is not a value of size"),
    (
        "{production: yes}\n      weight: 1",
        "{production: maybe}\n      weight: 1",
        "maybe",
        "not a value of production",
    ),
    ("mode: shared", "mode: freelance", "freelance", "expected one of shared, outsourced"),
    (
        "max: 2",
        "max: 2\n      min: 3",
        "min: 3",
        "min of roster slot 4 (devops-engineer) (3) is more than its max",
    ),
    (
        "    requires:\n      - approach: scientists-plus-engineers",
        "    requires:\n      - approach: ml-software-engineers",
        "default: ml-software-engineers",
        "the default approach 'ml-software-engineers' must not have requirements",
    ),
    (
        "devops-engineer: [ml-engineer]",
        "devops-engineer: [devops-engineer]",
        "devops-engineer: [devops",
        "lists 'devops-engineer' itself",
    ),
    ("owners: [ml-engineer]", "owners: []", "owners: []", "must name at least one role"),
    (
        "      text: Hand-offs.\n",
        "",
        "- when: {approach: scientists-plus-engineers}\n",
        "missing the required field 'text'",
    ),
    (
        '{approach: scientists-plus-engineers, weaknesses: "hard to integrate"}',
        "{approach: scientists-plus-engineers, weaknesses: x, strengths: y}",
        "weaknesses: x",
        "must quote exactly one of",
    ),
    ("  key_tasks:", "  key_task:", "key_task:", "unknown field 'key_task'"),
]


@pytest.mark.parametrize(("old", "new", "where", "message"), CASES, ids=[c[3][:40] for c in CASES])
def test_each_mistake_is_reported_at_its_line(old: str, new: str, where: str, message: str) -> None:
    assert VALID.count(old) == 1, f"the case does not pick one place: {old!r}"
    text = VALID.replace(old, new)
    line = _line(text, where.splitlines()[0])
    errors = _errors(text)
    expected = [e for e in errors if message in e]
    assert expected, f"no error says {message!r}: {errors}"
    assert any(e.startswith(f"recommend.yaml:{line}:") for e in expected), (line, errors)


def test_an_approach_with_no_always_staffed_slot_is_an_error() -> None:
    text = VALID.replace(
        "    - role: ml-engineer\n      when: {approach: ml-software-engineers}\n",
        "    - role: ml-engineer\n      when: {approach: ml-software-engineers, domain: high}\n",
    )
    errors = _errors(text)
    assert any(
        e.startswith(f"recommend.yaml:{_line(VALID, '- role: ml-engineer')}:")
        and "no slot that is always staffed for approach 'ml-software-engineers'" in e
        for e in errors
    ), errors


def test_a_section_that_is_not_a_mapping_is_reported() -> None:
    errors = _errors("recommendation: [1, 2]\n")
    assert errors == ["recommend.yaml:1: the 'recommendation' section must be a mapping, not a list"]


def test_the_section_may_appear_in_one_file_only() -> None:
    files = [*_base_files(), ("a.yaml", VALID), ("b.yaml", VALID)]
    with pytest.raises(KnowledgeError) as caught:
        load_texts(files, source="test")
    assert any(
        "section 'recommendation' is already defined in a.yaml:1" in str(e) for e in caught.value.errors
    )
