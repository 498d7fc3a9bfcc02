"""The `mlrole` command line: one subcommand per module in `bot/commands/`.

Each command module has `HELP` (its one-line help), `add_arguments(parser)` and `run(args) -> int`. To add a
subcommand, write the module and add one line to `COMMANDS`. Only the module of the subcommand being run is
imported, so `mlrole ask` does not pay for the Slack and server imports of `mlrole serve`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import Final, Protocol, cast

COMMANDS: Final[dict[str, str]] = {
    "ask": "bot.commands.ask",
    "check": "bot.commands.check",
    "eval": "bot.commands.eval",
    "recommend": "bot.commands.recommend",
    "serve": "bot.commands.serve",
    "socket": "bot.commands.socket",
    "stale": "bot.commands.stale",
}
"""Subcommand name -> its module."""


class CommandModule(Protocol):
    @property
    def HELP(self) -> str: ...  # a module constant, read-only through the protocol

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _load(name: str) -> CommandModule:
    return cast(CommandModule, import_module(COMMANDS[name]))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `command`, only that subcommand's module is imported and its arguments added."""
    parser = argparse.ArgumentParser(
        prog="mlrole",
        description='Answers "who does what" on a machine-learning team, in Slack and here.',
    )
    parser.add_argument("--version", action="version", version=f"mlrole {_version()}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in COMMANDS:
        if command is not None and name != command:
            subparsers.add_parser(name)  # a name argparse accepts, never shown: only `command` runs
            continue
        module = _load(name)
        sub = subparsers.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def _version() -> str:
    try:
        return version("mlrole")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named in argv (the first argument that is not an option), if it is one."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_in(args_list))
    args = parser.parse_args(args_list)
    run = cast(Callable[[argparse.Namespace], int] | None, getattr(args, "run", None))
    if run is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`mlrole ask ... | head`): stop quietly, and keep Python from complaining
        # again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
