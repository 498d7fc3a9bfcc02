"""`mlrole eval QUESTIONS.yaml`: accuracy overall and per expected kind, misses, JSON, --min for CI, and an
organization's own knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.knowledge.expectations import DEV_QUESTIONS

QUESTIONS = """\
- {q: "who labels the data", expect: data-labeler}
- {q: "data engineer", expect: data-engineer}
- {q: "compare the two approaches", expect: compare}
- {q: "what's for dinner", expect: none}
- {q: "who deploys models", expect: software-engineer}
"""
TINY_KB = """\
roles:
  - id: plumber
    name: Data Plumber
    summary: Keeps the data flowing.
tasks:
  - id: pipes
    name: Data pipes
    summary: The pipes data flows through.
    owners: [plumber]
"""


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(QUESTIONS, encoding="utf-8")
    return path


def test_it_prints_the_accuracy_overall_and_per_expected_kind(
    questions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(questions)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "80.0% right (4/5)"
    assert out[1:] == ["  role        66.7% (2/3)", "  compare    100.0% (1/1)", "  none       100.0% (1/1)"]
    assert not any("misses" in line for line in out)


def test_show_misses_names_each_wrong_answer(questions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(questions), "--show-misses"]) == 0
    out = capsys.readouterr().out
    assert "misses:\n  'who deploys models': expected software-engineer, got task deployment" in out


def test_min_fails_the_run_under_the_threshold(questions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(questions), "--min", "80"]) == 0
    assert main(["eval", str(questions), "--min", "90"]) == 1
    assert "FAIL: 80.0% is under --min 90%" in capsys.readouterr().out
    assert main(["eval", str(questions), "--min", "120"]) == 2


def test_json_is_one_object_with_the_misses(questions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(questions), "--json", "--min", "99"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["right"], report["total"], report["accuracy"]) == (4, 5, 0.8)
    assert report["by_kind"]["none"] == {"right": 1, "total": 1, "accuracy": 1.0}
    assert report["misses"] == [
        {
            "q": "who deploys models",
            "expect": ["software-engineer"],
            "kind": "task",
            "id": "deployment",
            "alternatives": [],
        }
    ]


def test_an_organizations_own_knowledge_base_and_questions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "kb.yaml").write_text(TINY_KB, encoding="utf-8")
    (tmp_path / "q.yaml").write_text(
        '- {q: "data plumber", expect: plumber}\n- {q: "pipes", expect: pipes}\n'
    )
    assert (
        main(["eval", str(tmp_path / "q.yaml"), "--knowledge", str(tmp_path / "kb.yaml"), "--min", "100"])
        == 0
    )
    assert capsys.readouterr().out.startswith("100.0% right (2/2)")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("q: not a list\n", "expected a list of {q, expect} items"),
        ("- {q: 'who?'}\n", "item 1 is not {q: text, expect: id or list}"),
        ("- [unclosed\n", "cannot read it"),
    ],
)
def test_a_bad_question_file_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    assert main(["eval", str(path)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_a_missing_file_and_an_unknown_id_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(tmp_path / "nope.yaml")]) == 1
    assert "cannot read it" in capsys.readouterr().err
    (tmp_path / "q.yaml").write_text("- {q: 'labeler', expect: data-labeller}\n", encoding="utf-8")
    assert main(["eval", str(tmp_path / "q.yaml")]) == 0
    assert "'data-labeller' is no id of the knowledge base nor a kind" in capsys.readouterr().err


@pytest.mark.skipif(not DEV_QUESTIONS.is_file(), reason=f"the shared dev set is not at {DEV_QUESTIONS}")
def test_the_shared_dev_set_is_answered_in_full(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(DEV_QUESTIONS), "--min", "100"]) == 0
    assert capsys.readouterr().out.startswith("100.0% right")
