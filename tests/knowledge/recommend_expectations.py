"""What every team recommendation covers, as the source states it: pinned here, not read from the YAML, so
the tests catch a knowledge base that drops an approach or a key task."""

from __future__ import annotations

from typing import Final

APPROACHES: Final = frozenset({"scientists-plus-engineers", "ml-software-engineers"})
"""The two team approaches a recommendation chooses between."""
KEY_TASKS: Final = (
    "deployment",
    "monitoring",
    "labeling",
    "etl",
    "feature-engineering",
    "model-design",
    "production-code",
)
"""The key tasks every recommendation names an owner for, in the order it lists them."""
