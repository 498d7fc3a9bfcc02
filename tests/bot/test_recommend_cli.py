"""`mlrole recommend`: the exact `--json` shape, text output, and clear errors (never a traceback)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.terminal import render
from handlers.blocks import build_recommendation
from handlers.ids import ACTIONS
from knowledge.base.loader import bundled_path, load_bundled
from knowledge.recommend import parse_request, recommend
from tests.knowledge.recommend_expectations import APPROACHES, KEY_TASKS

ISSUE_EXAMPLE = [
    "size=startup",
    "people=5",
    "production=yes",
    "labeling=heavy",
    "sources=many",
    "domain=high",
]
WIDTH = 100
ENTRY_POINT = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())"]
"""What the `mlrole` console script runs."""


@pytest.fixture(autouse=True)
def _terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(WIDTH))


def test_json_has_exactly_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", "--json", *ISSUE_EXAMPLE]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1, "one JSON object on one line"
    data = json.loads(out)
    assert set(data) == {"recommendation", "message"}
    rec = data["recommendation"]
    assert set(rec) == {"approach", "roster", "owners", "rationale", "risks", "assumptions"}
    assert rec["approach"] in APPROACHES
    for entry in rec["roster"]:
        assert set(entry) == {"role", "count", "mode"}
        assert isinstance(entry["role"], str) and isinstance(entry["count"], int)
        assert entry["mode"] in {"full-time", "part-time", "shared", "outsourced"}
    assert sum(entry["count"] for entry in rec["roster"]) == 5
    assert set(rec["owners"]) == set(KEY_TASKS)
    assert all(
        isinstance(o, list) and o and all(isinstance(r, str) for r in o) for o in rec["owners"].values()
    )
    assert all(isinstance(line, str) for key in ("rationale", "risks", "assumptions") for line in rec[key])
    # Only `engineering` was left out, so it is the one assumption.
    assert len(rec["assumptions"]) == 1 and "(engineering=no)" in rec["assumptions"][0]
    assert set(data["message"]) == {"text", "blocks"}


def test_json_is_the_same_recommendation_and_message_the_bot_builds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["recommend", "--json", *ISSUE_EXAMPLE]) == 0
    data = json.loads(capsys.readouterr().out)
    kb = load_bundled()
    inputs, assumptions = parse_request(ISSUE_EXAMPLE)
    rec = recommend(inputs, kb, assumptions=assumptions)
    assert data["message"] == build_recommendation(rec, kb, adjust_action_id=ACTIONS.adjust_recommendation)
    assert [e["role"] for e in data["recommendation"]["roster"]] == [e.role for e in rec.roster]


def test_text_output_is_the_message_drawn_for_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", *ISSUE_EXAMPLE]) == 0
    out, err = capsys.readouterr()
    kb = load_bundled()
    inputs, assumptions = parse_request(ISSUE_EXAMPLE)
    rec = recommend(inputs, kb, assumptions=assumptions)
    message = build_recommendation(rec, kb, adjust_action_id=ACTIONS.adjust_recommendation)
    expected = render(message, width=WIDTH)
    assert out == expected + "\n"
    assert err == ""


def test_no_inputs_answers_with_every_input_assumed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["recommendation"]["assumptions"]) == 7


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["colour=blue"], "Unknown key 'colour'. Allowed keys: size, people, production, labeling, sources"),
        (["size=huge"], "size is one of startup, small, medium, large"),
        (["labeling=lots-and-lots"], "labeling is one of none, some, heavy"),
        (["people=0"], "people is a whole number from 1 to 1000"),
        (["people=many"], "people is a whole number from 1 to 1000"),
        (["a 5 person startup"], "Expected KEY=VALUE"),
    ],
)
def test_a_bad_input_exits_2_listing_what_is_allowed(
    args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["recommend", "--json", *args]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert says in err
    assert "size=startup|small|medium|large" in err  # and the full list of inputs
    assert "Traceback" not in err


def test_a_knowledge_base_without_rules_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("roles.yaml", "approaches.yaml", "tasks.yaml"):
        (tmp_path / name).write_text((bundled_path() / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["recommend", "--knowledge", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "no team-recommendation rules" in err


def test_broken_rules_print_their_errors_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in bundled_path().glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    rules = tmp_path / "recommend.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("role: ml-engineer", "role: ml-enginer"))
    assert main(["recommend", "--knowledge", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{rules}:" in err and "unknown role 'ml-enginer'" in err


def test_the_installed_command_runs() -> None:
    """The entry point in a process of its own: exit codes reach the shell, and stderr has no traceback."""
    ok = subprocess.run(
        [*ENTRY_POINT, "recommend", "--json", "people=1"],
        capture_output=True,
        text=True,
        check=False,
    )
    bad = subprocess.run(
        [*ENTRY_POINT, "recommend", "size=galactic"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["recommendation"]["roster"] == [
        {"role": "ml-engineer", "count": 1, "mode": "full-time"}
    ]
    assert bad.returncode == 2
    assert "size is one of" in bad.stderr and "Traceback" not in bad.stderr
