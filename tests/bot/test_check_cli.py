"""`mlrole check [PATH]`: a one-line summary and exit 0, or every error as file:line and exit 1."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from bot.cli import main
from bot.commands import check
from knowledge.base.errors import MAX_REPORTED_ERRORS
from knowledge.base.loader import bundled_path, load_path

VALID = """\
roles:
  - id: ml-engineer
    name: ML engineer
    summary: Builds and ships models.
  - id: labeler
    name: Labeler
    summary: Labels data.
approaches:
  - id: centralized
    name: Centralized team
    summary: One ML team serves everyone.
tasks:
  - id: deployment
    name: Model deployment
    summary: Putting a model into production.
    owners: [ml-engineer]
synonyms:
  production: [prod, prd]
"""

INVALID = """\
roles:
  - id: ml-engineer
    name: ML engineer
    summary: Builds and ships models.
    aliass: [mle]
tasks:
  - id: deployment
    name: Model deployment
    summary: Putting a model into production.
    owners: [ml-enginer]
"""


def run_check(argv: list[str]) -> int:
    """Run the subcommand as argparse would, from its own `add_arguments`."""
    parser = argparse.ArgumentParser(prog="mlrole check")
    check.add_arguments(parser)
    return check.run(parser.parse_args(argv))


def test_a_valid_base_prints_a_summary_and_its_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "kb.yaml").write_text(VALID, encoding="utf-8")

    assert run_check([str(tmp_path)]) == 0

    out, err = capsys.readouterr()
    version = load_path(tmp_path).version
    assert out == (
        f"OK: 2 roles, 1 approach, 1 task, 2 synonyms (version {version}) from {tmp_path}\n"
        "Sources: 0 document, 0 practice, 4 unsaid\n"
    )
    assert err == ""


def test_sources_are_counted_and_an_unknown_one_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sourced = VALID.replace("    name: Labeler\n", "    name: Labeler\n    source: document\n")
    deployment = "    name: Model deployment\n"
    sourced = sourced.replace(deployment, deployment + "    source: practice\n")
    (tmp_path / "kb.yaml").write_text(sourced, encoding="utf-8")
    assert run_check([str(tmp_path)]) == 0
    assert capsys.readouterr().out.endswith("Sources: 1 document, 1 practice, 2 unsaid\n")

    (tmp_path / "kb.yaml").write_text(sourced.replace("source: practice", "source: blog"), encoding="utf-8")
    assert run_check([str(tmp_path)]) == 1
    assert "unknown source of task 'deployment': 'blog'" in capsys.readouterr().err


def test_an_invalid_base_prints_every_error_and_a_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kb.yaml"
    path.write_text(INVALID, encoding="utf-8")

    assert run_check([str(path)]) == 1

    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{path}:5: unknown field 'aliass' in a role (did you mean 'aliases'?)",
        f"{path}:10: unknown role 'ml-enginer' in owners of task 'deployment' (did you mean 'ml-engineer'?)",
        f"2 errors in {path}",
    ]


def test_a_missing_path_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"

    assert main(["check", str(missing)]) == 1

    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [f"{missing}: no such file or directory", f"1 error in {missing}"]
    assert "Traceback" not in err


def test_the_main_entry_runs_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kb.yaml").write_text(VALID, encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("OK: 2 roles, ")


def test_without_a_path_the_bundled_base_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    data = bundled_path()
    if not any(data.glob("*.yaml")):
        pytest.skip(f"no bundled knowledge base yet: {data} has no *.yaml")

    code = main(["check"])

    out, err = capsys.readouterr()
    assert code == 0, err
    assert re.fullmatch(
        rf"OK: \d+ roles?, \d+ approach(es)?, \d+ tasks?, \d+ synonyms? \(version [0-9a-f]{{12}}\) "
        rf"from {re.escape(str(data))}\nSources: \d+ document, \d+ practice\n",
        out,
    )


def test_help_comes_from_the_command_module(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--help"])
    assert info.value.code == 0
    assert check.HELP in " ".join(capsys.readouterr().out.split())


def test_a_section_file_is_checked_with_its_siblings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for source in bundled_path().glob("*.yaml"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    tasks = tmp_path / "tasks.yaml"

    assert run_check([str(tasks)]) == 0

    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [
        f"{tasks} refers to roles: checked with its sibling files in {tmp_path}",
        check.summary(load_path(tmp_path)),
        check.provenance(load_path(tmp_path)),
    ]


def test_a_lonely_section_file_gets_one_error_naming_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tasks = tmp_path / "tasks.yaml"
    tasks.write_bytes((bundled_path() / "tasks.yaml").read_bytes())

    assert run_check([str(tasks)]) == 1

    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{tasks}: no 'roles' section: ")
    assert lines[1] == f"1 error in {tasks}"


def test_the_errors_listed_are_capped_and_the_count_is_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kb.yaml"
    role = "roles:\n  - id: r\n    name: R\n    summary: S.\n"
    path.write_text(role + "".join(f"    bad{i}: x\n" for i in range(250)), encoding="utf-8")

    assert run_check([str(path)]) == 1

    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == MAX_REPORTED_ERRORS + 2
    assert lines[-2] == f"{path}: and 150 more errors (only the first {MAX_REPORTED_ERRORS} are listed)"
    assert lines[-1] == f"250 errors in {path}"
