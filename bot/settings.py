"""Configuration from the environment, read once at start-up and never at import time.

`Settings.from_env(os.environ, mode=...)` is called by the `serve` and `socket` subcommands; tests pass their
own mapping. A missing or empty required variable raises `ConfigError` naming the variable, never its value,
and nothing here ever prints or logs a secret: `repr(settings)` shows only whether each secret is set.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from knowledge.base.org import DEFAULT_REVIEW_DAYS

Mode = Literal["http", "socket", "offline"]

DEFAULT_PORT: Final = 3000
DEFAULT_SLACK_API_URL: Final = "https://slack.com/api/"
DEFAULT_DATABASE_URL: Final = "sqlite:///mlrole.db"
"""The question log: a SQLite file in the working directory, created on first use."""
DEFAULT_RETENTION_DAYS: Final = 90
MAX_RETENTION_DAYS: Final = 36500
OFF_WORDS: Final = frozenset({"off", "false", "no", "0"})
ON_WORDS: Final = frozenset({"on", "true", "yes", "1", ""})
DEFAULT_REDIS_PREFIX: Final = "mlrole:"
"""Every key and channel mlrole uses in Redis starts with this, so deployments can share one server."""
MAX_WORKERS: Final = 64
REDIS_SCHEMES: Final = ("redis://", "rediss://", "unix://")
DEFAULT_MAX_CONNECTIONS: Final = 256
"""Well under the usual 1,024 file descriptors of a process, which also holds its outgoing connections."""
MAX_REVIEW_DAYS: Final = 36500

# The names of the variables (the secrets themselves only ever come from the environment).
BOT_TOKEN: Final = "SLACK_BOT_TOKEN"  # noqa: S105
SIGNING_SECRET: Final = "SLACK_SIGNING_SECRET"  # noqa: S105
APP_TOKEN: Final = "SLACK_APP_TOKEN"  # noqa: S105
PORT: Final = "PORT"
KNOWLEDGE: Final = "MLROLE_KNOWLEDGE"
ADMINS: Final = "MLROLE_ADMINS"
SLACK_API_URL: Final = "SLACK_API_URL"
DATABASE_URL: Final = "MLROLE_DATABASE_URL"
LOG_SECRET: Final = "MLROLE_LOG_SECRET"  # noqa: S105
RETENTION_DAYS: Final = "MLROLE_RETENTION_DAYS"
QUESTION_LOG: Final = "MLROLE_QUESTION_LOG"
REDIS_URL: Final = "REDIS_URL"
REDIS_PREFIX: Final = "MLROLE_REDIS_PREFIX"
WEB_CONCURRENCY: Final = "WEB_CONCURRENCY"
MAX_CONNECTIONS: Final = "MLROLE_MAX_CONNECTIONS"
REVIEW_DAYS: Final = "MLROLE_REVIEW_DAYS"
VARIABLES: Final = (
    BOT_TOKEN,
    SIGNING_SECRET,
    APP_TOKEN,
    PORT,
    KNOWLEDGE,
    ADMINS,
    SLACK_API_URL,
    DATABASE_URL,
    LOG_SECRET,
    RETENTION_DAYS,
    QUESTION_LOG,
    REDIS_URL,
    REDIS_PREFIX,
    WEB_CONCURRENCY,
    MAX_CONNECTIONS,
    REVIEW_DAYS,
)
"""Every variable mlrole reads: `.env.example` and the README's configuration table list them all."""

REQUIRED: Final[Mapping[Mode, tuple[str, ...]]] = {
    "http": (BOT_TOKEN, SIGNING_SECRET),
    "socket": (BOT_TOKEN, APP_TOKEN),
    "offline": (),
}


class ConfigError(Exception):
    """The environment cannot run the bot. The message names variables, never their values."""


@dataclass(frozen=True, slots=True, repr=False)
class Settings:
    mode: Mode
    bot_token: str = ""
    signing_secret: str = ""
    app_token: str = ""
    port: int = DEFAULT_PORT
    knowledge_path: str | None = None
    """A directory, YAML file or URL; None means the bundled knowledge base. A URL may carry a token, so
    `repr` only says whether it is set."""
    admins: frozenset[str] = frozenset()
    """Slack user ids allowed to run admin commands."""
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    """Where the question log is kept; it may carry a password, so `repr` only says whether it is set."""
    log_secret: str = ""
    """The key askers are hashed with; empty: generated and kept in the database on first use."""
    retention_days: int = DEFAULT_RETENTION_DAYS
    question_log: bool = True
    """False (`MLROLE_QUESTION_LOG=off`): nothing is recorded."""
    redis_url: str | None = None
    """Where instances share retry de-duplication, reloads and once-per-person checks; None: this process
    alone. It may carry a password, so `repr` only says whether it is set."""
    redis_prefix: str = DEFAULT_REDIS_PREFIX
    workers: int = 1
    """`mlrole serve`'s worker processes unless `--workers` says otherwise (`WEB_CONCURRENCY`)."""
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    """How many connections `mlrole serve` holds open at once (see `bot.connections`)."""
    review_days: int = DEFAULT_REVIEW_DAYS
    """An org mapping whose `reviewed` date is older than this many days is stale."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str], *, mode: Mode) -> Settings:
        def get(name: str) -> str:
            return environ.get(name, "").strip()

        missing = [name for name in REQUIRED[mode] if not get(name)]
        if missing:
            names = ", ".join(missing)
            noun = "variable" if len(missing) == 1 else "variables"
            raise ConfigError(f"missing required environment {noun}: {names}")
        return cls(
            mode=mode,
            bot_token=get(BOT_TOKEN),
            signing_secret=get(SIGNING_SECRET),
            app_token=get(APP_TOKEN),
            port=_port(get(PORT)),
            knowledge_path=get(KNOWLEDGE) or None,
            admins=frozenset(part.strip() for part in get(ADMINS).split(",") if part.strip()),
            slack_api_url=_api_url(get(SLACK_API_URL)),
            database_url=get(DATABASE_URL) or DEFAULT_DATABASE_URL,
            log_secret=get(LOG_SECRET),
            retention_days=_retention(get(RETENTION_DAYS)),
            question_log=_switch(get(QUESTION_LOG)),
            redis_url=_redis_url(get(REDIS_URL)),
            redis_prefix=get(REDIS_PREFIX) or DEFAULT_REDIS_PREFIX,
            workers=_workers(get(WEB_CONCURRENCY)),
            max_connections=_max_connections(get(MAX_CONNECTIONS)),
            review_days=_review_days(get(REVIEW_DAYS)),
        )

    def __repr__(self) -> str:
        def secret(value: str) -> str:
            return "'<set>'" if value else "'<unset>'"

        return (
            f"Settings(mode={self.mode!r}, bot_token={secret(self.bot_token)}, "
            f"signing_secret={secret(self.signing_secret)}, app_token={secret(self.app_token)}, "
            f"port={self.port!r}, knowledge_path={secret(self.knowledge_path or '')}, "
            f"admins={sorted(self.admins)!r}, "
            f"slack_api_url={self.slack_api_url!r}, redis_url={secret(self.redis_url or '')}, "
            f"redis_prefix={self.redis_prefix!r}, workers={self.workers!r}, "
            f"max_connections={self.max_connections!r}, review_days={self.review_days!r}, "
            f"database_url={secret(self.database_url)}, log_secret={secret(self.log_secret)}, "
            f"retention_days={self.retention_days!r}, question_log={self.question_log!r})"
        )

    __str__ = __repr__


def _port(raw: str) -> int:
    if not raw:
        return DEFAULT_PORT
    if not (raw.isascii() and raw.isdigit()) or not 0 <= int(raw) <= 65535:
        # The port is not a secret, but echoing arbitrary environment text is still avoided.
        raise ConfigError(f"{PORT} must be a whole number between 0 and 65535")
    return int(raw)


def _max_connections(raw: str) -> int:
    if not raw:
        return DEFAULT_MAX_CONNECTIONS
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ConfigError(f"{MAX_CONNECTIONS} must be a whole number, 1 or more")
    return int(raw)


def _review_days(raw: str) -> int:
    if not raw:
        return DEFAULT_REVIEW_DAYS
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_REVIEW_DAYS:
        raise ConfigError(f"{REVIEW_DAYS} must be a whole number of days between 1 and {MAX_REVIEW_DAYS}")
    return int(raw)


def _api_url(raw: str) -> str:
    if not raw:
        return DEFAULT_SLACK_API_URL
    if not raw.startswith(("http://", "https://")):
        raise ConfigError(f"{SLACK_API_URL} must be an http:// or https:// URL")
    # slack_sdk joins method names onto the base URL, so it must end with a slash.
    return raw if raw.endswith("/") else raw + "/"


def _retention(raw: str) -> int:
    if not raw:
        return DEFAULT_RETENTION_DAYS
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_RETENTION_DAYS:
        raise ConfigError(f"{RETENTION_DAYS} must be a whole number of days from 1 to {MAX_RETENTION_DAYS}")
    return int(raw)


def _switch(raw: str) -> bool:
    if raw.lower() in OFF_WORDS:
        return False
    if raw.lower() in ON_WORDS:
        return True
    raise ConfigError(f"{QUESTION_LOG} must be on or off")


def _redis_url(raw: str) -> str | None:
    if not raw:
        return None
    if not raw.startswith(REDIS_SCHEMES):
        raise ConfigError(f"{REDIS_URL} must be a redis://, rediss:// or unix:// URL")
    return raw


def _workers(raw: str) -> int:
    """`WEB_CONCURRENCY`, as Heroku sets it: a whole number of processes."""
    if not raw:
        return 1
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_WORKERS:
        raise ConfigError(f"{WEB_CONCURRENCY} must be a whole number between 1 and {MAX_WORKERS}")
    return int(raw)
