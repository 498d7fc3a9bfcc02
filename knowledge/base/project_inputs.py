"""The vocabulary a project's inputs are written in: their keys, the values each may take, the team sizes.

The recommendation rules (`knowledge.base.rules`) are checked against it when the knowledge base loads, and
`knowledge.recommend.inputs` reads a project lead's request in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal

from knowledge.base.model import COMPANY_SIZES

Labeling = Literal["none", "some", "heavy"]
Sources = Literal["few", "many"]
Domain = Literal["low", "high"]

LABELING_LEVELS: Final[tuple[Labeling, ...]] = ("none", "some", "heavy")
SOURCE_LEVELS: Final[tuple[Sources, ...]] = ("few", "many")
DOMAIN_LEVELS: Final[tuple[Domain, ...]] = ("low", "high")
YES_NO: Final = ("yes", "no")

MIN_PEOPLE: Final = 1
MAX_PEOPLE: Final = 1000
"""Team sizes the recommender accepts; beyond a thousand people a team is an organisation."""

INPUT_VALUES: Final[Mapping[str, tuple[str, ...]]] = {
    "size": COMPANY_SIZES,
    "production": YES_NO,
    "labeling": LABELING_LEVELS,
    "sources": SOURCE_LEVELS,
    "domain": DOMAIN_LEVELS,
    "engineering": YES_NO,
}
"""The keys with a fixed set of values, and those values (canonical spelling). `people` is a number."""

INPUT_KEYS: Final[tuple[str, ...]] = (
    "size",
    "people",
    "production",
    "labeling",
    "sources",
    "domain",
    "engineering",
)
