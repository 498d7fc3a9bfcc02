"""What a newcomer deploys from (manifests, Procfile, `.env.example`, README) agrees with the code."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import COMMANDS
from bot.server import EVENTS_PATH
from bot.settings import VARIABLES
from handlers.commands import SUBCOMMANDS
from handlers.ids import COMMAND

ROOT = Path(__file__).resolve().parents[2]
EVENTS = {"app_home_opened", "app_mention", "message.im"}
SCOPES = {
    "commands",
    "app_mentions:read",
    "im:history",
    "chat:write",
    "users:read",
    "usergroups:read",
    "channels:read",
}


def _manifest(name: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(("name", "socket_mode"), [("manifest.yaml", False), ("manifest.socket.yaml", True)])
def test_the_manifest_sets_up_every_surface_with_only_the_scopes_used(name: str, socket_mode: bool) -> None:
    manifest = _manifest(name)
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    assert len(command["description"]) <= 100
    hint = set(command["usage_hint"].strip("[]").replace("] | ", " | ").split(" | "))
    assert {sub.name for sub in SUBCOMMANDS} <= hint, "the usage hint names every subcommand"
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == EVENTS
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == SCOPES
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True, "people DM the bot there"
    assert manifest["settings"]["socket_mode_enabled"] is socket_mode
    urls = [
        command.get("url"),
        manifest["settings"]["event_subscriptions"].get("request_url"),
        manifest["settings"]["interactivity"].get("request_url"),
    ]
    if socket_mode:
        assert urls == [None, None, None]
    else:
        assert all(url.startswith("https://") and url.endswith(EVENTS_PATH) for url in urls)
        assert len(set(urls)) == 1


def test_the_procfile_runs_one_real_subcommand_per_mode() -> None:
    lines = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    processes = dict(line.split(": ", 1) for line in lines if line.strip())
    assert processes == {"web": "mlrole serve", "worker": "mlrole socket"}
    assert {"serve", "socket"} <= set(COMMANDS)


def test_env_example_lists_every_variable_and_no_value_for_a_secret() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    assigned = dict(re.findall(r"^([A-Z_]+)=(.*)$", text, flags=re.MULTILINE))
    assert set(assigned) == set(VARIABLES)
    secrets = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN")
    assert all(assigned[name] == "" for name in secrets)


def test_the_readme_configuration_table_lists_every_variable() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Configuration", 1)[1].split("\n## ", 1)[0]
    rows = set(re.findall(r"^\| `([A-Z_]+)` \|", table, flags=re.MULTILINE))
    assert rows == set(VARIABLES)
