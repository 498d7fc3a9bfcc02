"""The scale benchmark's code paths at tiny sizes (`benchmarks.scale`, `benchmarks.kb_gen`). No timing is
asserted."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from benchmarks import kb_gen, scale
from knowledge.base.loader import load_bundled, load_path


def test_the_growth_exponent_is_the_log_log_slope() -> None:
    assert scale.exponent([1, 10, 100], [2.0, 20.0, 200.0]) == pytest.approx(1.0)
    assert scale.exponent([1, 10, 100], [5.0, 5.0, 5.0]) == pytest.approx(0.0)
    assert scale.exponent([1, 10, 100], [1.0, 100.0, 10_000.0]) == pytest.approx(2.0)
    assert scale.exponent([7], [3.0]) == 0.0


def test_the_question_stream_never_repeats_and_is_seeded() -> None:
    kb = load_bundled()
    asked = scale.questions(kb, 300)
    assert len(asked) == len(set(asked)) == 300
    assert asked == scale.questions(kb, 300)
    assert asked != scale.questions(kb, 300, seed=scale.SEED + 1)
    assert set(scale.OUT_OF_SCOPE) <= set(asked)


def test_the_generator_writes_a_valid_base_of_the_asked_size(tmp_path: Path) -> None:
    bundled = load_bundled()
    size = len(bundled.roles) + len(bundled.approaches) + len(bundled.tasks)
    assert kb_gen.entry_count(kb_gen.bundled_files()) == size
    kb = load_path(kb_gen.write(3 * size + 7, tmp_path))
    assert len(kb.roles) + len(kb.approaches) + len(kb.tasks) == 3 * size + 7
    assert kb.synonyms == bundled.synonyms
    assert {role.id for role in bundled.roles} <= {role.id for role in kb.roles}
    with pytest.raises(ValueError, match="at least the bundled"):
        kb_gen.generate(size - 1)


def test_one_size_is_measured_and_rendered(tmp_path: Path) -> None:
    bundled = load_bundled()
    size = 2 * (len(bundled.roles) + len(bundled.approaches) + len(bundled.tasks))
    row = scale.measure(size, tmp_path, question_count=60, runs=1)
    assert row.entries == size
    for figure in (row.check_s, row.build_s, row.p50_ms, row.p99_ms, row.peak_mb, row.startup_s):
        assert figure > 0 and math.isfinite(figure)
    assert row.p50_ms <= row.p99_ms
    table = scale.render([row, scale.Row(row.entries * 2, 1.0, 1.0, 1.0, 2.0, 50.0, 1.0)]).splitlines()
    assert table[0].startswith("| entries | `mlrole check`")
    assert len(table) == 5  # header, rule, two sizes, the growth exponents
    assert table[-1].startswith("| growth exponent |")
