"""The Slack ids the app answers to: the one place they are written.

The routing table (`handlers.routes`) registers its listeners under these ids, and the pipeline
(`handlers.pipeline.answer`) puts the same action ids on the buttons it renders by default, so `mlrole ask`
prints the very message Slack gets. Slack-free on purpose: the CLI imports this without Bolt or the SDK.
"""

from __future__ import annotations

from typing import Final

from handlers.blocks import ActionIds, FormIds

COMMAND: Final = "/mlrole"
"""The slash command (also in `manifest.yaml` and `manifest.socket.yaml`)."""
SHARE_ACTION: Final = "mlrole_share"
CHOOSE_ACTION: Final = "mlrole_choose"
"""A prefix: did-you-mean buttons are `mlrole_choose-0`, `mlrole_choose-1`, ... (see `ActionIds`)."""
ADJUST_ACTION: Final = "mlrole_recommend_adjust"
"""The "Adjust the inputs" button under a team recommendation: opens the form."""
ASK_OWNERS_ACTION: Final = "mlrole_ask_owners"
"""The "Ask the owners" button under an answer whose owners have a channel in `org.yaml`."""
RECOMMEND_FORM: Final = "mlrole_recommend_form"
"""The callback id of the team-recommendation modal, whose submission the bot answers."""
RECOMMEND_FIELD_PREFIX: Final = "mlrole_recommend_"
"""The form's inputs are `mlrole_recommend_size`, `mlrole_recommend_people`, ... (see `FormIds`)."""

ACTIONS: Final = ActionIds(
    choose_entry=CHOOSE_ACTION, adjust_recommendation=ADJUST_ACTION, ask_owners=ASK_OWNERS_ACTION
)
FORM: Final = FormIds(callback_id=RECOMMEND_FORM, field_prefix=RECOMMEND_FIELD_PREFIX)
