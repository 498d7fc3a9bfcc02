"""Matching: a question -> the knowledge-base entry that answers it, or an honest "none" with suggestions.

`text` folds and stems words, `intents` holds the question shapes, `reading` reads a question into known
words, `index` builds a snapshot's per-word tables, `evidence` and `names` score entries, and `matcher`
decides. Exports `match`, `prepare` (build a snapshot's index ahead of the first question), `Match` and
`Kind`.
"""

from knowledge.match.matcher import Kind, Match, match, prepare

__all__ = ["Kind", "Match", "match", "prepare"]
