"""A question as the matcher sees it: the `Reading` that `knowledge.match.index.Index.read` makes of it.

Its own module so that the index (which reads questions) and the scorer (`knowledge.match.evidence`, which
scores readings) both import it without importing each other.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

EntryKind = Literal["role", "approach", "task"]


class Reading(NamedTuple):
    """A question as the matcher sees it."""

    content: tuple[str, ...]
    """Topic keys, once each, in order (known ones spelling-corrected); cue and stop words excluded."""
    sequence: tuple[str, ...]
    """The same keys as they come, repeats included (for word order)."""
    unknown: frozenset[str]
    """The content keys the knowledge base has never seen."""
    known: tuple[str, ...]
    """The other content keys, in order."""
    words: frozenset[str]
    """Every key of the question, stopwords and cue words included (for triggers)."""
    cues: frozenset[EntryKind]
    """Kinds the question's shape points at ("who owns" -> task, "what does a .. do" -> role)."""
    compare: bool
    """A strong compare word ("compare", "vs", "difference")."""
    compare_joiner: bool
    """A weak one ("or", "instead", "better")."""
    together: bool
    """The approaches in the plural ("the two team approaches", "each approach"): both of them are meant."""
    recommend: Literal["trigger", "word"] | None
    """A recommendation trigger ("staff a team"), or a word that needs context ("recommend")."""
    recommend_rest: tuple[str, ...]
    """The content keys that are not part of that trigger: what the recommendation would be about."""
    help_words: bool
    exact: int | None
    """The entry whose id, name or alias is the whole question, if any."""
