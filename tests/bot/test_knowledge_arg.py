"""`--knowledge PATH`: one option and one loading path for `mlrole ask` and `mlrole recommend`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

BROKEN = "roles:\n  - id: data-engineer\n    name: Data Engineer\n    works_with: [no-such-role]\n"


@pytest.mark.parametrize("command", ["ask", "recommend"])
def test_a_knowledge_base_that_cannot_be_used_is_named_under_the_commands_name(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")

    assert main([command, "--knowledge", str(path)]) == 1

    first, *errors = capsys.readouterr().err.splitlines()
    assert first == f"mlrole {command}: cannot use {path}: {len(errors)} errors"
    assert len(errors) > 1 and all(error.startswith(f"{path}:") for error in errors)


@pytest.mark.parametrize(("command", "verb"), [("ask", "answer"), ("recommend", "recommend")])
def test_the_option_is_described_by_what_the_command_does(
    command: str, verb: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert f"{verb} from this knowledge base" in " ".join(capsys.readouterr().out.split())
