"""The instruction-count benchmark's code paths with tiny counts; callgrind itself is stood in for by a shell
that prints a count the way callgrind does and runs the driver for real (valgrind would take minutes)."""

from __future__ import annotations

import asyncio
import shutil

import pytest

from benchmarks import instructions
from benchmarks.instructions import APPS, Counts, count, drive_dispatch, drive_match, measure, parse_collected

# Runs the driver command it is given, then prints "Collected : <1000 x its --count>" on stderr.
COUNTING_SHELL = (
    "sh",
    "-c",
    '"$@" && for last; do :; done && echo "==1== Collected : $(( last * 1000 ))" >&2',
    "sh",
)


def test_the_count_is_read_from_callgrinds_summary() -> None:
    assert parse_collected("==12== Events    : Ir\n==12== Collected : 4242\n==12==\n") == 4242
    with pytest.raises(RuntimeError, match="no count"):
        parse_collected("valgrind: not found")


@pytest.mark.parametrize("app", APPS)
def test_every_driver_answers_its_requests(app: str) -> None:
    asyncio.run(drive_dispatch(app, 3))


def test_the_matcher_driver_runs() -> None:
    drive_match(1)


def test_a_driver_run_is_counted_and_a_failing_one_reported() -> None:
    assert count("match", 1, runner=COUNTING_SHELL) > 0
    with pytest.raises(RuntimeError, match="failed"):
        count("match", 1, runner=("sh", "-c", "exit 3", "sh"))


def test_the_table_has_every_app_the_split_and_the_matcher() -> None:
    counts = measure(requests=2, passes=1, runner=COUNTING_SHELL)
    assert counts.per_request == dict.fromkeys(APPS, 1000.0)
    assert counts.per_question == 1000 / counts.questions
    table = instructions.render(counts, requests=2)
    rows = ("| bare Bolt |", "| mlrole, answers memoized |", "| mlrole |", "wiring", "answers", "`match()`")
    for row in rows:
        assert row in table


def test_the_split_is_the_differences_between_apps() -> None:
    per_request = {"bare": 1e6, "memoized": 1.2e6, "mlrole": 1.5e6, "logged": 1.56e6}
    counts = Counts(per_request, per_question=250e3, questions=40)
    table = instructions.render(counts, requests=10)
    assert "| mlrole's wiring (memoized - bare Bolt) | 0.20 M |" in table
    assert "| mlrole's answers (mlrole - memoized) | 0.30 M |" in table
    assert "| mlrole | 1.50 M | 1.50 |" in table
    assert "| the question log (log on - mlrole) | 0.06 M | 1.04 x mlrole |" in table


def test_without_valgrind_it_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _: None)
    assert instructions.main([]) == 2
    assert "valgrind is not installed" in capsys.readouterr().err
