"""Block Kit messages, built by pure functions from a knowledge-base snapshot.

Every `build_*` function returns a `Message`: the `text` fallback Slack shows in notifications and reads to
screen readers, and the blocks. Plain dicts, no SDK objects, so `mlrole ask` prints the very payload Slack
receives.

Two rules hold for every message, whatever the knowledge base or the question says:
- Text is escaped with `escape`: `&`, `<` and `>` become entities, in what the user wrote and in the admin's
  YAML alike, so neither can ping `<!channel>` or forge a link; mrkdwn such as `*bold*` in the YAML still
  works. Convention here: every string handed to a block constructor (`_header`, `_section`, ...) is
  already escaped, and only those constructors build text objects.
- Slack's size limits hold: the block constructors clamp every text with `truncate` and every list to its
  maximum, and `_message` caps the number of blocks, so a very long YAML text shortens a message instead of
  making Slack reject it.

Slack ids (action ids) are never written here: they come in through `ActionIds` from where handlers register
them. Without an `ActionIds` a message has no buttons.

What depends on the snapshot alone (an entry's card, the comparison, usage) is rendered once per snapshot
(`handlers.per_snapshot`) and handed out as a message of the caller's own. Blocks are never changed once
built: a function that adds to a message (`with_share_button`) builds a new one.

The package is still that one place, split by reason to change: `core` (Slack's limits, escaping and
truncation, the block constructors, `Message`), `cards` (role, task and approach cards, the comparison),
`help` (help, did-you-mean), `answer` (a match's message, cached per snapshot), `surfaces` (usage, the
roles list, App Home, sharing), `recommend` (team recommendations), `recommend_modal` (the form), `reload`
(a reload's result) and `org` (the organization's owners as Slack mentions, "Ask the owners", review
dates). Every module builds on `core`; none imports this package's `__init__`.
"""

from handlers.blocks.answer import (
    build_answer,
    build_entry,
)
from handlers.blocks.cards import (
    build_approach_card,
    build_comparison,
    build_role_card,
    build_task_card,
)
from handlers.blocks.core import (
    BULLET as BULLET,
)
from handlers.blocks.core import (
    ELLIPSIS as ELLIPSIS,
)
from handlers.blocks.core import (
    MAX_ACTION_ID,
    MAX_ACTIONS_ELEMENTS,
    MAX_BLOCKS,
    MAX_BUTTON_TEXT,
    MAX_BUTTON_VALUE,
    MAX_CONTEXT_ELEMENTS,
    MAX_CONTEXT_TEXT,
    MAX_FALLBACK_TEXT,
    MAX_FIELD_TEXT,
    MAX_FIELDS,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    MAX_VIEW_BLOCKS,
    ActionIds,
    Block,
    Message,
    View,
    build_notice,
    escape,
    truncate,
)
from handlers.blocks.help import (
    MAX_SUGGESTIONS as MAX_SUGGESTIONS,
)
from handlers.blocks.help import (
    build_did_you_mean,
    build_help,
)
from handlers.blocks.recommend import (
    NO_RECOMMENDATION_RULES as NO_RECOMMENDATION_RULES,
)
from handlers.blocks.recommend import (
    TIMES as TIMES,
)
from handlers.blocks.recommend import (
    build_recommend_input_error,
    build_recommendation,
    build_recommendation_for,
    build_team_recommendation,
)
from handlers.blocks.recommend_modal import (
    FormIds,
    build_recommend_modal,
)
from handlers.blocks.reload import (
    MAX_RELOAD_ERRORS as MAX_RELOAD_ERRORS,
)
from handlers.blocks.reload import (
    build_reload_result,
)
from handlers.blocks.surfaces import (
    build_home,
    build_notice_view,
    build_roles_list,
    build_shared,
    build_usage,
    with_share_button,
)

# `BULLET`, `ELLIPSIS`, `MAX_SUGGESTIONS`, `TIMES`, `NO_RECOMMENDATION_RULES` and `MAX_RELOAD_ERRORS` are
# imported from here too, as they were from the single module: re-exported explicitly (`X as X`), outside
# `__all__`, which lists the same names as before.
__all__ = [
    "MAX_ACTIONS_ELEMENTS",
    "MAX_ACTION_ID",
    "MAX_BLOCKS",
    "MAX_BUTTON_TEXT",
    "MAX_BUTTON_VALUE",
    "MAX_CONTEXT_ELEMENTS",
    "MAX_CONTEXT_TEXT",
    "MAX_FALLBACK_TEXT",
    "MAX_FIELDS",
    "MAX_FIELD_TEXT",
    "MAX_HEADER_TEXT",
    "MAX_SECTION_TEXT",
    "MAX_VIEW_BLOCKS",
    "ActionIds",
    "Block",
    "FormIds",
    "Message",
    "View",
    "build_answer",
    "build_approach_card",
    "build_comparison",
    "build_did_you_mean",
    "build_entry",
    "build_help",
    "build_home",
    "build_notice",
    "build_notice_view",
    "build_recommend_input_error",
    "build_recommend_modal",
    "build_recommendation",
    "build_recommendation_for",
    "build_reload_result",
    "build_role_card",
    "build_roles_list",
    "build_shared",
    "build_task_card",
    "build_team_recommendation",
    "build_usage",
    "escape",
    "truncate",
    "with_share_button",
]
