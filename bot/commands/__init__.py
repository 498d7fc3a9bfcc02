"""One module per `mlrole` subcommand, each with `add_arguments(parser)` and `run(args) -> int`."""
