"""`mlrole ask`: text and JSON output, stdin, and answering from another knowledge base."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.terminal import render
from handlers.pipeline import answer
from knowledge.base.loader import load_bundled, load_path

TINY_KB = """\
roles:
  - id: data-engineer
    name: Data Engineer
    summary: Builds pipelines & APIs so analysts get clean data.
    responsibilities: [Extract, transform and load data]
    works_with: [devops-engineer]
  - id: devops-engineer
    name: DevOps Engineer
    summary: Automates model deployment.
tasks:
  - id: deployment
    name: Model deployment
    summary: Ship models to production.
    owners: [devops-engineer, data-engineer]
"""
BROKEN_KB = """\
roles:
  - id: data-engineer
    name: Data Engineer
    summary: Builds pipelines.
    works_with: [no-such-role]
"""
WIDTH = 100


@pytest.fixture(autouse=True)
def _terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(WIDTH))


@pytest.fixture
def tiny_kb(tmp_path: Path) -> Path:
    path = tmp_path / "kb.yaml"
    path.write_text(TINY_KB, encoding="utf-8")
    return path


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_text_output_is_the_slack_message_drawn_for_a_terminal(
    tiny_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "who owns deployment?"
    assert main(["ask", "--knowledge", str(tiny_kb), question]) == 0
    out, err = capsys.readouterr()
    _, message = answer(question, load_path(tiny_kb))
    assert out == render(message, width=WIDTH) + "\n"
    assert err == ""
    assert '"blocks"' not in out and "&amp;" not in out


def test_each_argument_is_a_question(tiny_kb: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = load_path(tiny_kb)
    questions = ["data engineer", "<!channel> & friends"]
    assert main(["ask", "--knowledge", str(tiny_kb), *questions]) == 0
    out = capsys.readouterr().out
    expected = [f"> {q}\n\n{render(answer(q, kb)[1], width=WIDTH)}\n" for q in questions]
    assert out == "\n".join(expected)


def test_json_prints_the_match_and_the_exact_slack_payload(
    tiny_kb: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = load_path(tiny_kb)
    questions = ["who owns deployment?", "what's for dinner", "<@U1> & <!here>"]
    assert main(["ask", "--json", "--knowledge", str(tiny_kb), *questions]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(questions)
    for line, question in zip(lines, questions, strict=True):
        record = json.loads(line)
        assert list(record) == ["query", "match", "message"]
        assert record["query"] == question
        found, message = answer(question, kb)
        match = record["match"]
        assert list(match) == ["kind", "id", "owners", "score", "alternatives", "ids", "contacts"]
        assert match["contacts"] == [], "this knowledge base has no org.yaml"
        assert isinstance(match["kind"], str)
        assert match["id"] is None or isinstance(match["id"], str)
        assert isinstance(match["owners"], list) and all(isinstance(o, str) for o in match["owners"])
        assert isinstance(match["score"], float)
        assert isinstance(match["alternatives"], list) and all(
            isinstance(a, str) for a in match["alternatives"]
        )
        assert match == {
            "kind": found.kind,
            "id": found.id,
            "owners": list(found.owners),
            "score": found.score,
            "alternatives": list(found.alternatives),
            "ids": list(found.ids),
            "contacts": [],
        }
        assert list(record["message"]) == ["text", "blocks"]
        assert record["message"] == message


def test_without_questions_it_reads_stdin_one_per_line(
    tiny_kb: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "who owns deployment?\n\n   \n  data engineer  \n")
    assert main(["ask", "--json", "--knowledge", str(tiny_kb)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["query"] for r in records] == ["who owns deployment?", "data engineer"]


def test_stdin_answers_in_text_echo_the_question(
    tiny_kb: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "data engineer\n")
    assert main(["ask", "--knowledge", str(tiny_kb)]) == 0
    assert capsys.readouterr().out.startswith("> data engineer\n\n")


def test_empty_stdin_answers_nothing(
    tiny_kb: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "\n  \n")
    assert main(["ask", "--knowledge", str(tiny_kb)]) == 0
    assert capsys.readouterr().out == ""


def test_a_broken_knowledge_base_prints_its_errors_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_KB, encoding="utf-8")
    assert main(["ask", "--knowledge", str(path), "data engineer"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"{path}:5: " in err
    assert "no-such-role" in err
    assert "Traceback" not in err


def test_a_missing_knowledge_base_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "--knowledge", str(tmp_path / "nope"), "q"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert str(tmp_path / "nope") in err
    assert "Traceback" not in err


def test_by_default_it_answers_from_the_bundled_knowledge_base(capsys: pytest.CaptureFixture[str]) -> None:
    question = "who owns deployment?"
    assert main(["ask", "--json", question]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["message"] == answer(question, load_bundled())[1]


def test_no_subcommand_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "ask" in capsys.readouterr().err


def test_ask_help_lists_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["ask", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--json" in out and "--knowledge" in out and "QUESTION" in out


def test_the_console_script(tiny_kb: Path) -> None:
    script = Path(sys.executable).with_name("mlrole")
    if not script.exists():
        pytest.skip("the mlrole console script is not installed next to this Python")
    result = subprocess.run(
        [str(script), "ask", "--json", "--knowledge", str(tiny_kb), "who owns deployment?"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["query"] == "who owns deployment?"


def test_json_lists_the_entries_a_comparison_puts_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "labeler vs domain expert", "compare the two approaches"]) == 0
    roles, approaches = (json.loads(line)["match"] for line in capsys.readouterr().out.splitlines())
    assert (roles["kind"], roles["id"], roles["ids"]) == ("compare", None, ["data-labeler", "domain-expert"])
    assert (approaches["kind"], approaches["id"]) == ("compare", None)
    assert approaches["ids"] == [a.id for a in load_bundled().approaches]
