"""What an admin sees after reloading the knowledge base."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from handlers.blocks.core import (
    BULLET,
    Message,
    _context,
    _header,
    _message,
    _packed_sections,
    _section,
    escape,
    truncate,
)
from knowledge.base.diff import summarize

if TYPE_CHECKING:  # the store pulls in aiohttp (URL sources): `mlrole ask` need not pay for it
    from knowledge.base.store import ReloadResult

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
    count = result.error_count
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
    first = ""
    if result.errors:
        first = f" First: {truncate(escape(str(result.errors[0])), MAX_RELOAD_ERROR_TEXT)}"
    text = f"Reload failed with {_plural(count, 'error')}; still serving version {old}.{first}"
    return _message(text, blocks)
