"""What the bot does not act on, answered all the same: Slack counts every delivery that is not a 200 as a
failure, and turns off an app's subscriptions when too many fail.

- A click on a button whose action id no listener knows (a message from an older version of the bot): acked,
  then a polite ephemeral "ask again" through the click's `response_url`.
- A submitted form whose callback id no listener knows: the form is replaced by the same note.
- `app_uninstalled` and `tokens_revoked`: logged, nothing else to do.

`register` must come after every other listener: Bolt gives a request to the first listener that matches, and
these match any action and any form. Deliveries no listener matches at all (`app_rate_limited`, events the
app is not meant to get) are answered 200 by the app's error handler (`bot.guards`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from handlers.blocks import build_notice, build_notice_view
from handlers.deps import Deps
from handlers.lazy import Later, listen

STALE_BUTTON: Final = (
    "This button is from an older message, and I cannot act on it any more. Please ask again."
)
STALE_FORM: Final = (
    "This form is from an older version of mlrole, and I cannot take it any more. Please ask again."
)
ANY: Final = re.compile(".*")
"""Matches every action id and callback id: registered last, so only those no other listener took."""
REVOKED_EVENTS: Final = ("app_uninstalled", "tokens_revoked")


def register(app: AsyncApp, deps: Deps) -> None:
    async def tell_stale_button(later: Later) -> None:
        actions = later.body.get("actions") or [{}]
        deps.logger.info("a click on an unknown button (%s): told to ask again", _id(actions[0], "action_id"))
        notice = build_notice(STALE_BUTTON)
        await later.respond(
            text=notice["text"], blocks=notice["blocks"], response_type="ephemeral", replace_original=False
        )

    listen(app.action(ANY), later=tell_stale_button)

    @app.view(ANY)
    async def stale_form(ack: AsyncAck, view: dict[str, Any]) -> None:
        deps.logger.info("a submitted form with an unknown callback id (%s): told to ask again", _id(view))
        await ack(response_action="update", view=build_notice_view(STALE_FORM))

    for event_type in REVOKED_EVENTS:

        @app.event(event_type)
        async def revoked(event: dict[str, Any]) -> None:
            deps.logger.warning("Slack sent %s: the bot's tokens no longer work here", event.get("type"))


def _id(payload: Mapping[str, Any], key: str = "callback_id") -> str:
    """An id from a payload, short enough to log (ids are ours or Slack's, never a user's text)."""
    return str(payload.get(key, ""))[:100]
