"""What one bad file may cost the others: errors are capped, a file that cannot be read holds back only the
checks that need what it may define, and a section file read on its own names the sections it lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.base.errors import MAX_REPORTED_ERRORS, KnowledgeError, LoadError
from knowledge.base.loader import bundled_path, load_path, load_texts
from tests.knowledge.base.kb_files import ROLES, errors_of

TASKS = "tasks:\n  - id: t\n    name: T\n    summary: S.\n    owners: [nobody]\n"
APPROACHES = "approaches:\n  - id: a\n    name: A\n    summary: S.\n    roles: [ml-engineer]\n"


def test_errors_are_capped_with_a_count_of_the_rest() -> None:
    fields = "".join(f"    bad{i}: x\n" for i in range(250))
    with pytest.raises(KnowledgeError) as info:
        load_texts([("kb.yaml", ROLES + fields)], source="kb")
    assert info.value.total == 250
    assert len(info.value.errors) == MAX_REPORTED_ERRORS + 1
    assert all(e.message.startswith("unknown field 'bad") for e in info.value.errors[:MAX_REPORTED_ERRORS])
    assert info.value.errors[-1] == LoadError(
        "kb", None, f"and 150 more errors (only the first {MAX_REPORTED_ERRORS} are listed)"
    )


def test_errors_up_to_the_cap_are_all_listed() -> None:
    fields = "".join(f"    bad{i}: x\n" for i in range(MAX_REPORTED_ERRORS))
    with pytest.raises(KnowledgeError) as info:
        load_texts([("kb.yaml", ROLES + fields)], source="kb")
    assert info.value.total == len(info.value.errors) == MAX_REPORTED_ERRORS


def test_a_syntax_error_does_not_hide_the_other_files_errors(tmp_path: Path) -> None:
    errors = errors_of(
        tmp_path,
        {"roles.yaml": ROLES, "approaches.yaml": APPROACHES + "  - id: [\n", "tasks.yaml": TASKS},
    )
    assert [(file, line) for file, line, _ in errors] == [("approaches.yaml", 7), ("tasks.yaml", 5)]
    assert errors[0][2].startswith("invalid YAML")
    assert errors[1][2].startswith("unknown role 'nobody'")


def test_a_file_that_may_hold_the_roles_still_holds_back_the_role_checks(tmp_path: Path) -> None:
    errors = errors_of(tmp_path, {"a.yaml": APPROACHES + "roles:\n  - id: [\n", "tasks.yaml": TASKS})
    assert [(file, line) for file, line, _ in errors] == [("a.yaml", 8)]


@pytest.mark.parametrize(
    ("name", "missing"),
    [
        ("tasks.yaml", "no 'roles' section"),
        ("approaches.yaml", "no 'roles' section"),
        ("recommend.yaml", "no 'approaches', 'roles', 'tasks' sections"),
    ],
)
def test_a_section_file_on_its_own_names_what_it_lacks(tmp_path: Path, name: str, missing: str) -> None:
    lonely = tmp_path / name
    lonely.write_bytes((bundled_path() / name).read_bytes())
    with pytest.raises(KnowledgeError) as info:
        load_path(lonely)
    (error,) = info.value.errors  # not one "unknown role" per reference
    assert (error.file, error.line) == (str(lonely), None)
    assert error.message.startswith(missing + ": what is here refers to")
    assert info.value.missing_sections == tuple(sorted(missing.split("'")[1::2]))


def test_a_file_that_defines_what_it_refers_to_lacks_nothing() -> None:
    with pytest.raises(KnowledgeError) as info:
        load_texts([("kb.yaml", ROLES + TASKS)], source="kb")
    assert info.value.missing_sections == ()
    assert [e.message for e in info.value.errors] == [
        "unknown role 'nobody' in owners of task 't'",
    ]
