"""What handlers need, handed to them by closure (Bolt injects only the argument names it knows)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from slack_sdk.web.async_client import AsyncWebClient

from handlers.admin import WorkspaceAdmins
from handlers.blocks import ActionIds, FormIds
from handlers.blocks.feedback import FeedbackIds
from handlers.escalation import SentQuestions
from handlers.once import MemoryOncePerPerson, OncePerPerson
from handlers.question_log import NoQuestionLog, QuestionLog
from knowledge.base.org import DEFAULT_REVIEW_DAYS
from knowledge.base.store import KnowledgeStore


@dataclass(frozen=True, slots=True)
class Deps:
    """Built once by `bot.app.create_app`."""

    store: KnowledgeStore
    """Read `store.current` once per request and use only that snapshot."""
    admins: frozenset[str] = frozenset()
    """Slack user ids allowed to run admin subcommands (`MLROLE_ADMINS`)."""
    logger: logging.Logger = field(default_factory=lambda: logging.getLogger("mlrole"))
    workspace_admins: WorkspaceAdmins = field(default_factory=WorkspaceAdmins)
    """Workspace admins and owners may run admin subcommands too: `users.info`, cached briefly."""
    once: OncePerPerson = field(default_factory=MemoryOncePerPerson)
    """Things a person may do once (rate an answer, ask an entry's owners): `await once.first_time(subject,
    person)`. Shared by every instance when `REDIS_URL` is set (see `handlers.once`)."""
    review_days: int = DEFAULT_REVIEW_DAYS
    """`MLROLE_REVIEW_DAYS`: an org mapping reviewed longer ago is listed by `/mlrole stale`."""
    sent_questions: SentQuestions = field(default_factory=SentQuestions)
    """Questions already sent with "Ask the owners": once per question per person."""
    channel_names: dict[str, str] = field(default_factory=dict)
    """Channel id -> name, as the bot's org check learned them (`conversations.info`): button labels."""
    questions: QuestionLog = field(default_factory=NoQuestionLog)
    """Where answered questions and feedback votes go, after the reply (`bot.questionlog`); off by default."""

    async def is_admin(self, user_id: str, client: AsyncWebClient) -> bool:
        """May run admin subcommands: in `MLROLE_ADMINS` (no API call), or a workspace admin or owner."""
        if not user_id:
            return False
        if user_id in self.admins:
            return True
        return await self.workspace_admins.check(user_id, client, logger=self.logger)


@dataclass(frozen=True, slots=True)
class SlackIds:
    """The Slack ids handlers put into what they send, written in one place: `handlers.ids`."""

    command: str
    """The slash command, e.g. `/mlrole`: usage text names it."""
    share: str
    """The action id of the "Share in channel" button."""
    actions: ActionIds
    """The action ids of the buttons answers may carry (did-you-mean, "Adjust the inputs", "Ask the
    owners")."""
    form: FormIds
    """The team-recommendation form's callback id and input ids."""
    feedback: FeedbackIds
    """The action ids of the "Helpful" and "Not helpful" buttons."""
