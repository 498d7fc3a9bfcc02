"""The CLI agrees with the bot: the same knowledge base (`MLROLE_KNOWLEDGE`, URLs too), the same `roles` and
`help`, every bad input reported at once, and `--version`."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.base.model import KnowledgeBase
from tests.fakes.knowledge import KB_YAML
from tests.fakes.slack_client import SlackClient


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No access log on the test's stderr."""


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    (tmp_path / "kb.yaml").write_text(KB_YAML)
    return tmp_path


@pytest.fixture
def kb_url(kb_dir: Path) -> Iterator[str]:
    """`kb.yaml` served over HTTP on loopback, from a thread (the CLI runs its own event loop)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(kb_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/kb.yaml"
    finally:
        server.shutdown()
        thread.join()


def _asked(question: str, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["ask", "--json", *args, question]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert isinstance(printed, dict)
    return printed


def test_ask_and_check_use_mlrole_knowledge_when_no_knowledge_is_given(
    kb_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MLROLE_KNOWLEDGE", str(kb_dir / "kb.yaml"))

    assert main(["check"]) == 0
    assert "OK: 2 roles" in capsys.readouterr().out
    printed = _asked("roles", capsys)
    assert "Data Labeler" not in printed["message"]["text"]  # type: ignore[index]


def test_check_and_ask_accept_the_urls_the_bot_accepts(
    kb_url: str, capsys: pytest.CaptureFixture[str], bundled_kb: KnowledgeBase
) -> None:
    assert main(["check", kb_url]) == 0
    assert f"from {kb_url}" in capsys.readouterr().out
    printed = _asked("ml engineer", capsys, "--knowledge", kb_url)
    assert printed["match"]["id"] == "ml-engineer"  # type: ignore[index]


def test_check_refuses_a_url_scheme_the_bot_refuses(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "ftp://example.com/kb.yaml"]) == 1
    assert "unsupported URL scheme" in capsys.readouterr().err


def test_recommend_reports_every_bad_input_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recommend", "size=huge", "people=0", "colour=blue", "oops"]) == 2
    err = capsys.readouterr().err
    for bad in ("size=huge", "people=0", "'colour'", "'oops'"):
        assert bad in err


@pytest.mark.parametrize("word", ["roles", "help"])
async def test_ask_roles_and_help_print_what_the_slash_command_shows(
    word: str, slack: SlackClient, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = _asked(word, capsys)

    reply = (await slack.command(word)).json()

    assert printed["match"] is None
    assert printed["message"] == {"text": reply["text"], "blocks": reply["blocks"]}


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("mlrole ")
