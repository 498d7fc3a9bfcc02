"""CPU time a process has used (user + system), from Linux's `/proc/<pid>/stat`.

Read before and after a load run, it gives the server's CPU per request: unlike throughput, that figure
does not depend on whether the server was the bottleneck, so it shows what an answer costs even when
Bolt's own pacing (not the CPU) limits requests per second. None where there is no `/proc`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

UTIME: Final = 14
STIME: Final = 15
"""Field numbers in proc(5), counting the pid as 1 and the `(comm)` as 2."""


def cpu_seconds(pid: int, *, proc: Path = Path("/proc")) -> float | None:
    try:
        stat = (proc / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return parse_stat(stat, ticks_per_second=os.sysconf("SC_CLK_TCK"))


def children(pid: int, *, proc: Path = Path("/proc")) -> list[int]:
    """The live child processes of `pid` (a supervisor's workers); empty where `/proc` does not say."""
    found: list[int] = []
    try:
        tasks = list((proc / str(pid) / "task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(child) for child in (task / "children").read_text(encoding="ascii").split()]
        except (OSError, ValueError):
            continue
    return found


def tree_cpu_seconds(pid: int, *, proc: Path = Path("/proc")) -> float | None:
    """CPU time of `pid` and its live children: for `mlrole serve --workers N`, the supervisor and workers."""
    total = cpu_seconds(pid, proc=proc)
    if total is None:
        return None
    return total + sum(cpu_seconds(child, proc=proc) or 0.0 for child in children(pid, proc=proc))


def parse_stat(stat: str, *, ticks_per_second: int) -> float | None:
    """User + system seconds from a `/proc/<pid>/stat` line (the command name may hold spaces or ")")."""
    after_comm = stat.rpartition(")")[2].split()  # starts at field 3
    try:
        return (int(after_comm[UTIME - 3]) + int(after_comm[STIME - 3])) / ticks_per_second
    except (IndexError, ValueError):
        return None
