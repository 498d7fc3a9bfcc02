"""Settings come from the environment only; a missing variable is named, a secret never shown."""

from __future__ import annotations

import pytest

from bot.settings import DEFAULT_PORT, DEFAULT_SLACK_API_URL, ConfigError, Settings

SECRETS = {
    "SLACK_BOT_TOKEN": "xoxb-111-secret-bot",
    "SLACK_SIGNING_SECRET": "signing-secret-222",
    "SLACK_APP_TOKEN": "xapp-333-secret-app",
    "MLROLE_KNOWLEDGE": "https://user:pa55@kb.example/kb.yaml?token=444",
    "REDIS_URL": "redis://:r3dis-pa55word@redis.example:6379/0",
}


def test_http_mode_reads_every_variable() -> None:
    env = {
        **SECRETS,
        "PORT": "8080",
        "MLROLE_ADMINS": " U1 ,U2,, ",
        "SLACK_API_URL": "http://127.0.0.1:9/api",
    }
    settings = Settings.from_env(env, mode="http")
    assert settings.bot_token == SECRETS["SLACK_BOT_TOKEN"]
    assert settings.signing_secret == SECRETS["SLACK_SIGNING_SECRET"]
    assert settings.port == 8080
    assert settings.admins == frozenset({"U1", "U2"})
    assert settings.knowledge_path == SECRETS["MLROLE_KNOWLEDGE"]
    assert settings.slack_api_url == "http://127.0.0.1:9/api/", "the SDK joins method names onto it"


def test_defaults() -> None:
    settings = Settings.from_env({"SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"}, mode="http")
    assert settings.port == DEFAULT_PORT == 3000
    assert settings.knowledge_path is None
    assert settings.admins == frozenset()
    assert settings.slack_api_url == DEFAULT_SLACK_API_URL
    assert settings.redis_url is None, "one instance on its own"
    assert settings.redis_prefix == "mlrole:"
    assert settings.workers == 1


@pytest.mark.parametrize(
    ("mode", "required"),
    [
        ("http", ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")),
        ("socket", ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")),
    ],
)
def test_each_missing_or_empty_required_variable_is_named(mode: str, required: tuple[str, ...]) -> None:
    for name in required:
        for env in ({k: v for k, v in SECRETS.items() if k != name}, {**SECRETS, name: "  "}):
            with pytest.raises(ConfigError) as raised:
                Settings.from_env(env, mode=mode)  # type: ignore[arg-type]
            message = str(raised.value)
            assert name in message
            assert not any(secret in message for secret in SECRETS.values())
    with pytest.raises(ConfigError) as raised:
        Settings.from_env({}, mode=mode)  # type: ignore[arg-type]
    assert all(name in str(raised.value) for name in required)


def test_offline_mode_needs_nothing() -> None:
    assert Settings.from_env({}, mode="offline").bot_token == ""


# The last is "80" in full-width digits, which `int()` would accept.
@pytest.mark.parametrize("port", ["http", "-1", "65536", "3.5", "\uff18\uff10"])
def test_a_bad_port_is_named(port: str) -> None:
    with pytest.raises(ConfigError, match="PORT"):
        Settings.from_env({**SECRETS, "PORT": port}, mode="http")


def test_a_slack_api_url_must_be_http() -> None:
    with pytest.raises(ConfigError, match="SLACK_API_URL"):
        Settings.from_env({**SECRETS, "SLACK_API_URL": "ftp://x"}, mode="http")


def test_repr_and_str_show_no_secret() -> None:
    settings = Settings.from_env(SECRETS, mode="http")
    for shown in (repr(settings), str(settings), f"{settings}"):
        assert "<set>" in shown
        for secret in SECRETS.values():
            assert secret not in shown
        assert "pa55" not in shown and "444" not in shown


def test_settings_are_frozen() -> None:
    settings = Settings.from_env(SECRETS, mode="http")
    with pytest.raises(AttributeError):
        settings.port = 1  # type: ignore[misc]


def test_redis_and_workers() -> None:
    env = {**SECRETS, "MLROLE_REDIS_PREFIX": "team-a:", "WEB_CONCURRENCY": "4"}
    settings = Settings.from_env(env, mode="http")
    assert settings.redis_url == SECRETS["REDIS_URL"]
    assert (settings.redis_prefix, settings.workers) == ("team-a:", 4)


def test_a_redis_url_must_be_redis() -> None:
    with pytest.raises(ConfigError, match="REDIS_URL") as caught:
        Settings.from_env({**SECRETS, "REDIS_URL": "http://:secret@x:6379"}, mode="http")
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize("workers", ["0", "-2", "two", "65", "\uff12"])
def test_bad_web_concurrency_is_named(workers: str) -> None:
    with pytest.raises(ConfigError, match="WEB_CONCURRENCY"):
        Settings.from_env({**SECRETS, "WEB_CONCURRENCY": workers}, mode="http")
