"""Matching: a question -> the knowledge-base entry that answers it, or an honest "none" with suggestions.

`text` folds and stems words and `intents` holds the question shapes; `reading` is a question as the matcher
reads it (`Reading`, synonyms, word sequences), `cues` the intent words as a snapshot's keys, and `reader`
reads a question against a snapshot's vocabulary (spelling corrections included); `index` builds a
snapshot's tables; `phrases` holds the scoring's weights and records, `names` which names stand in place,
and `evidence` scores entries through per-key postings; `matcher` decides. Imports run one way, in that
order. Exports `match`, `prepare` (build a snapshot's index ahead of the first question), `Match` and `Kind`.
"""

from knowledge.match.matcher import Kind, Match, match, prepare

__all__ = ["Kind", "Match", "match", "prepare"]
