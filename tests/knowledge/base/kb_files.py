"""Writing small knowledge bases to disk and reading back their errors, for the loader's tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from knowledge.base.errors import KnowledgeError
from knowledge.base.loader import (
    load_path,
)

# Two roles every error case can refer to, so that each case shows only the mistake it is about.
ROLES = """\
roles:
  - id: ml-engineer
    name: ML engineer
    summary: Builds and ships models.
    aliases: [MLE, machine learning engineer]
  - id: data-scientist
    name: Data scientist
    summary: Explores data and frames problems.
"""


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return directory


def errors_of(directory: Path, files: dict[str, str]) -> list[tuple[str, int | None, str]]:
    """Load `files` from `directory`; the errors as (file name, line, message)."""
    write(directory, files)
    with pytest.raises(KnowledgeError) as info:
        load_path(directory)
    prefix = f"{directory}/"
    return [(Path(e.file).name, e.line, e.message.replace(prefix, "")) for e in info.value.errors]
