"""The environment a deployment would have, with test secrets, pointed at the fake Slack."""

from __future__ import annotations

from .slack_api import FakeSlack

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-test-bot-token-do-not-print"
APP_TOKEN = "xapp-test-app-token-do-not-print"
ADMIN_ID = "UADMIN001"


def deployment_env(fake: FakeSlack) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": fake.api_url,
        "MLROLE_ADMINS": ADMIN_ID,
    }
