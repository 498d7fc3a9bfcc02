"""When there is no card to show: help, "I don't know that one", and did-you-mean."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from handlers.blocks.core import (
    BULLET,
    ActionIds,
    Block,
    Message,
    _actions,
    _button,
    _header,
    _join,
    _message,
    _quote,
    _section,
    _sections,
    escape,
)
from knowledge.base.model import Approach, Entry, KnowledgeBase, MissingRole, Role

MAX_SUGGESTIONS: Final = 5
"""Did-you-mean entries offered at most: more is a list to read, not a suggestion."""


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
    query: str,
    alternatives: Sequence[str],
    kb: KnowledgeBase,
    *,
    actions: ActionIds | None = None,
    intro: str | None = None,
    text: str | None = None,
) -> Message:
    """A "did you mean …?" for a close call. With `actions`, one button per entry instead of a list; `intro`
    and `text` replace the question and the fallback text (a missing role, a concept)."""
    entries = [entry for entry in (kb.entry(i) for i in alternatives) if entry is not None]
    entries = entries[:MAX_SUGGESTIONS]
    if not entries:
        return build_help(kb, query=query)
    names = [escape(entry.name) for entry in entries]
    question = intro or f"I'm not sure what you mean by {_quote(query)}. Did you mean…"
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
    fallback = text or f"Not sure what {_quote(query)} means. Did you mean {_join(names, 'or')}?"
    return _message(fallback, blocks)


def build_missing_role(
    query: str, missing: MissingRole, kb: KnowledgeBase, *, actions: ActionIds | None = None
) -> Message:
    """A role the knowledge base lacks: it says so, and names the closest roles it has."""
    name = escape(missing.name)
    closest = _join(_role_names_of(missing.closest, kb))
    intro = (
        f"I don't know a *{name}* role: this knowledge base does not describe one. {escape(missing.note)}\n"
        "The closest roles I know:"
    )
    text = f"I don't know a {name} role. The closest roles I know: {closest}."
    return build_did_you_mean(query, missing.closest, kb, actions=actions, intro=intro, text=text)


def build_concept(
    query: str, task_id: str, kb: KnowledgeBase, *, actions: ActionIds | None = None
) -> Message:
    """A question about what something is or how to do it: no card, but who to ask about the task."""
    task = kb.task(task_id)
    if task is None:
        return build_help(kb, query=query)
    ask = f"who owns {_lower_first(task.name)}?"
    intro = (
        f"I don't know what {_quote(query)} asks: I answer who does what on an ML team, not what things are "
        f"or how to do them. Ask: “{escape(ask)}”"
    )
    text = f"I don't know that one: I answer who does what. Ask: {escape(ask)}"
    return build_did_you_mean(query, (task_id,), kb, actions=actions, intro=intro, text=text)


def _role_names_of(role_ids: Sequence[str], kb: KnowledgeBase) -> list[str]:
    return [escape(role.name) for role in (kb.role(i) for i in role_ids) if role is not None]
