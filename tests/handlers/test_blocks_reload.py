"""`build_reload_result`: what an admin sees after a reload, built from a `ReloadResult` without Slack."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime

from handlers.blocks import MAX_RELOAD_ERRORS, Message, build_reload_result
from knowledge.base.diff import diff
from knowledge.base.errors import LoadError
from knowledge.base.model import KnowledgeBase, Role
from knowledge.base.store import ReloadResult, Snapshot

AssertWithinLimits = Callable[[Message], None]
NASTY = "<!channel> & <@U123>"
NASTY_ESCAPED = "&lt;!channel&gt; &amp; &lt;@U123&gt;"


def succeeded(old: KnowledgeBase, new: KnowledgeBase, *, duration_s: float = 0.0123) -> ReloadResult:
    return ReloadResult(
        ok=True,
        source="/srv/kb",
        old_version=old.version,
        new_version=new.version,
        errors=(),
        diff=diff(old, new),
        duration_s=duration_s,
        serving=Snapshot(kb=new, loaded_at=datetime.now(UTC)),
        actor="UADMIN001",
    )


def failed(kb: KnowledgeBase, errors: list[LoadError], *, source: str = "/srv/kb") -> ReloadResult:
    return ReloadResult(
        ok=False,
        source=source,
        old_version=kb.version,
        new_version=None,
        errors=tuple(errors),
        diff=None,
        duration_s=0.5,
        serving=Snapshot(kb=kb, loaded_at=datetime.now(UTC)),
    )


def shown(message: Message) -> str:
    return message["text"] + "\n" + str(message["blocks"])


def test_a_change_shows_the_versions_each_kind_that_changed_and_the_time(
    kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    scientist = kb.roles[2]
    new = dataclasses.replace(
        kb,
        version="v2",
        roles=(
            *kb.roles[:2],
            dataclasses.replace(scientist, aliases=("researcher",)),
            Role(id="labeler", name="Labeler", summary="Labels data."),
        ),
        tasks=kb.tasks[:1],
    )

    message = build_reload_result(succeeded(kb, new))

    within_limits(message)
    assert message["blocks"][0]["text"]["text"] == "Knowledge base reloaded"
    text = shown(message)
    assert "`test` → `v2`" in text
    assert "roles: 1 added (labeler); 1 changed (ml-scientist (aliases))" in text
    assert "tasks: 1 removed (features)" in text
    assert "approaches" not in text, "a kind that did not change is not listed"
    assert "loaded in 12 ms" in text
    assert "/srv/kb" in text


def test_no_change_is_a_fine_answer(kb: KnowledgeBase, within_limits: AssertWithinLimits) -> None:
    message = build_reload_result(succeeded(kb, kb, duration_s=1.5))

    within_limits(message)
    assert "`test` (unchanged)" in str(message["blocks"])
    assert "No change." in message["text"]
    assert "loaded in 1.5 s" in shown(message)


def test_a_failure_lists_every_error_as_file_line_message_and_the_version_still_serving(
    kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    errors = [
        LoadError("roles.yaml", 3, "invalid YAML: expected ',' or ']'"),
        LoadError("tasks.yaml", 12, "unknown role 'ml-enginer' in owners of task 'deployment'"),
        LoadError("https://example.com/kb.yaml", None, "the server answered HTTP 404 Not Found"),
    ]

    message = build_reload_result(failed(kb, errors))

    within_limits(message)
    assert message["blocks"][0]["text"]["text"] == "Reload failed: nothing changed"
    text = shown(message)
    assert "still serving version `test`" in text
    assert "3 errors" in text
    for line in (
        "roles.yaml:3: invalid YAML: expected ',' or ']'",
        "tasks.yaml:12: unknown role 'ml-enginer' in owners of task 'deployment'",
        "https://example.com/kb.yaml: the server answered HTTP 404 Not Found",
    ):
        assert line in str(message["blocks"])
    assert "roles.yaml:3:" in message["text"], "the fallback text names the first error"


def test_many_errors_are_cut_with_a_count_and_everything_is_escaped(
    kb: KnowledgeBase, within_limits: AssertWithinLimits
) -> None:
    errors = [LoadError(f"{NASTY}.yaml", n, f"{NASTY} " * 200) for n in range(1, 501)]

    message = build_reload_result(failed(kb, errors, source=f"/srv/{NASTY}"))

    within_limits(message)  # also: no raw <, > or & anywhere
    text = shown(message)
    assert f"{NASTY_ESCAPED}.yaml:{MAX_RELOAD_ERRORS}:" in text
    assert f"{NASTY_ESCAPED}.yaml:{MAX_RELOAD_ERRORS + 1}:" not in text
    assert f"…and {500 - MAX_RELOAD_ERRORS} more" in text
    assert "500 errors" in text
    assert f"/srv/{NASTY_ESCAPED}" in text


def test_a_capped_list_of_errors_is_counted_in_full(bundled_kb: KnowledgeBase) -> None:
    listed = [LoadError("roles.yaml", n, f"mistake {n}") for n in range(1, 102)]
    message = build_reload_result(dataclasses.replace(failed(bundled_kb, listed), error_total=250))
    assert "250 errors" in message["text"]
    assert f"…and {250 - MAX_RELOAD_ERRORS} more" in str(message["blocks"])
