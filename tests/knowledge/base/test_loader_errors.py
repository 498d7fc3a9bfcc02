"""The loader reports each kind of mistake at its file and line, all of them at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge.base.errors import KnowledgeError, LoadError
from knowledge.base.loader import (
    MAX_FILE_BYTES,
    MAX_FILE_MIB,
    load_path,
    load_texts,
)
from tests.knowledge.base.kb_files import ROLES, errors_of, write

# --- errors, one kind at a time ----------------------------------------------------------------------------

Expected = list[tuple[str, int | None, str]]

ERROR_CASES: list[tuple[str, dict[str, str], Expected]] = [
    (
        "yaml syntax",
        {"roles.yaml": 'roles:\n  - id: x\n    name: "unterminated\n'},
        [("roles.yaml", 4, "invalid YAML: while scanning a quoted scalar (line 3)")],
    ),
    (
        "bad indentation",
        {"roles.yaml": "roles:\n  - id: a\n   name: b\n"},
        [("roles.yaml", 3, "invalid YAML")],
    ),
    (
        "two documents",
        {"roles.yaml": ROLES + "---\nroles: []\n"},
        [("roles.yaml", 9, "expected a single document")],
    ),
    (
        "top level is a list",
        {"roles.yaml": "- id: a\n"},
        [("roles.yaml", 1, "the top level must be a mapping of sections")],
    ),
    ("empty file", {"a.yaml": ROLES, "b.yaml": "# nothing yet\n"}, [("b.yaml", None, "the file is empty")]),
    (
        "unknown section",
        {"roles.yaml": ROLES + "role:\n  - id: x\n"},
        [("roles.yaml", 9, "unknown section 'role' (did you mean 'roles'?)")],
    ),
    (
        "missing required fields",
        {"roles.yaml": ROLES + "  - id: labeler\n    aliases: [annotator]\n"},
        [
            ("roles.yaml", 9, "a role is missing the required field 'name'"),
            ("roles.yaml", 9, "a role is missing the required field 'summary'"),
        ],
    ),
    (
        "a task without owners",
        {"a.yaml": ROLES + "tasks:\n  - id: t\n    name: T\n    summary: S.\n"},
        [("a.yaml", 10, "a task is missing the required field 'owners'")],
    ),
    (
        "unknown field with a suggestion",
        {"roles.yaml": ROLES + "    aliass: [scientist]\n"},
        [("roles.yaml", 9, "unknown field 'aliass' in a role (did you mean 'aliases'?)")],
    ),
    (
        "unknown field without a close match",
        {"roles.yaml": ROLES + "    salary: 100\n"},
        [("roles.yaml", 9, "unknown field 'salary' in a role")],
    ),
    (
        "duplicate key",
        {"roles.yaml": ROLES + "    name: Scientist\n"},
        [("roles.yaml", 9, "duplicate key 'name' in a role (first on line 7)")],
    ),
    (
        "a string where a list belongs",
        {"roles.yaml": ROLES + "    aliases: scientist\n"},
        [("roles.yaml", 9, "aliases of role 'data-scientist' must be a list, not 'scientist'")],
    ),
    (
        "a list where a string belongs",
        {"roles.yaml": ROLES.replace("name: Data scientist", "name: [Data, scientist]")},
        [("roles.yaml", 7, "name of role 'data-scientist' must be text, not a list")],
    ),
    (
        "an empty string",
        {"roles.yaml": ROLES.replace("name: Data scientist", 'name: "  "')},
        [("roles.yaml", 7, "name of role 'data-scientist' is empty")],
    ),
    (
        "a null value",
        {"roles.yaml": ROLES.replace("name: Data scientist", "name:")},
        [("roles.yaml", 7, "name of role 'data-scientist' is empty")],
    ),
    (
        "an empty list item",
        {"roles.yaml": ROLES + "    skills: [sql, '']\n"},
        [("roles.yaml", 9, "an item of skills of role 'data-scientist' is empty")],
    ),
    (
        "an item listed twice",
        {"roles.yaml": ROLES + "    skills:\n      - SQL\n      - sql\n"},
        [("roles.yaml", 11, "'sql' is listed twice in skills of role 'data-scientist' (first on line 10)")],
    ),
    (
        "an id that is not kebab-case",
        {"roles.yaml": ROLES.replace("id: data-scientist", "id: Data_Scientist")},
        [
            (
                "roles.yaml",
                6,
                "role id 'Data_Scientist' must be kebab-case (lowercase letters, digits, hyphens, e.g. 'data",
            )
        ],
    ),
    (
        "a section that is not a list",
        {"a.yaml": ROLES + "tasks:\n  id: t\n"},
        [("a.yaml", 10, "the 'tasks' section must be a list, not a mapping")],
    ),
    (
        "a bad company size",
        {"roles.yaml": ROLES + "    by_company_size:\n      - sizes: [startup, huge]\n        text: T.\n"},
        [
            (
                "roles.yaml",
                10,
                "unknown company size 'huge' in sizes in by_company_size of role 'data-scientist'; expected",
            )
        ],
    ),
    (
        "sizes given as a string",
        {"roles.yaml": ROLES + "    by_company_size:\n      - sizes: large\n        text: T.\n"},
        [("roles.yaml", 10, "must be a list, not 'large' (write a single item as a list: [item])")],
    ),
    (
        "no sizes",
        {"roles.yaml": ROLES + "    by_company_size:\n      - sizes: []\n        txt: T.\n"},
        [
            ("roles.yaml", 10, "is missing the required field 'text'"),
            ("roles.yaml", 10, "must name at least one company size"),
            ("roles.yaml", 11, "unknown field 'txt' in an item of by_company_size of role 'data-sci"),
        ],
    ),
    (
        "a duplicate id across sections",
        {
            "a.yaml": ROLES,
            "b.yaml": "tasks:\n  - id: ml-engineer\n    name: Engineering\n    summary: S.\n"
            "    owners: [ml-engineer]\n",
        },
        [("b.yaml", 2, "duplicate id 'ml-engineer': already used by the role at a.yaml:2")],
    ),
    (
        "a duplicate id in one section",
        {"roles.yaml": ROLES + "  - id: ml-engineer\n    name: Engineer two\n    summary: S.\n"},
        [("roles.yaml", 9, "duplicate id 'ml-engineer': already used by the role at roles.yaml:2")],
    ),
    (
        "an unknown owner, with a suggestion",
        {"a.yaml": ROLES + "tasks:\n  - id: t\n    name: T\n    summary: S.\n    owners: [ml-enginer]\n"},
        [("a.yaml", 13, "unknown role 'ml-enginer' in owners of task 't' (did you mean 'ml-engineer'?)")],
    ),
    (
        "an owner that is not a role",
        {
            "a.yaml": ROLES + "tasks:\n  - id: t\n    name: T\n    summary: S.\n    owners: [ml-engineer]\n"
            "  - id: u\n    name: U\n    summary: S.\n    owners:\n      - ml-engineer\n      - t\n"
        },
        [("a.yaml", 19, "'t' in owners of task 'u' is a task, not a role")],
    ),
    (
        "empty owners",
        {"a.yaml": ROLES + "tasks:\n  - id: t\n    name: T\n    summary: S.\n    owners: []\n"},
        [("a.yaml", 13, "owners of task 't' must name at least one role")],
    ),
    (
        "an unknown role in works_with and in an approach",
        {
            "a.yaml": ROLES + "    works_with: [labeler]\n"
            "approaches:\n  - id: hub\n    name: Hub\n    summary: S.\n    roles: [ml-engineer, pm]\n"
        },
        [
            ("a.yaml", 9, "unknown role 'labeler' in works_with of role 'data-scientist'"),
            ("a.yaml", 14, "unknown role 'pm' in roles of approach 'hub'"),
        ],
    ),
    (
        "a role working with itself",
        {"a.yaml": ROLES + "    works_with: [data-scientist]\n"},
        [("a.yaml", 9, "role 'data-scientist' lists itself in works_with")],
    ),
    (
        "task owners by company size",
        {
            "a.yaml": ROLES + "tasks:\n  - id: t\n    name: T\n    summary: S.\n    owners: [ml-engineer]\n"
            "    by_company_size:\n      - sizes: [startup]\n        owners: [data-scientist]\n"
            "      - sizes: [small, startup]\n        owners: [nobody]\n"
        },
        [
            (
                "a.yaml",
                17,
                "company size 'startup' already has owners in by_company_size of task 't' (line 15",
            ),
            ("a.yaml", 18, "unknown role 'nobody' in owners in by_company_size of task 't'"),
        ],
    ),
    (
        "an alias claimed twice, compared case-insensitively",
        {"roles.yaml": ROLES + "    aliases: ['Machine   Learning Engineer']\n"},
        [
            (
                "roles.yaml",
                9,
                "alias 'Machine   Learning Engineer' of role 'data-scientist' is already the alias of role "
                "'ml-engineer' (roles.yaml:5)",
            )
        ],
    ),
    (
        "an alias equal to another entry's name",
        {"roles.yaml": ROLES + "    aliases: [ml engineer]\n"},
        [
            (
                "roles.yaml",
                9,
                "alias 'ml engineer' of role 'data-scientist' is already the name of role 'ml-engin",
            )
        ],
    ),
    (
        "an alias equal to another entry's id",
        {
            "a.yaml": ROLES + "tasks:\n  - id: t\n    name: T\n    summary: S.\n    owners: [ml-engineer]\n"
            "    aliases: [Data-Scientist]\n"
        },
        [("a.yaml", 14, "alias 'Data-Scientist' of task 't' is already the id of role 'data-scientist'")],
    ),
    (
        "a synonym under two canonicals",
        {"a.yaml": ROLES + "synonyms:\n  production: [prod]\n  product: [Prod]\n"},
        [("a.yaml", 11, "synonym 'Prod' is listed under both 'production' (line 10) and 'product'")],
    ),
    (
        "a synonym of itself, and an empty list",
        {"a.yaml": ROLES + "synonyms:\n  production: [Production]\n  deploy: []\n"},
        [
            ("a.yaml", 10, "'Production' is listed as a synonym of itself"),
            ("a.yaml", 11, "synonyms of 'deploy' is an empty list"),
        ],
    ),
    (
        "synonyms that are not a mapping",
        {"a.yaml": ROLES + "synonyms:\n  - prod\n"},
        [("a.yaml", 10, "the 'synonyms' section must be a mapping, not a list")],
    ),
    (
        "a section in two files",
        {"a.yaml": ROLES, "b.yaml": "synonyms: {x: [y]}\nroles:\n  - id: other\n"},
        [("b.yaml", 2, "section 'roles' is already defined in a.yaml:1")],
    ),
    (
        "an unsupported tag",
        {"roles.yaml": ROLES + "    skills: [!!python/name:os.system x]\n"},
        [("roles.yaml", 9, "has an unsupported YAML tag 'tag:yaml.org,2002:python/name:os.system'")],
    ),
]


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_each_mistake_is_reported(tmp_path: Path, files: dict[str, str], expected: Expected) -> None:
    errors = errors_of(tmp_path, files)
    assert len(errors) == len(expected), errors
    for (file, line, fragment), (got_file, got_line, got_message) in zip(expected, errors, strict=True):
        assert (got_file, got_line) == (file, line), errors
        assert fragment in got_message, errors


def test_many_mistakes_are_reported_at_once(tmp_path: Path) -> None:
    errors = errors_of(
        tmp_path,
        {
            "a.yaml": ROLES + "    aliass: [x]\n",
            "b.yaml": "tasks:\n  - id: t\n    name: T\n    summary: S.\n    owners: [nobody]\n",
            "c.yaml": "synonyms:\n  production: prod\n",
        },
    )
    assert [(file, line) for file, line, _ in errors] == [("a.yaml", 9), ("b.yaml", 5), ("c.yaml", 2)]


def test_cross_checks_do_not_run_when_a_file_could_not_be_read(tmp_path: Path) -> None:
    # A broken roles file must not turn every owner in the tasks file into an "unknown role"; a clash
    # between the entries that could be read is still reported.
    errors = errors_of(
        tmp_path,
        {
            "roles.yaml": ROLES + "  - id: [",
            "tasks.yaml": "tasks:\n  - id: t\n    name: T\n    summary: S.\n    owners: [ml-engineer]\n"
            "  - id: t\n    name: T2\n    summary: S.\n    owners: [ml-engineer]\n",
        },
    )
    assert [(file, line) for file, line, _ in errors] == [("roles.yaml", 9), ("tasks.yaml", 6)]
    assert "duplicate id 't'" in errors[1][2]


def test_a_base_without_roles_is_rejected(tmp_path: Path) -> None:
    write(tmp_path, {"synonyms.yaml": "synonyms: {production: [prod]}\n"})
    with pytest.raises(KnowledgeError) as info:
        load_path(tmp_path)
    assert info.value.errors == (LoadError(str(tmp_path), None, "the knowledge base defines no roles"),)


def test_a_file_over_the_size_limit_is_rejected(tmp_path: Path) -> None:
    padding = "#" * 100 + "\n"
    big = ROLES + padding * (MAX_FILE_BYTES // len(padding) + 1)
    errors = errors_of(tmp_path, {"roles.yaml": big})
    limit = f"the file is larger than the {MAX_FILE_MIB} MiB limit for a knowledge-base file"
    assert errors == [("roles.yaml", None, limit)]


def test_a_file_just_under_the_limit_loads(tmp_path: Path) -> None:
    text = ROLES + "#" * (MAX_FILE_BYTES - len(ROLES) - 1) + "\n"
    assert len(text.encode()) == MAX_FILE_BYTES
    assert len(load_path(write(tmp_path, {"roles.yaml": text})).roles) == 2


def test_non_utf8_is_reported_at_its_line() -> None:
    with pytest.raises(KnowledgeError) as info:
        load_texts([("a.yaml", ROLES.encode() + b"    skills: [caf\xe9]\n")], source="x")
    assert info.value.errors == (LoadError("a.yaml", 9, "the file is not valid UTF-8 text"),)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing", "no such file or directory"),
        (lambda p: p, "no .yaml or .yml files in this directory"),
    ],
)
def test_a_path_without_a_knowledge_base(tmp_path: Path, make: Callable[[Path], Path], message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(KnowledgeError) as info:
        load_path(path)
    assert info.value.errors == (LoadError(str(path), None, message),)


def test_load_texts_rejects_a_name_given_twice() -> None:
    with pytest.raises(KnowledgeError) as info:
        load_texts([("a.yaml", ROLES), ("a.yaml", ROLES)], source="x")
    assert info.value.errors == (LoadError("a.yaml", None, "file given twice"),)


def test_error_texts() -> None:
    errors = (LoadError("a.yaml", 3, "bad"), LoadError("b.yaml", None, "worse"))
    assert [str(e) for e in errors] == ["a.yaml:3: bad", "b.yaml: worse"]
    assert str(KnowledgeError(errors)) == "a.yaml:3: bad\nb.yaml: worse"
    assert KnowledgeError(iter(errors)).errors == errors
