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
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Final, TypedDict, assert_never

from handlers.per_snapshot import PerSnapshot
from knowledge.diff import summarize
from knowledge.matcher import Match
from knowledge.model import (
    Approach,
    CompanySize,
    Entry,
    KnowledgeBase,
    OwnerVariant,
    Role,
    SizeNote,
    Task,
)
from knowledge.recommend import (
    INPUT_KEYS,
    INPUT_LABELS,
    INPUT_VALUES,
    Recommendation,
    RecommendError,
    RecommendInputs,
    RosterEntry,
    allowed_values,
    infer_inputs,
    parse_inputs,
    phrase,
    recommend,
    usage,
)
from knowledge.recommend_inputs import MAX_PEOPLE, MIN_PEOPLE

if TYPE_CHECKING:  # the store pulls in aiohttp (URL sources): `mlrole ask` need not pay for it
    from knowledge.store import ReloadResult

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

# --- Slack's limits for messages (the Block Kit reference) -------------------------------------------------

MAX_BLOCKS: Final = 50
MAX_HEADER_TEXT: Final = 150
MAX_SECTION_TEXT: Final = 3000
MAX_FIELDS: Final = 10
MAX_FIELD_TEXT: Final = 2000
MAX_CONTEXT_ELEMENTS: Final = 10
MAX_CONTEXT_TEXT: Final = 3000
"""A text object's limit, which context elements share."""
MAX_ACTIONS_ELEMENTS: Final = 25
MAX_BUTTON_TEXT: Final = 75
MAX_BUTTON_VALUE: Final = 2000
MAX_ACTION_ID: Final = 255
MAX_FALLBACK_TEXT: Final = 4000
"""Slack advises keeping a message's top-level `text` under 4,000 characters (it cuts at 40,000)."""

# --- what reads well in Slack -----------------------------------------------------------------------------

MAX_QUERY_ECHO: Final = 200
"""How much of the user's question is quoted back."""
MAX_SUGGESTIONS: Final = 5
"""Did-you-mean entries offered at most: more is a list to read, not a suggestion."""
ELLIPSIS: Final = "…"
BULLET: Final = "•"

_SIZE_LABELS: Final[dict[CompanySize, str]] = {
    "startup": "startups",
    "small": "small companies",
    "medium": "mid-size companies",
    "large": "large companies",
}
_ENTITIES: Final = ("&amp;", "&lt;", "&gt;")
_INVISIBLE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Control characters, and the direction marks and overrides that would reorder the bot's words around an
echoed question: never echoed."""

Block = dict[str, Any]


class Message(TypedDict):
    """What Slack receives: `chat.postMessage` / `respond()` arguments `text` and `blocks`."""

    text: str
    blocks: list[Block]


@dataclass(frozen=True, slots=True)
class ActionIds:
    """Action ids for the buttons a message may carry, chosen where the handlers register them.

    `choose_entry` is a prefix: the i-th did-you-mean button (from 0) gets the action id
    `f"{choose_entry}-{i}"` (Slack wants action ids unique within a block) and the entry id as its value, so
    one listener on `re.compile(rf"^{re.escape(choose_entry)}-\\d+$")` handles them all.
    """

    choose_entry: str
    adjust_recommendation: str | None = None
    """The "Adjust the inputs" button under a team recommendation (none without it)."""

    def choose(self, index: int) -> str:
        return f"{self.choose_entry}-{index}"


@dataclass(frozen=True, slots=True)
class FormIds:
    """The team-recommendation form's ids: the modal's `callback_id`, and one id per input.

    Input `key` (`size`, `people`, ...) is the block with `block_id` `field(key)` holding the element with
    the same `action_id`, so its value arrives as `view.state.values[field(key)][field(key)]`.
    """

    callback_id: str
    field_prefix: str

    def __post_init__(self) -> None:
        # Cutting an id to Slack's limit could make two inputs one, or stop the submission matching the
        # form: too long is a mistake in the ids, reported where they are written.
        longest = max((self.callback_id, *(self.field(key) for key in INPUT_KEYS)), key=len)
        if len(longest) > MAX_BLOCK_ID:
            raise ValueError(f"Slack ids are at most {MAX_BLOCK_ID} characters: {longest[:40]}… is longer")

    def field(self, key: str) -> str:
        return f"{self.field_prefix}{key}"


# --- text -------------------------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Make text safe for Slack: `&`, `<`, `>` become `&amp;`, `&lt;`, `&gt;`. Nothing else changes."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in "…" when cut, never inside an `&…;` entity."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - len(ELLIPSIS), 0)]
    amp = cut.rfind("&")  # only the last "&" can start an entity that runs past the cut
    if amp != -1 and any(text.startswith(e, amp) and amp + len(e) > len(cut) for e in _ENTITIES):
        cut = cut[:amp]
    return cut.rstrip() + ELLIPSIS


def _quote(query: str) -> str:
    """The user's question, escaped, on one line, controls dropped, shortened, in quotes: safe to echo."""
    visible = _INVISIBLE.sub("", " ".join(query.split()))
    return f"“{truncate(escape(visible), MAX_QUERY_ECHO)}”"


def _join(items: Sequence[str], word: str = "and") -> str:
    """`a`, `a and b`, `a, b and c` (or another joining word)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def _bulleted(title: str, items: Iterable[str]) -> str:
    """`*Title*` and one escaped bullet per item; "" when there are no items."""
    lines = [f"{BULLET} {escape(item)}" for item in items]
    return f"*{title}*\n" + "\n".join(lines) if lines else ""


@dataclass(frozen=True, slots=True)
class _Names:
    """A snapshot's names by id, escaped once: the same few are shown in every recommendation."""

    roles: dict[str, str]
    tasks: dict[str, str]
    approaches: dict[str, str]


def _names_of(kb: KnowledgeBase) -> _Names:
    # Reversed, so the first of a repeated id wins, as `kb.role(...)` finds it.
    return _Names(
        roles={r.id: escape(r.name) for r in reversed(kb.roles)},
        tasks={t.id: escape(t.name) for t in reversed(kb.tasks)},
        approaches={a.id: escape(a.name) for a in reversed(kb.approaches)},
    )


_NAMES: Final[PerSnapshot[_Names]] = PerSnapshot(max_size=1)


def _names(kb: KnowledgeBase) -> _Names:
    return _NAMES.get(kb, "names", partial(_names_of, kb))


def _escaped_name(names: dict[str, str], entry_id: str) -> str:
    """The escaped name of `entry_id`, or the escaped id itself when the snapshot lacks it."""
    name = names.get(entry_id)
    return escape(entry_id) if name is None else name


def _role_names(role_ids: Iterable[str], kb: KnowledgeBase) -> list[str]:
    roles = _names(kb).roles
    return [_escaped_name(roles, role_id) for role_id in role_ids]


def _sizes(sizes: Sequence[CompanySize]) -> str:
    label = _join([_SIZE_LABELS[size] for size in sizes])
    return label[:1].upper() + label[1:]


def _lower_first(text: str) -> str:
    """`Model deployment` -> `model deployment`, but `ML pipelines` stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _kind_label(entry: Entry) -> str:
    if isinstance(entry, Role):
        return "role"
    if isinstance(entry, Approach):
        return "team approach"
    return "task"


# --- blocks: the only place text objects are made, so the only place limits are enforced -----------------


def _header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, MAX_HEADER_TEXT)}}


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION_TEXT)}}


def _fields(texts: Sequence[str]) -> Block:
    fields = [{"type": "mrkdwn", "text": truncate(text, MAX_FIELD_TEXT)} for text in texts[:MAX_FIELDS]]
    return {"type": "section", "fields": fields}


def _context(texts: Sequence[str]) -> Block:
    elements = [
        {"type": "mrkdwn", "text": truncate(text, MAX_CONTEXT_TEXT)} for text in texts[:MAX_CONTEXT_ELEMENTS]
    ]
    return {"type": "context", "elements": elements}


def _divider() -> Block:
    return {"type": "divider"}


def _button(text: str, *, action_id: str, value: str) -> Block:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(text, MAX_BUTTON_TEXT)},
        "action_id": action_id[:MAX_ACTION_ID],
        "value": value[:MAX_BUTTON_VALUE],
    }


def _actions(elements: Sequence[Block]) -> Block:
    return {"type": "actions", "elements": list(elements[:MAX_ACTIONS_ELEMENTS])}


def _message(text: str, blocks: Sequence[Block]) -> Message:
    """A message from an escaped fallback text and blocks, cut to Slack's block limit with a note."""
    kept = list(blocks)
    if len(kept) > MAX_BLOCKS:
        kept = [*kept[: MAX_BLOCKS - 1], _context(["…and more: this answer is too long to show in full."])]
    return {"text": truncate(text, MAX_FALLBACK_TEXT), "blocks": kept}


def _sections(texts: Iterable[str]) -> list[Block]:
    """One section per non-empty text."""
    return [_section(text) for text in texts if text.strip()]


# --- cards ------------------------------------------------------------------------------------------------


def _size_notes(notes: Sequence[SizeNote]) -> str:
    lines = [f"{BULLET} *{_sizes(note.sizes)}:* {escape(note.text)}" for note in notes]
    return "*By company size*\n" + "\n".join(lines) if lines else ""


def build_role_card(role: Role, kb: KnowledgeBase) -> Message:
    works_with = _role_names(role.works_with, kb)
    blocks = [
        _header(escape(role.name)),
        *_sections(
            [
                escape(role.summary),
                _bulleted("Responsibilities", role.responsibilities),
                _bulleted("Skills", role.skills),
                _bulleted("Not expected", role.not_expected),
                f"*Works with:* {', '.join(works_with)}" if works_with else "",
                _size_notes(role.by_company_size),
            ]
        ),
    ]
    return _message(f"{escape(role.name)}: {escape(role.summary)}", blocks)


def _owner_lines(owners: Sequence[str], kb: KnowledgeBase) -> tuple[str, str]:
    """(accountable owner, contributors), escaped role names; contributors "" when there are none."""
    names = _role_names(owners, kb)
    return (names[0] if names else "nobody yet"), _join(names[1:])


def _variant(variant: OwnerVariant, kb: KnowledgeBase) -> str:
    owner, contributors = _owner_lines(variant.owners, kb)
    line = f"{BULLET} *{_sizes(variant.sizes)}:* {owner}"
    if contributors:
        line += f", with {contributors}"
    if variant.note:
        line += f". {escape(variant.note)}"
    return line


def build_task_card(task: Task, kb: KnowledgeBase) -> Message:
    owner, contributors = _owner_lines(task.owners, kb)
    ownership = f"*Owner:* {owner}"
    if contributors:
        ownership += f"\n*Contributors:* {contributors}"
    variants = [_variant(variant, kb) for variant in task.by_company_size]
    blocks = [
        _header(escape(task.name)),
        *_sections(
            [
                ownership,
                escape(task.summary),
                "*By company size*\n" + "\n".join(variants) if variants else "",
            ]
        ),
    ]
    text = f"{escape(task.name)}: owned by {owner}"
    text += f", with {contributors}." if contributors else "."
    return _message(text, blocks)


def build_approach_card(approach: Approach, kb: KnowledgeBase) -> Message:
    team = _role_names(approach.roles, kb)
    blocks = [
        _header(escape(approach.name)),
        *_sections(
            [
                escape(approach.summary),
                _bulleted("Strengths", approach.strengths),
                _bulleted("Weaknesses", approach.weaknesses),
                _bulleted("Choose it when", approach.choose_when),
                f"*Team:* {', '.join(team)}" if team else "",
            ]
        ),
    ]
    return _message(f"{escape(approach.name)}: {escape(approach.summary)}", blocks)


def _comparison_rows(pair: Sequence[Approach], kb: KnowledgeBase) -> list[Block]:
    """Side-by-side rows (one fields section each) for up to two approaches."""
    columns = [
        [
            f"*{escape(a.name)}*\n{escape(a.summary)}",
            _bulleted("Strengths", a.strengths),
            _bulleted("Weaknesses", a.weaknesses),
            _bulleted("Choose it when", a.choose_when),
            f"*Team*\n{', '.join(_role_names(a.roles, kb))}" if a.roles else "",
        ]
        for a in pair
    ]
    rows = []
    for row in zip(*columns, strict=True):
        if any(cell for cell in row):
            rows.append(_fields([cell or "—" for cell in row]))
    return rows


def build_comparison(kb: KnowledgeBase) -> Message:
    approaches = kb.approaches
    if not approaches:
        return _message(
            "There are no team approaches to compare yet.",
            [_section("There are no team approaches to compare yet: the knowledge base lists none.")],
        )
    blocks = [_header("Team approaches side by side")]
    for start in range(0, len(approaches), 2):
        if start:
            blocks.append(_divider())
        blocks.extend(_comparison_rows(approaches[start : start + 2], kb))
    blocks.append(_context(["Want a pick for your team? Ask me for a team recommendation."]))
    names = _join([escape(a.name) for a in approaches])
    return _message(f"Team approaches side by side: {names}.", blocks)


def _examples(kb: KnowledgeBase) -> list[str]:
    """A few questions this knowledge base can answer, built from its own entries."""
    examples = []
    if kb.roles:
        examples.append(f"what does the {kb.roles[0].name} do?")
    if kb.tasks:
        examples.append(f"who owns {_lower_first(kb.tasks[0].name)}?")
    if len(kb.approaches) >= 2:
        examples.append("compare the team approaches")
    return [f"{BULLET} “{escape(example)}”" for example in examples]


def build_help(kb: KnowledgeBase, query: str | None = None) -> Message:
    """Usage, or, given the question that found nothing, a plain "I don't know that one" and what I know."""
    scope = "the roles on a machine-learning team, the ways to organise one, and who owns which task"
    blocks: list[Block] = []
    if query is not None and query.strip():
        intro = f"Sorry, I don't know about {_quote(query)}. I can only answer questions about {scope}."
        text = intro
    else:
        blocks.append(_header("Ask me who does what on an ML team"))
        intro = f"I know {scope}."
        text = f"Ask me who does what on an ML team: I know {scope}."
    roles = [escape(role.name) for role in kb.roles]
    approaches = [escape(approach.name) for approach in kb.approaches]
    examples = _examples(kb)
    blocks += _sections(
        [
            intro,
            "*Try asking*\n" + "\n".join(examples) if examples else "",
            f"*Roles I know:* {', '.join(roles)}" if roles else "",
            f"*Team approaches:* {', '.join(approaches)}" if approaches else "",
        ]
    )
    if roles:
        text += f" Roles I know: {', '.join(roles)}."
    return _message(text, blocks)


def build_did_you_mean(
    query: str, alternatives: Sequence[str], kb: KnowledgeBase, *, actions: ActionIds | None = None
) -> Message:
    """A "did you mean …?" for a close call. With `actions`, one button per entry instead of a list."""
    entries = [entry for entry in (kb.entry(i) for i in alternatives) if entry is not None]
    entries = entries[:MAX_SUGGESTIONS]
    if not entries:
        return build_help(kb, query=query)
    names = [escape(entry.name) for entry in entries]
    question = f"I'm not sure what you mean by {_quote(query)}. Did you mean…"
    if actions is None:
        listing = [
            f"{BULLET} *{name}* ({_kind_label(entry)})" for name, entry in zip(names, entries, strict=True)
        ]
        blocks = [_section(question + "\n" + "\n".join(listing))]
    else:
        buttons = [
            _button(name, action_id=actions.choose(i), value=entry.id)
            for i, (name, entry) in enumerate(zip(names, entries, strict=True))
        ]
        blocks = [_section(question), _actions(buttons)]
    return _message(f"Not sure what {_quote(query)} means. Did you mean {_join(names, 'or')}?", blocks)


# --- answers that depend on the snapshot alone, rendered once per snapshot ----------------------------------

_CARDS: Final[PerSnapshot[Message | None]] = PerSnapshot()
"""By (kind, entry id): the entry's card, or None where the snapshot has no such entry of that kind."""
_SNAPSHOT_MESSAGES: Final[PerSnapshot[Message]] = PerSnapshot()
"""The comparison, usage, and the message for a chosen entry id, by what alone determines them."""


def _fresh(message: Message) -> Message:
    """A kept message for one caller: its own message and list of blocks around the shared blocks. Nothing
    changes a block once it is built (`with_share_button` and `build_shared` make new lists and blocks)."""
    return {"text": message["text"], "blocks": list(message["blocks"])}


def _card(kind: str, entry_id: str | None, kb: KnowledgeBase) -> Message | None:
    """The card of entry `entry_id` if the snapshot has it and it is a `kind`; None otherwise."""
    entry = kb.entry(entry_id) if entry_id is not None else None
    if kind == "role" and isinstance(entry, Role):
        return build_role_card(entry, kb)
    if kind == "approach" and isinstance(entry, Approach):
        return build_approach_card(entry, kb)
    if kind == "task" and isinstance(entry, Task):
        return build_task_card(entry, kb)
    return None


def _entry_or_help(entry_id: str, kb: KnowledgeBase) -> Message:
    entry = kb.entry(entry_id)
    if isinstance(entry, Role):
        return build_role_card(entry, kb)
    if isinstance(entry, Approach):
        return build_approach_card(entry, kb)
    if isinstance(entry, Task):
        return build_task_card(entry, kb)
    return build_help(kb)


def build_answer(match: Match, kb: KnowledgeBase, *, actions: ActionIds | None = None) -> Message:
    """The message for a match. An id the snapshot does not know (a stale match) gets the help card."""
    match match.kind:
        case "role" | "approach" | "task":
            card = _CARDS.get(kb, (match.kind, match.id), partial(_card, match.kind, match.id, kb))
            return _fresh(card) if card is not None else build_help(kb, match.query)
        case "compare":
            return _fresh(_SNAPSHOT_MESSAGES.get(kb, "compare", partial(build_comparison, kb)))
        case "recommend":
            adjust = actions.adjust_recommendation if actions is not None else None
            return build_recommendation_for(match.query, kb, adjust_action_id=adjust)
        case "help":
            return _fresh(_SNAPSHOT_MESSAGES.get(kb, "help", partial(build_help, kb)))
        case "none":
            if match.alternatives:
                return build_did_you_mean(match.query, match.alternatives, kb, actions=actions)
            return build_help(kb, match.query)
        case _:
            assert_never(match.kind)


# --- the Slack app's own surfaces: usage, the roles list, App Home, sharing -------------------------------

MAX_VIEW_BLOCKS: Final = 100
"""Blocks in a modal or the App Home tab."""

View = dict[str, Any]


def _packed_sections(title: str, lines: Sequence[str]) -> list[Block]:
    """`*Title*` and escaped-already lines packed into as few sections as Slack's text limit allows."""
    blocks: list[Block] = []
    current = f"*{title}*"
    for line in lines:
        if len(current) + 1 + len(line) > MAX_SECTION_TEXT and current:
            blocks.append(_section(current))
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        blocks.append(_section(current))
    return blocks


def _summary_line(entry: Entry) -> str:
    return f"{BULLET} *{escape(entry.name)}*: {escape(entry.summary)}"


def _usage_line(command: str, usage: str, help_: str) -> str:
    return f"{BULLET} `{escape(f'{command} {usage}'.strip())}`: {escape(help_)}"


def build_usage(command: str, usages: Sequence[tuple[str, str]], kb: KnowledgeBase) -> Message:
    """How to use the slash command: one line per `(usage, help)` pair, as the command table lists them.

    `command` is the slash command (`/mlrole`); a usage is what follows it (`roles`, `<question>`).
    """
    lines = [_usage_line(command, usage, help_) for usage, help_ in usages]
    examples = _examples(kb)
    blocks = [
        _header(f"How to use {command}"),
        *_packed_sections("Commands", lines),
        *(_packed_sections("Try asking", examples) if examples else []),
        _context(["You can also mention me in a channel (I answer in the thread) or message me directly."]),
    ]
    names = ", ".join(f"{command} {usage}".strip() for usage, _ in usages)
    return _message(escape(f"How to use {command}: {names}."), blocks)


def build_roles_list(kb: KnowledgeBase) -> Message:
    """Every role and team approach, one line each."""
    if not kb.roles and not kb.approaches:
        return build_notice("The knowledge base lists no roles yet.")
    blocks: list[Block] = [_header("Roles and team approaches")]
    if kb.roles:
        blocks += _packed_sections("Roles", [_summary_line(role) for role in kb.roles])
    if kb.approaches:
        blocks += _packed_sections("Team approaches", [_summary_line(a) for a in kb.approaches])
    blocks.append(_context(["Ask about any of them for the full card, or ask who owns a task."]))
    roles = ", ".join(escape(role.name) for role in kb.roles)
    approaches = ", ".join(escape(approach.name) for approach in kb.approaches)
    text = "Roles: " + (roles or "none") + ". Team approaches: " + (approaches or "none") + "."
    return _message(text, blocks)


def build_home(
    kb: KnowledgeBase, *, command: str, usages: Sequence[tuple[str, str]], bot_user_id: str | None = None
) -> View:
    """The App Home tab: the roles, the team approaches and how to ask, within Slack's 100 blocks."""
    me = f"<@{bot_user_id}>" if bot_user_id else "me"
    how = [
        f"{BULLET} `{escape(command)} &lt;question&gt;` in any channel: only you see the answer, "
        "and you can share it with the channel",
        f"{BULLET} Mention {me} in a channel: I answer in the thread",
        f"{BULLET} Send me a direct message: I answer right here",
    ]
    commands = [_usage_line(command, usage, help_) for usage, help_ in usages]
    blocks: list[Block] = [
        _header("Who does what on an ML team"),
        _section(
            "I answer questions about the roles on a machine-learning team, the ways to organise one, "
            "and who owns which task."
        ),
    ]
    if kb.roles:
        blocks += [_divider(), _header("Roles")]
        blocks += _packed_sections(f"{len(kb.roles)} roles", [_summary_line(role) for role in kb.roles])
    if kb.approaches:
        count = len(kb.approaches)
        blocks += [_divider(), _header("Two team approaches" if count == 2 else "Team approaches")]
        for approach in kb.approaches:
            blocks.append(_section(f"*{escape(approach.name)}*\n{escape(approach.summary)}"))
            if approach.choose_when:
                blocks.append(_context([f"Choose it when: {escape('; '.join(approach.choose_when))}"]))
    blocks += [_divider(), _header("How to ask"), *_packed_sections("Ask me", how)]
    blocks += _packed_sections(f"{escape(command)} commands", commands)
    examples = _examples(kb)
    if examples:
        blocks += _packed_sections("For example", examples)
    if len(blocks) > MAX_VIEW_BLOCKS:
        blocks = [*blocks[: MAX_VIEW_BLOCKS - 1], _context(["…and more: ask me about anything listed."])]
    return {"type": "home", "blocks": blocks}


def build_entry(entry_id: str, kb: KnowledgeBase) -> Message:
    """The card for one entry, chosen by id (a did-you-mean button); help if this snapshot lacks it."""
    return _fresh(_SNAPSHOT_MESSAGES.get(kb, ("entry", entry_id), partial(_entry_or_help, entry_id, kb)))


def with_share_button(message: Message, *, action_id: str, value: str) -> Message:
    """The message with a "Share in channel" button (the value must fit Slack's 2,000 characters)."""
    button = _button("Share in channel", action_id=action_id, value=value)
    button["style"] = "primary"
    blocks = message["blocks"][: MAX_BLOCKS - 1]
    return {"text": message["text"], "blocks": [*blocks, _actions([button])]}


def build_shared(message: Message, *, user_id: str) -> Message:
    """An answer as posted for everyone: no buttons, and who shared it."""
    blocks = [block for block in message["blocks"] if block.get("type") != "actions"][: MAX_BLOCKS - 1]
    note = _context([f"Shared by <@{escape(user_id)}>"])
    return {"text": message["text"], "blocks": [*blocks, note]}


def build_notice(text: str) -> Message:
    """A one-line message of ours (not the user's words), e.g. when something could not be done."""
    return _message(escape(text), [_section(escape(text))])


# --- team recommendation ----------------------------------------------------------------------------------

_MODE_LABELS: Final[dict[str, str]] = {
    "full-time": "full-time",
    "part-time": "part-time",
    "shared": "shared with another team",
    "outsourced": "outsourced",
}
TIMES: Final = "\u00d7"
"""The multiplication sign, as in "2 x ML Engineer" (a real sign, not the letter)."""
MAX_RECOMMEND_ITEMS: Final = 12
"""Rationale, risks and assumptions shown at most, each: the rest is summarized."""


def describe_inputs(inputs: RecommendInputs) -> str:
    """`a startup · 5 people · models go to production · heavy labeling · …` (plain text, not escaped)."""
    return " · ".join(phrase(inputs, key) for key in INPUT_KEYS)


def _roster_line(entry: RosterEntry, names: _Names) -> str:
    name = _escaped_name(names.roles, entry.role)
    mode = _MODE_LABELS.get(entry.mode, escape(entry.mode))
    if entry.count == 0:
        return f"{BULLET} {name}: {mode} (not in the headcount)"
    return f"{BULLET} {entry.count} {TIMES} {name}, {mode}"


def _owners_line(task_id: str, owners: Sequence[str], names: _Names) -> str:
    name = _escaped_name(names.tasks, task_id)
    if not owners:
        return f"{BULLET} *{name}:* nobody yet"
    roles = names.roles
    owner = _escaped_name(roles, owners[0])
    if len(owners) == 1:
        return f"{BULLET} *{name}:* {owner}"
    return f"{BULLET} *{name}:* {owner}, with {_join([_escaped_name(roles, r) for r in owners[1:]])}"


def _capped(items: Sequence[str]) -> list[str]:
    shown = list(items[:MAX_RECOMMEND_ITEMS])
    if len(items) > MAX_RECOMMEND_ITEMS:
        shown.append(f"…and {len(items) - MAX_RECOMMEND_ITEMS} more")
    return shown


def build_recommendation(
    rec: Recommendation, kb: KnowledgeBase, *, adjust_action_id: str | None = None
) -> Message:
    """A team recommendation: approach, roster, owners, why, risks and assumptions.

    With `adjust_action_id`, an "Adjust the inputs" button carries the inputs as `KEY=VALUE` pairs (its
    value), so the handler can open the form prefilled.
    """
    names = _names(kb)
    approach = _escaped_name(names.approaches, rec.approach)
    headcount = rec.headcount
    people = "1 person" if headcount == 1 else f"{headcount} people"
    roster = [_roster_line(entry, names) for entry in rec.roster]
    owners = [_owners_line(task_id, role_ids, names) for task_id, role_ids in rec.owners.items()]
    blocks = [
        _header(f"Recommended team: {approach}"),
        _context([f"For {escape(describe_inputs(rec.inputs))}"]),
        *_sections(
            [
                f"*Roster* ({people})\n" + "\n".join(roster),
                "*Who owns what* (accountable first)\n" + "\n".join(owners) if owners else "",
                _bulleted("Why", _capped(rec.rationale)),
                _bulleted("Risks", _capped(rec.risks)),
            ]
        ),
    ]
    if rec.assumptions:
        blocks.append(_context([escape(assumption) for assumption in rec.assumptions]))
    if adjust_action_id is not None:
        pairs = " ".join(f"{key}={value}" for key, value in rec.inputs.facts().items())
        blocks.append(_actions([_button("Adjust the inputs", action_id=adjust_action_id, value=pairs)]))
    members = [
        f"{entry.count} {TIMES} {_escaped_name(names.roles, entry.role)}"
        for entry in rec.roster
        if entry.count > 0
    ]
    text = f"Recommended team: {approach}, {people}: {_join(members)}."
    if rec.risks:
        text += f" {len(rec.risks)} risk{'' if len(rec.risks) == 1 else 's'} to watch."
    return _message(text, blocks)


NO_RECOMMENDATION_RULES: Final = (
    "Sorry, I can't recommend a team yet: this knowledge base has no team-recommendation rules. "
    "An admin can add a `recommendation:` section to it."
)


def build_team_recommendation(
    inputs: RecommendInputs,
    kb: KnowledgeBase,
    *,
    assumptions: Sequence[str] = (),
    adjust_action_id: str | None = None,
) -> Message:
    """The recommendation for `inputs` under `kb`'s rules, or a polite notice when `kb` has none."""
    try:
        rec = recommend(inputs, kb, assumptions=assumptions)
    except RecommendError:
        return build_notice(NO_RECOMMENDATION_RULES)
    return build_recommendation(rec, kb, adjust_action_id=adjust_action_id)


def build_recommendation_for(text: str, kb: KnowledgeBase, *, adjust_action_id: str | None = None) -> Message:
    """The recommendation free text asks for ("a team for a 5 person startup"): what the words say, and the
    defaults, named as assumptions, for the rest."""
    inputs, assumptions = infer_inputs(text)
    return build_team_recommendation(inputs, kb, assumptions=assumptions, adjust_action_id=adjust_action_id)


def build_recommend_input_error(error: str, *, command: str) -> Message:
    """Inputs the recommender cannot read: what is wrong (`error`, which may quote the user) and every key
    with its allowed values. `command` is how to ask, e.g. `/mlrole recommend`."""
    example = f"{command} size=startup people=5 production=yes"
    blocks = [
        _section(escape(error)),
        _section(f"*Inputs* (any order, each optional)\n```{escape(usage())}```"),
        _context([f"For example `{escape(example)}`, or `{escape(command)}` alone for a form."]),
    ]
    return _message(escape(error), blocks)


# --- the team-recommendation form (a modal) ----------------------------------------------------------------

MAX_VIEW_TITLE: Final = 24
"""A modal's title, submit and close texts."""
MAX_LABEL: Final = 2000
MAX_HINT: Final = 2000
MAX_OPTIONS: Final = 100
"""Options of a `static_select`."""
MAX_RADIO_OPTIONS: Final = 10
MAX_OPTION_TEXT: Final = 75
MAX_BLOCK_ID: Final = 255
"""Also a view's `callback_id` and an input's `action_id`."""
MAX_PRIVATE_METADATA: Final = 3000

RADIO_UP_TO: Final = 3
"""Inputs with at most this many values are radio buttons (one click, all visible); more, a drop-down."""
FORM_TITLE: Final = "Team recommendation"
FORM_SUBMIT: Final = "Recommend"
FORM_CLOSE: Final = "Cancel"
_FORM_LABELS: Final[dict[str, str]] = {
    "size": "Company size",
    "people": "Team size (people)",
    "production": "Do models go to production?",
    "labeling": "How much data labeling?",
    "sources": "Data sources",
    "domain": "Domain complexity",
    "engineering": "Is there an engineering team already?",
}
_FORM_HINTS: Final[dict[str, str]] = {
    "people": f"Everyone on the ML team, part-time members included: {allowed_values('people')}.",
    "engineering": "A software-engineering team the ML team can lean on.",
}
_YES_NO_TEXT: Final[dict[str, str]] = {"yes": "Yes", "no": "No"}


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": truncate(text, limit)}


def _option_text(key: str, value: str) -> str:
    """`Yes`, or the value in words: `A startup`, `Heavy labeling`, `Many data sources`."""
    if value in _YES_NO_TEXT and set(INPUT_VALUES[key]) == set(_YES_NO_TEXT):
        return _YES_NO_TEXT[value]
    words = phrase(parse_inputs([f"{key}={value}"]), key)
    return words[:1].upper() + words[1:]


def _choice(key: str, current: str, field_id: str) -> Block:
    values = INPUT_VALUES[key]
    radio = len(values) <= RADIO_UP_TO
    limit = MAX_RADIO_OPTIONS if radio else MAX_OPTIONS
    options = [
        {"text": _plain(_option_text(key, value), MAX_OPTION_TEXT), "value": value}
        for value in values[:limit]
    ]
    element: Block = {"type": "radio_buttons" if radio else "static_select", "action_id": field_id}
    if not radio:
        element["placeholder"] = _plain(f"Choose the {INPUT_LABELS[key]}", MAX_OPTION_TEXT)
    element["options"] = options
    element["initial_option"] = next((o for o in options if o["value"] == current), options[0])
    return element


def _number(current: int, field_id: str) -> Block:
    return {
        "type": "number_input",
        "action_id": field_id,
        "is_decimal_allowed": False,
        "initial_value": str(current),
        "min_value": str(MIN_PEOPLE),
        "max_value": str(MAX_PEOPLE),
    }


def build_recommend_modal(inputs: RecommendInputs, *, ids: FormIds, private_metadata: str = "") -> View:
    """The form asking for a team recommendation's inputs, each pre-set to `inputs`.

    `private_metadata` (where to post the answer, as the handler encodes it) is dropped if it is longer than
    Slack allows rather than cut: a cut document would not decode. Every input is required, so a submission
    always carries all of them; the people field is also checked when it arrives (see `handlers.recommend`).
    """
    blocks: list[Block] = [
        _section(
            "Tell me about the team you are planning and I'll recommend an approach, a roster and who owns "
            "which task, with the reasons and the risks."
        )
    ]
    for key in INPUT_KEYS:
        field_id = ids.field(key)
        element = (
            _number(inputs.people, field_id) if key == "people" else _choice(key, inputs.value(key), field_id)
        )
        label = _FORM_LABELS.get(key) or INPUT_LABELS[key][:1].upper() + INPUT_LABELS[key][1:]
        block: Block = {
            "type": "input",
            "block_id": field_id,
            "label": _plain(label, MAX_LABEL),
            "element": element,
        }
        if key in _FORM_HINTS:
            block["hint"] = _plain(_FORM_HINTS[key], MAX_HINT)
        blocks.append(block)
    view: View = {
        "type": "modal",
        "callback_id": ids.callback_id,
        "title": _plain(FORM_TITLE, MAX_VIEW_TITLE),
        "submit": _plain(FORM_SUBMIT, MAX_VIEW_TITLE),
        "close": _plain(FORM_CLOSE, MAX_VIEW_TITLE),
        "blocks": blocks[:MAX_VIEW_BLOCKS],
    }
    if private_metadata and len(private_metadata) <= MAX_PRIVATE_METADATA:
        view["private_metadata"] = private_metadata
    return view


# --- admin: reloading the knowledge base ------------------------------------------------------------------

MAX_RELOAD_ERRORS: Final = 20
"""Load errors listed in a failed reload's message; the rest are counted (all of them are in the log)."""
MAX_RELOAD_ERROR_TEXT: Final = 500
"""One error's `file:line: message`, at most: a YAML parser can quote a lot of the document."""


def _took(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def build_reload_result(result: ReloadResult) -> Message:
    """What the admin sees after `/mlrole reload`: the new version and what changed, or every error (as
    `file:line: message`) and the version still serving."""
    source = escape(result.source)
    old = escape(result.old_version)
    took = _took(result.duration_s)
    if result.ok and result.diff is not None:
        new = escape(result.new_version or "")
        version = f"`{old}` → `{new}`" if new != old else f"`{new}` (unchanged)"
        changes = summarize(result.diff).splitlines()
        bullet = "" if result.diff.is_empty else f"{BULLET} "
        blocks = [
            _header("Knowledge base reloaded"),
            _section(f"*Version* {version}, loaded in {took}."),
            *_packed_sections("What changed", [f"{bullet}{escape(line)}" for line in changes]),
            _context([f"From {source}"]),
        ]
        text = f"Knowledge base reloaded: version {new}, in {took}. {escape('; '.join(changes))}"
        return _message(text, blocks)
    count = len(result.errors)
    shown = [
        f"{BULLET} {truncate(escape(str(error)), MAX_RELOAD_ERROR_TEXT)}"
        for error in result.errors[:MAX_RELOAD_ERRORS]
    ]
    if count > MAX_RELOAD_ERRORS:
        shown.append(f"…and {count - MAX_RELOAD_ERRORS} more: the server log lists every one.")
    intro = (
        f"I could not reload the knowledge base from {source}: {_plural(count, 'error')}. "
        f"Nothing changed: still serving version `{old}`."
    )
    blocks = [
        _header("Reload failed: nothing changed"),
        _section(intro),
        *_packed_sections("Errors", shown),
    ]
    first = f" First: {truncate(escape(str(result.errors[0])), MAX_RELOAD_ERROR_TEXT)}" if count else ""
    text = f"Reload failed with {_plural(count, 'error')}; still serving version {old}.{first}"
    return _message(text, blocks)
