"""`knowledge.match.text.stem_heads` and `STEM_CUT_ENDINGS` must never reject a pair of words that joins into
a word stemming to one of the given stems: the index relies on them to skip most joins (`Reader._join`)."""

from __future__ import annotations

import itertools

from knowledge.base.loader import load_bundled
from knowledge.base.model import Entry
from knowledge.match.text import _SUFFIXES, STEM_CUT_ENDINGS, fold, stem, stem_heads, words

_ENDINGS = ("", "s", "es", "ies", "lies", "e", "y", *(suffix for suffix, _, _ in _SUFFIXES))


def _stems_and_words() -> tuple[set[str], set[str]]:
    """Every word of the bundled knowledge base, each also with every stem ending (twice, and with a doubled
    last letter), and their stems."""
    kb = load_bundled()
    texts = [s.word for s in kb.synonyms] + [s.canonical for s in kb.synonyms]
    entries: tuple[Entry, ...] = (*kb.roles, *kb.approaches, *kb.tasks)
    for entry in entries:
        texts.extend((entry.name, entry.id, *entry.aliases, *entry.keywords))
    base = {word.replace("-", "") for text in texts for word in words(fold(text))}
    grown = {
        word + extra + first + second
        for word in base
        for extra in ("", word[-1:])
        for first, second in itertools.product(_ENDINGS, repeat=2)
    }
    return {stem(word) for word in base}, grown


def test_no_join_into_a_known_stem_is_rejected() -> None:
    stems, candidates = _stems_and_words()
    heads = stem_heads(stems)
    for word in candidates:
        if stem(word) not in stems:
            continue
        for at in range(1, len(word)):
            first, second = word[:at], word[at:]
            assert first in heads or second in STEM_CUT_ENDINGS, (word, first, second)


def test_most_pairs_are_rejected() -> None:
    heads = stem_heads({"devop", "mlop", "label"})
    assert "the" not in heads and "team" not in STEM_CUT_ENDINGS
    assert "dev" in heads and "ing" in STEM_CUT_ENDINGS
