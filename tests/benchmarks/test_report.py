"""How the report writes a figure next to its target."""

from __future__ import annotations

from benchmarks.report import ratio_against


def test_a_ratio_that_misses_its_target_never_reads_as_the_target() -> None:
    assert ratio_against(0.897, 0.9) == "0.897"
    assert ratio_against(0.904, 0.9) == "0.90"
    assert ratio_against(0.9, 0.9) == "0.90"
    assert ratio_against(0.76, 0.9) == "0.76"
