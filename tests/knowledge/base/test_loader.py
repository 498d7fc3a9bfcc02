"""The loader: a valid base becomes frozen tuples, versioned by content (errors: test_loader_errors.py)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from yaml.nodes import Node

import knowledge
from knowledge.base.draft import Draft
from knowledge.base.loader import (
    bundled_path,
    load_bundled,
    load_path,
    load_texts,
    version_of,
)
from knowledge.base.model import Approach, OwnerVariant, Role, SizeNote, Synonym, Task
from knowledge.base.nodes import FileContext, read_text_list
from knowledge.base.schema import SECTIONS
from tests.knowledge.base.kb_files import ROLES, errors_of, write

# --- a valid base ------------------------------------------------------------------------------------------

FULL = {
    "roles.yaml": """\
        roles:
          - id: ml-engineer
            name: ML engineer
            summary: >
              Builds and ships models.
            aliases: [MLE]
            keywords: [model serving]
            responsibilities: [train models, deploy models]
            skills: [python]
            not_expected: [labeling data]
            works_with: [labeler]
            by_company_size:
              - sizes: [startup, small]
                text: Does everything.
          - id: labeler
            name: Labeler
            summary: Labels data.
        """,
    "work.yml": """\
        approaches:
          - id: centralized
            name: Centralized team
            summary: One ML team serves everyone.
            strengths: [shared tooling]
            weaknesses: [far from the product]
            choose_when: [few ML projects]
            roles: [ml-engineer, labeler]
        tasks:
          - id: deployment
            name: Model deployment
            summary: Putting a model into production.
            owners: [ml-engineer, labeler]
            by_company_size:
              - sizes: [large]
                owners: [labeler]
                note: A platform team runs it.
        synonyms:
          production: [prod, " PRD "]
          "Machine  Learning": [ML]
        """,
}


def test_a_valid_base_becomes_frozen_tuples(tmp_path: Path) -> None:
    kb = load_path(write(tmp_path, FULL))

    assert kb.source == str(tmp_path)
    assert kb.roles == (
        Role(
            id="ml-engineer",
            name="ML engineer",
            summary="Builds and ships models.",
            aliases=("MLE",),
            keywords=("model serving",),
            responsibilities=("train models", "deploy models"),
            skills=("python",),
            not_expected=("labeling data",),
            works_with=("labeler",),
            by_company_size=(SizeNote(sizes=("startup", "small"), text="Does everything."),),
        ),
        Role(id="labeler", name="Labeler", summary="Labels data."),
    )
    assert kb.approaches == (
        Approach(
            id="centralized",
            name="Centralized team",
            summary="One ML team serves everyone.",
            strengths=("shared tooling",),
            weaknesses=("far from the product",),
            choose_when=("few ML projects",),
            roles=("ml-engineer", "labeler"),
        ),
    )
    assert kb.tasks == (
        Task(
            id="deployment",
            name="Model deployment",
            summary="Putting a model into production.",
            owners=("ml-engineer", "labeler"),
            by_company_size=(
                OwnerVariant(sizes=("large",), owners=("labeler",), note="A platform team runs it."),
            ),
        ),
    )
    assert kb.synonyms == (
        Synonym(word="prod", canonical="production"),
        Synonym(word="prd", canonical="production"),
        Synonym(word="ml", canonical="machine learning"),
    )
    assert len(kb.version) == 12
    assert int(kb.version, 16) >= 0


def test_a_single_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path, {"kb.yaml": ROLES}) / "kb.yaml"
    kb = load_path(str(path))
    assert [r.id for r in kb.roles] == ["ml-engineer", "data-scientist"]
    assert kb.source == str(path)


def test_only_yaml_files_directly_in_the_directory_are_read(tmp_path: Path) -> None:
    write(tmp_path, {"a.yaml": ROLES, "notes.txt": "x: [", ".draft.yaml": "x: [", "README.md": "#"})
    (tmp_path / "nested").mkdir()
    write(tmp_path / "nested", {"b.yaml": "broken: ["})
    assert len(load_path(tmp_path).roles) == 2


def test_a_variant_reads_as_the_text_typed_not_a_yaml_1_1_value(tmp_path: Path) -> None:
    kb = load_path(write(tmp_path, {"a.yaml": ROLES + "synonyms:\n  yes: [y, on]\n  '1:1': [1:1s]\n"}))
    assert kb.synonyms == (
        Synonym(word="y", canonical="yes"),
        Synonym(word="on", canonical="yes"),
        Synonym(word="1:1s", canonical="1:1"),
    )


# --- version -----------------------------------------------------------------------------------------------


def test_version_depends_only_on_file_names_and_contents(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = load_path(write(tmp_path / "one", FULL))
    second = load_path(write(tmp_path / "two", FULL))
    assert first.version == second.version
    assert load_path(tmp_path / "one").version == first.version

    texts = [(name, textwrap.dedent(text)) for name, text in FULL.items()]
    assert load_texts(texts, source="https://example.test/kb").version == first.version
    assert load_texts(list(reversed(texts)), source="x").version == first.version
    assert load_texts([(n, t.encode()) for n, t in texts], source="x").version == first.version


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("one byte of content", lambda files: {**files, "roles.yaml": files["roles.yaml"] + "# note\n"}),
        ("a file name", lambda files: {"roles2.yaml": files["roles.yaml"], "work.yml": files["work.yml"]}),
    ],
)
def test_version_changes_with_content(name: str, change: Callable[[dict[str, str]], dict[str, str]]) -> None:
    texts = {n: textwrap.dedent(t) for n, t in FULL.items()}
    changed = change(texts)
    before = load_texts(list(texts.items()), source="x").version
    after = load_texts(list(changed.items()), source="x").version
    assert before != after, name


def test_the_version_hash_frames_each_name_and_content() -> None:
    # "ab" + "c" must not hash like "a" + "bc", within a file or across files.
    assert version_of([("a", b"bc")]) != version_of([("ab", b"c")])
    assert version_of([("a", b"xy"), ("b", b"z")]) != version_of([("a", b"x"), ("b", b"yz")])
    assert version_of([("b", b"2"), ("a", b"1")]) == version_of([("a", b"1"), ("b", b"2")])


# --- extension point and the bundled base ------------------------------------------------------------------


def test_a_new_section_needs_only_a_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def parse_extra(node: Node, ctx: FileContext, draft: Draft) -> None:
        items = read_text_list(node, ctx, what="extra")
        seen.extend(value for value, _ in items or ())

    monkeypatch.setitem(SECTIONS, "extra", parse_extra)
    load_path(write(tmp_path, {"a.yaml": ROLES, "b.yaml": "extra: [one, two]\n"}))
    assert seen == ["one", "two"]
    errors = errors_of(tmp_path, {"b.yaml": "extra: [one, one]\n"})
    assert errors == [("b.yaml", 1, "'one' is listed twice in extra (first on line 1)")]


def test_the_bundled_base_is_the_data_directory_of_the_package() -> None:
    assert bundled_path() == Path(knowledge.__file__).resolve().parent / "data"
    assert bundled_path().is_dir()


def test_the_bundled_base_is_valid() -> None:
    data = bundled_path()
    if not any(data.glob("*.yaml")):
        pytest.skip(f"no bundled knowledge base yet: {data} has no *.yaml")
    kb = load_bundled()
    assert kb.roles
    assert kb.source == str(data)
    assert load_bundled().version == kb.version
