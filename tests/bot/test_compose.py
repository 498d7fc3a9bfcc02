"""docker-compose.yml: two mlrole instances behind a load balancer, sharing Redis, next to PostgreSQL.

Its structure is checked here; the Compose tooling validates it against the Compose Specification when it
is installed (`docker compose`, or the standalone `docker-compose`), and that test is skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import REDIS_URL

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DUMMY_ENV = {"SLACK_BOT_TOKEN": "xoxb-compose-check", "SLACK_SIGNING_SECRET": "compose-check"}


def services() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    found = data["services"]
    assert isinstance(found, dict)
    return found


def test_two_mlrole_instances_share_redis_behind_a_load_balancer() -> None:
    found = services()
    mlrole = {name: svc for name, svc in found.items() if svc.get("command", [None])[0] == "mlrole"}
    assert len(mlrole) == 2
    for service in mlrole.values():
        assert service["command"][1] == "serve"
        assert service["environment"][REDIS_URL].startswith("redis://redis:")
        assert service["environment"]["SLACK_BOT_TOKEN"].startswith("${"), "secrets come from the environment"
        assert "/healthz" in " ".join(service["healthcheck"]["test"])
    assert {"redis", "postgres"} <= set(found)
    balancer = " ".join(found["lb"]["command"])
    assert all(f"{name}:3000" in balancer for name in mlrole)


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker:
        plugin = subprocess.run([docker, "compose", "version"], capture_output=True, check=False)
        if plugin.returncode == 0:
            return [docker, "compose"]
    standalone = shutil.which("docker-compose")
    return [standalone] if standalone else None


def test_compose_validates_the_file() -> None:
    command = compose_command()
    if command is None:
        pytest.skip("needs `docker compose` or `docker-compose` to validate the file")
    result = subprocess.run(
        [*command, "-f", str(COMPOSE), "config", "-q"],
        capture_output=True,
        text=True,
        env={**os.environ, **DUMMY_ENV},
        check=False,
    )
    assert result.returncode == 0, result.stderr
