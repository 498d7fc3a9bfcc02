"""One module per `mlrole` subcommand, each with `add_arguments(parser)` and `run(args) -> int`.

`knowledge_arg` is not a subcommand: it is the `--knowledge PATH` option that `ask` and `recommend` share.
"""
