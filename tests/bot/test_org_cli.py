"""`org.yaml` in the terminal: `mlrole check` validates it, `mlrole ask` shows the owners' ids, and
`mlrole stale` lists the mappings due for review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.base.loader import load_path
from tests.fakes.knowledge import line_of
from tests.fakes.org import CHANNEL, CONTACT, GROUP, OLD_DAYS, RECENT_DAYS, days_ago, org_yaml, write_org_kb


def test_check_counts_the_org_mappings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = write_org_kb(tmp_path / "kb")
    assert main(["check", str(kb)]) == 0
    out = capsys.readouterr().out
    counts = "2 roles, 1 approach, 3 tasks, 1 synonym, 2 org mappings"
    assert out.splitlines()[0] == f"OK: {counts} (version {load_path(kb).version}) from {kb}"


def test_check_catches_a_bad_id_and_an_unknown_role(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = (
        org_yaml()
        .replace(f"group: {GROUP}", "group: ml-platform")
        .replace("role: ml-engineer", "role: ml-enginer")
    )
    kb = write_org_kb(tmp_path / "kb", org=org)

    assert main(["check", str(kb)]) == 1

    out, err = capsys.readouterr()
    path = kb / "org.yaml"
    assert out == ""
    assert err.splitlines() == [
        f"{path}:{line_of(org, 'role: ml-enginer')}: unknown role 'ml-enginer' in the 'org' section "
        "(did you mean 'ml-engineer'?)",
        f"{path}:{line_of(org, 'group: ml-platform')}: group of the mapping on line 2 'ml-platform' is not "
        "a Slack user group id: it starts with S and capital letters or digits, like S0ML0PLAT",
        f"2 errors in {kb}",
    ]


def test_ask_json_gives_the_contacts_and_the_text_shows_them_readably(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = str(write_org_kb(tmp_path / "kb"))
    questions = ["who owns deployment?", "who owns model evaluation?"]

    assert main(["ask", "--json", "--knowledge", kb, *questions]) == 0

    mapped, unmapped = [json.loads(line)["match"] for line in capsys.readouterr().out.splitlines()]
    assert mapped["contacts"] == [
        {"for": "ml-engineer", "group": GROUP, "channel": CHANNEL, "contacts": [CONTACT]}
    ]
    assert unmapped["contacts"] == []

    assert main(["ask", "--knowledge", kb, "who owns deployment?"]) == 0
    out = capsys.readouterr().out
    assert f"Here: @{GROUP} · ask in #{CHANNEL} · @{CONTACT}" in out
    assert f"[ Ask the owners in #{CHANNEL} ]" in out


def test_stale_lists_what_is_due_for_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb = str(write_org_kb(tmp_path / "kb"))

    assert main(["stale", "--json", "--knowledge", kb]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "stale": [{"for": "labeling", "reviewed": days_ago(OLD_DAYS), "days": OLD_DAYS}]
    }

    assert main(["stale", "--knowledge", kb]) == 0
    out = capsys.readouterr().out
    assert "1 org mapping reviewed more than 180 days ago:" in out
    assert f"• task labeling: reviewed {days_ago(OLD_DAYS)}, {OLD_DAYS} days ago" in out


def test_stale_reads_mlrole_review_days(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = str(write_org_kb(tmp_path / "kb"))
    monkeypatch.setenv("MLROLE_REVIEW_DAYS", str(RECENT_DAYS - 1))
    assert main(["stale", "--json", "--knowledge", kb]) == 0
    assert [row["for"] for row in json.loads(capsys.readouterr().out)["stale"]] == ["labeling", "ml-engineer"]

    monkeypatch.setenv("MLROLE_REVIEW_DAYS", "soon")
    assert main(["stale", "--knowledge", kb]) == 2
    assert "MLROLE_REVIEW_DAYS must be a whole number of days" in capsys.readouterr().err


def test_stale_without_org_yaml_lists_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stale", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"stale": []}
