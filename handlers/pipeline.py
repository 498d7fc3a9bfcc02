"""The one question-to-answer pipeline: `mlrole ask` and every Slack surface call `answer`.

So the terminal shows exactly what Slack would get: match the question, then render the match, with the
same buttons (their action ids come from `handlers.ids`, where the routing table registers them).

The contract, exactly: `mlrole ask --json` prints this message, and Slack gets this message plus what only
one delivery can carry, added on the Slack side by small functions after the pipeline: the "Share in
channel" button under a private answer (`handlers.replay`), and, while the question log is on, the
"Helpful" / "Not helpful" buttons in an actions block at the end and did-you-mean button values that also
name the recorded question (`handlers.feedback`). Both name one delivery (a question id made per question),
which an offline answer does not have; everything else is byte for byte the same.
"""

from __future__ import annotations

from handlers.blocks import ActionIds, Message, build_answer
from handlers.ids import ACTIONS
from knowledge.base.model import KnowledgeBase
from knowledge.match import Match, match


def answer(question: str, kb: KnowledgeBase, *, actions: ActionIds | None = ACTIONS) -> tuple[Match, Message]:
    """The match for `question` in this snapshot, and the message that answers it.

    `actions` names the buttons a message may carry (did-you-mean choices, "Adjust the inputs" under a
    recommendation); by default the ones the Slack app answers to. None renders a message without buttons.
    """
    found = match(question, kb)
    return found, build_answer(found, kb, actions=actions)
