"""The diff an admin sees after a reload: added, removed and changed entries per section."""

from __future__ import annotations

from dataclasses import replace

import pytest

from knowledge.base.diff import SECTIONS, Change, Section, diff, summarize
from knowledge.base.model import Approach, KnowledgeBase, Role, Synonym, Task
from knowledge.base.org import OrgDirectory, OrgMapping
from knowledge.base.rules import RecommendationRules

SCIENTIST = Role(id="data-scientist", name="Data Scientist", summary="Builds models.", aliases=("ds",))
ENGINEER = Role(id="ml-engineer", name="ML Engineer", summary="Ships models.", aliases=("mle",))
LABELER = Role(id="labeler", name="Labeler", summary="Labels data.")
SQUAD = Approach(id="squad", name="Squad", summary="One team per product.", roles=("ml-engineer",))
DEPLOY = Task(id="deployment", name="Deployment", summary="Ship it.", owners=("ml-engineer",))


def make_kb(
    *,
    version: str = "v1",
    roles: tuple[Role, ...] = (SCIENTIST, ENGINEER),
    approaches: tuple[Approach, ...] = (SQUAD,),
    tasks: tuple[Task, ...] = (DEPLOY,),
    synonyms: tuple[Synonym, ...] = (Synonym(word="prod", canonical="production"),),
) -> KnowledgeBase:
    return KnowledgeBase(
        version=version, source="test", roles=roles, approaches=approaches, tasks=tasks, synonyms=synonyms
    )


def test_the_same_version_is_no_change() -> None:
    result = diff(make_kb(version="a"), make_kb(version="a"))
    assert result.is_empty
    assert [section.section for section in result.sections] == [
        "roles",
        "approaches",
        "tasks",
        "synonyms",
        "recommendation",
        "org",
    ]
    assert summarize(result) == "No change."


def test_equal_content_in_changed_files_says_so() -> None:
    result = diff(make_kb(version="a"), make_kb(version="b"))
    assert result.is_empty
    assert (result.old_version, result.new_version) == ("a", "b")
    assert summarize(result).startswith("No change to the content")


def test_added_removed_and_changed_roles() -> None:
    old = make_kb()
    new = make_kb(roles=(replace(SCIENTIST, aliases=("ds", "scientist")), LABELER))
    roles = diff(old, new).section("roles")
    assert roles.added == ("labeler",)
    assert roles.removed == ("ml-engineer",)
    assert roles.changed == (Change(id="data-scientist", fields=("aliases",)),)
    assert not roles.is_empty


def test_changed_fields_are_listed_in_declaration_order() -> None:
    new_task = replace(DEPLOY, summary="Ship it safely.", owners=("ml-engineer", "data-scientist"))
    result = diff(make_kb(), make_kb(tasks=(new_task,)))
    assert result.section("tasks").changed == (Change(id="deployment", fields=("summary", "owners")),)
    assert result.section("roles").is_empty


def test_synonyms_compare_per_canonical_word() -> None:
    old = make_kb(synonyms=(Synonym("prod", "production"), Synonym("ds", "data scientist")))
    new = make_kb(
        synonyms=(Synonym("prod", "production"), Synonym("live", "production"), Synonym("k8s", "kubernetes"))
    )
    synonyms = diff(old, new).section("synonyms")
    assert synonyms.added == ("kubernetes",)
    assert synonyms.removed == ("data scientist",)
    assert synonyms.changed == (Change(id="production", fields=()),)


def test_synonym_order_alone_is_no_change() -> None:
    pairs = (Synonym("prod", "production"), Synonym("live", "production"))
    assert diff(make_kb(synonyms=pairs), make_kb(synonyms=pairs[::-1])).is_empty


def test_summary_names_what_changed() -> None:
    new = make_kb(roles=(replace(SCIENTIST, aliases=()), ENGINEER, LABELER), approaches=())
    assert summarize(diff(make_kb(), new)) == (
        "roles: 1 added (labeler); 1 changed (data-scientist (aliases))\napproaches: 1 removed (squad)"
    )


def test_summary_shortens_long_lists() -> None:
    many = tuple(Role(id=f"role-{n}", name=f"Role {n}", summary="x") for n in range(8))
    text = summarize(diff(make_kb(roles=()), make_kb(roles=many)), limit=3)
    assert text == "roles: 8 added (role-0, role-1, role-2 and 5 more)"


def test_recommendation_rules_are_one_entry_with_changed_parts() -> None:
    rules = RecommendationRules(
        default_approach="squad", requirements=(), signals=(), roster=(), key_tasks=()
    )
    without, with_rules = make_kb(), replace(make_kb(), recommendation=rules)
    assert diff(without, with_rules).section("recommendation").added == ("rules",)
    assert diff(with_rules, without).section("recommendation").removed == ("rules",)
    changed = replace(make_kb(), recommendation=replace(rules, default_approach="centralized"))
    result = diff(with_rules, changed)
    assert result.section("recommendation").changed == (Change(id="rules", fields=("default_approach",)),)
    assert summarize(result) == "recommendation: 1 changed (rules (default_approach))"


def test_unknown_section_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        diff(make_kb(), make_kb()).section("recipes")


def test_a_new_kind_is_one_more_section() -> None:
    """A later section (recommendation rules, say) plugs in without touching the diff or the summary."""
    by_approach = Section("approach names", lambda kb: {a.id: a.name for a in kb.approaches})
    renamed = make_kb(approaches=(replace(SQUAD, name="Product squad"),))
    result = diff(make_kb(), renamed, sections=(*SECTIONS, by_approach))
    assert result.section("approach names").changed == (Change(id="squad", fields=()),)
    assert summarize(result).splitlines()[-1] == "approach names: 1 changed (squad)"


def test_org_mappings_are_diffed_by_what_they_map_and_not_by_where_they_are() -> None:
    def org(*mappings: OrgMapping) -> KnowledgeBase:
        kb = make_kb()
        return KnowledgeBase(
            version="x",
            source="test",
            roles=kb.roles,
            approaches=kb.approaches,
            tasks=kb.tasks,
            org=OrgDirectory(mappings),
        )

    old = org(OrgMapping("ml-engineer", "role", group="S0A", where="org.yaml:2"))
    moved = org(OrgMapping("ml-engineer", "role", group="S0A", where="org.yaml:9"))
    assert diff(old, moved).section("org").is_empty
    new = org(
        OrgMapping("ml-engineer", "role", group="S0B", where="org.yaml:9"),
        OrgMapping("deployment", "task", channel="C0A"),
    )
    assert summarize(diff(old, new)) == "org: 1 added (task deployment); 1 changed (role ml-engineer (group))"
