"""What mlrole knows and how it finds an answer, in three wings. No Slack imports in this package.

- `knowledge.base`: the knowledge base itself: its model, the YAML it is written in, loading, validation,
  sources and the store that swaps snapshots on reload.
- `knowledge.match`: a question -> the entry that answers it (or an honest "none").
- `knowledge.recommend`: a project's inputs -> a team: approach, roster and task owners.

Imports flow one way: `match` and `recommend` import `base`, never each other; `base` imports neither.
"""
