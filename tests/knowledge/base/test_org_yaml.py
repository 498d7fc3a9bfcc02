"""The `org:` section (`org.yaml`): read into the snapshot, and every mistake reported as file:line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from knowledge.base.errors import KnowledgeError
from knowledge.base.loader import load_bundled, load_path
from knowledge.base.org import OrgDirectory, OrgMapping, stale
from tests.fakes.knowledge import line_of
from tests.fakes.org import CHANNEL, CONTACT, GROUP, LABEL_CHANNEL, LABEL_GROUP, write_org_kb


def _errors(tmp_path: Path, org: str) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_path(write_org_kb(tmp_path / "kb", org=org))
    return [str(error) for error in caught.value.errors]


def _org(*lines: str) -> str:
    return "org:\n" + "".join(f"{line}\n" for line in lines)


def test_the_bundled_knowledge_base_has_no_org_mapping() -> None:
    assert not load_bundled().org


def test_an_org_yaml_maps_roles_and_tasks_to_slack_ids(tmp_path: Path) -> None:
    kb = load_path(write_org_kb(tmp_path / "kb"))
    role = kb.org.for_role("ml-engineer")
    assert role is not None
    assert (role.group, role.channel, role.contacts) == (GROUP, CHANNEL, (CONTACT,))
    assert role.where == f"{tmp_path / 'kb' / 'org.yaml'}:2"
    labeling = kb.org.for_task("labeling", ("data-scientist",))
    assert labeling is not None and (labeling.group, labeling.channel) == (LABEL_GROUP, LABEL_CHANNEL)
    deployment = kb.org.for_task("deployment", ("ml-engineer",))
    assert deployment is role, "a task with no mapping of its own is its accountable owner's"
    assert kb.org.for_task("evaluation", ("data-scientist",)) is None
    assert kb.org.channels == (CHANNEL, LABEL_CHANNEL)
    assert kb.org.groups == (GROUP, LABEL_GROUP)


def test_an_org_yaml_changes_the_version(tmp_path: Path) -> None:
    with_org = load_path(write_org_kb(tmp_path / "a"))
    org = _org("  - role: ml-engineer", "    group: S0OTHER", "    reviewed: 2026-01-01")
    other = load_path(write_org_kb(tmp_path / "b", org=org))
    assert with_org.version != other.version


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("group", "C0MLPLAT", "line 2 'C0MLPLAT' is a Slack channel id, not a Slack user group id"),
        ("group", "ml-platform", "is not a Slack user group id: it starts with S"),
        ("channel", "#ml-platform", "is empty: write a Slack channel id, like C0ML0PLAT (in YAML, # starts"),
        ("channel", "ml-platform", "is not a Slack channel id: it starts with C"),
        ("channel", "<#C0MLPLAT>", "is not a Slack channel id"),
        ("contacts", "[U0ALICE01, alice]", "'alice' is not a Slack user id"),
        ("contacts", "[S0MLPLAT]", "'S0MLPLAT' is a Slack user group id, not a Slack user id"),
        ("reviewed", "last week", "reviewed of the mapping on line 2 must be a date written YYYY-MM-DD"),
        ("reviewed", "2026-13-01", "must be a date written YYYY-MM-DD"),
    ],
)
def test_a_bad_id_or_date_is_reported_at_its_line(
    tmp_path: Path, field: str, value: str, expected: str
) -> None:
    fields = {"group": "S0MLPLAT", "channel": "C0MLPLAT", "reviewed": "2026-10-01"} | {field: value}
    org = _org("  - role: ml-engineer", *(f"    {k}: {v}" for k, v in fields.items()))
    [error] = _errors(tmp_path, org)
    assert error.startswith(f"{tmp_path / 'kb' / 'org.yaml'}:{line_of(org, f'{field}: {value}')}: ")
    assert expected in error


def test_an_unknown_role_or_task_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    org = _org(
        "  - role: ml-enginer",
        "    group: S0MLPLAT",
        "    reviewed: 2026-10-01",
        "  - task: deployment",
        "    channel: C0X",
        "    reviewed: 2026-10-01",
        "  - role: labeling",
        "    channel: C0Y",
        "    reviewed: 2026-10-01",
        "  - task: nothing-here",
        "    channel: C0Z",
        "    reviewed: 2026-10-01",
    )
    path = tmp_path / "kb" / "org.yaml"
    assert _errors(tmp_path, org) == [
        f"{path}:2: unknown role 'ml-enginer' in the 'org' section (did you mean 'ml-engineer'?)",
        f"{path}:8: 'labeling' in the 'org' section is a task, not a role",
        f"{path}:11: unknown task 'nothing-here' in the 'org' section",
    ]


def test_a_mapping_names_one_target_and_someone_to_ask(tmp_path: Path) -> None:
    org = _org(
        "  - role: ml-engineer",  # line 2: nobody to ask
        "    reviewed: 2026-10-01",
        "  - role: data-scientist",  # line 4: both a role and a task
        "    task: labeling",
        "    group: S0A",
        "    reviewed: 2026-10-01",
        "  - group: S0B",  # line 8: neither, and no review date
        "  - role: data-scientist",  # line 9: unknown field
        "    team: S0C",
        "    group: S0C",
        "    reviewed: 2026-10-01",
    )
    path = tmp_path / "kb" / "org.yaml"
    assert _errors(tmp_path, org) == [
        f"{path}:2: the mapping on line 2 needs at least one of group, channel or contacts",
        f"{path}:4: the mapping on line 4 must name one role or one task (`role: <id>` or `task: <id>`)",
        f"{path}:8: an item of the 'org' section is missing the required field 'reviewed'",
        f"{path}:8: the mapping on line 8 must name one role or one task (`role: <id>` or `task: <id>`)",
        f"{path}:10: unknown field 'team' in an item of the 'org' section",
    ]


def test_a_role_mapped_twice_is_reported(tmp_path: Path) -> None:
    mapping = ("  - role: ml-engineer", "    group: S0A", "    reviewed: 2026-10-01")
    [error] = _errors(tmp_path, _org(*mapping, *mapping))
    assert error == f"{tmp_path / 'kb' / 'org.yaml'}:5: role 'ml-engineer' is mapped twice (first on line 2)"


def test_the_section_must_be_a_list(tmp_path: Path) -> None:
    [error] = _errors(tmp_path, "org:\n  role: ml-engineer\n")
    assert error == f"{tmp_path / 'kb' / 'org.yaml'}:2: the 'org' section must be a list, not a mapping"


def test_stale_lists_mappings_reviewed_too_long_ago_oldest_first() -> None:
    def mapping(target: str, reviewed: date) -> OrgMapping:
        return OrgMapping(target=target, kind="role", group="S0A", reviewed=reviewed)

    org = OrgDirectory(
        (
            mapping("fresh", date(2026, 11, 1)),
            mapping("old", date(2026, 1, 1)),
            mapping("older", date(2025, 1, 1)),
            mapping("edge", date(2026, 6, 7)),
        )
    )
    found = stale(org, today=date(2026, 12, 4), max_age_days=180)
    assert [(s.target, s.days) for s in found] == [("older", 702), ("old", 337)]
    assert [s.target for s in stale(org, today=date(2026, 12, 5), max_age_days=180)] == [
        "older",
        "old",
        "edge",
    ]
