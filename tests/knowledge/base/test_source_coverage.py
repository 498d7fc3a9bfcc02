"""Every statement of the source document is in the bundled knowledge base, in one entry's own text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.base.loader import load_bundled
from knowledge.base.model import Entry, KnowledgeBase

SOURCE = Path(__file__).resolve().parents[4] / "shared" / "source" / "ml-team.md"
COVERED = 0.9
"""The share of a statement's content words one knowledge-base text must hold (1.0 for every statement
today; a little slack lets an admin fix grammar without breaking the check)."""
STOPWORDS = frozenset(
    re.findall(
        r"[a-z]+", "a an the and or of to in by for is are be that which from with on how what not but"
    )
) | {"it", "its", "their", "them", "they", "may", "could"}
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", text.lower())) - STOPWORDS


def statements(markdown: str) -> Iterator[str]:
    """The source's bullets and the sentences under them; not its title, headings or front matter."""
    in_front_matter = False
    for line in markdown.splitlines():
        text = line.strip()
        if text == "---":
            in_front_matter = not in_front_matter
            continue
        if in_front_matter or not text or text.startswith("#"):
            continue
        yield _LINK.sub(r"\1", text.lstrip("-").strip())


def kb_texts(kb: KnowledgeBase) -> Iterator[str]:
    for group in (kb.roles, kb.approaches, kb.tasks):
        for entry in group:
            yield from kb_texts_of(entry)


def test_the_statement_reader_skips_headings_and_front_matter() -> None:
    markdown = "---\ntitle: T\n---\n# Head\n## Sub\n- One [link](/x) here.\n\tTwo.\n"
    assert list(statements(markdown)) == ["One link here.", "Two."]


@pytest.mark.skipif(not SOURCE.exists(), reason=f"the source document is not at {SOURCE}")
def test_every_statement_of_the_source_is_in_the_knowledge_base() -> None:
    texts = [_words(text) for text in kb_texts(load_bundled())]
    missing = []
    for statement in statements(SOURCE.read_text(encoding="utf-8")):
        words = _words(statement)
        best = max(len(words & text) / len(words) for text in texts)
        if best < COVERED:
            missing.append(f"{best:.2f} {statement}")
    assert not missing, "statements of the source not in the knowledge base:\n" + "\n".join(missing)


def test_every_bundled_entry_says_where_it_comes_from() -> None:
    kb = load_bundled()
    entries: tuple[Entry, ...] = (*kb.roles, *kb.approaches, *kb.tasks)
    unsaid = [entry.id for entry in entries if entry.source is None]
    assert not unsaid, f"entries without `source: document` or `source: practice`: {unsaid}"
    assert {entry.source for entry in kb.tasks} == {"document", "practice"}


@pytest.mark.skipif(not SOURCE.exists(), reason=f"the source document is not at {SOURCE}")
def test_the_source_documents_statements_live_in_entries_marked_document() -> None:
    """Where the document speaks, an entry of `source: document` says it: practice never stands in for it."""
    kb = load_bundled()
    entries: tuple[Entry, ...] = (*kb.roles, *kb.approaches, *kb.tasks)
    document = [e for e in entries if e.source == "document"]
    texts = [_words(text) for entry in document for text in kb_texts_of(entry)]
    missing = []
    for statement in statements(SOURCE.read_text(encoding="utf-8")):
        words = _words(statement)
        if max(len(words & text) / len(words) for text in texts) < COVERED:
            missing.append(statement)
    assert not missing, "statements only in `source: practice` entries:\n" + "\n".join(missing)


def kb_texts_of(entry: object) -> Iterator[str]:
    if isinstance(entry, str):
        yield entry
    elif isinstance(entry, tuple):
        for item in entry:
            yield from kb_texts_of(item)
    elif hasattr(entry, "__slots__"):
        for name in entry.__slots__:
            yield from kb_texts_of(getattr(entry, name))
