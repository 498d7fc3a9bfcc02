"""Resident memory of a running process, from Linux's `/proc/<pid>/status`.

`VmHWM` is the peak resident set size since the process started (its high-water mark); `VmRSS` is the
current one. Elsewhere (no `/proc`) both read as None and the report says "n/a".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Memory:
    peak_bytes: int | None
    current_bytes: int | None


def read_memory(pid: int, *, proc: Path = Path("/proc")) -> Memory:
    try:
        status = (proc / str(pid) / "status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return Memory(None, None)
    fields = parse_status(status)
    return Memory(fields.get("VmHWM"), fields.get("VmRSS"))


def read_tree_memory(pid: int, children: list[int], *, proc: Path = Path("/proc")) -> Memory:
    """`pid`'s memory plus its `children`'s (`benchmarks.cpu.children`): a worker pool's, all told."""
    readings = [read_memory(one, proc=proc) for one in (pid, *children)]

    def total(values: list[int | None]) -> int | None:
        return None if any(value is None for value in values) else sum(value or 0 for value in values)

    return Memory(total([r.peak_bytes for r in readings]), total([r.current_bytes for r in readings]))


def parse_status(status: str) -> dict[str, int]:
    """The `kB` fields of a `/proc/<pid>/status` text, in bytes."""
    fields: dict[str, int] = {}
    for line in status.splitlines():
        name, _, value = line.partition(":")
        parts = value.split()
        if len(parts) == 2 and parts[1] == "kB" and parts[0].isdigit():
            fields[name.strip()] = int(parts[0]) * 1024
    return fields
