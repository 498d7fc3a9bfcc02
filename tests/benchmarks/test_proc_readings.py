"""Peak resident memory from /proc/<pid>/status, CPU time from /proc/<pid>/stat."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.cpu import cpu_seconds, parse_stat
from benchmarks.memory import Memory, parse_status, read_memory

STATUS = """Name:\tpython
VmPeak:\t  300000 kB
VmHWM:\t   51200 kB
VmRSS:\t   40960 kB
Threads:\t1
"""


def test_parse_status_reads_kb_fields_as_bytes() -> None:
    fields = parse_status(STATUS)
    assert fields["VmHWM"] == 51200 * 1024
    assert fields["VmRSS"] == 40960 * 1024
    assert "Threads" not in fields


def test_read_memory_of_a_process(tmp_path: Path) -> None:
    (tmp_path / "42").mkdir()
    (tmp_path / "42" / "status").write_text(STATUS, encoding="ascii")
    assert read_memory(42, proc=tmp_path) == Memory(peak_bytes=51200 * 1024, current_bytes=40960 * 1024)


def test_a_missing_process_reads_as_unknown(tmp_path: Path) -> None:
    assert read_memory(42, proc=tmp_path) == Memory(None, None)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_this_process_has_a_peak_at_least_its_current_size() -> None:
    memory = read_memory(os.getpid())
    assert memory.peak_bytes is not None and memory.current_bytes is not None
    assert memory.peak_bytes >= memory.current_bytes > 0


def test_cpu_seconds_are_user_plus_system_time() -> None:
    # proc(5): pid, (comm), state, then fields 4..; utime and stime are fields 14 and 15.
    stat = "42 (a) b) c) R 1 42 42 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 1 0 100 1000 200\n"
    assert parse_stat(stat, ticks_per_second=100) == 3.0
    assert parse_stat("42 (truncated) R 1", ticks_per_second=100) is None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_this_process_has_used_some_cpu() -> None:
    used = cpu_seconds(os.getpid())
    assert used is not None and used >= 0
