"""Recommending a team: a project's inputs -> an approach, a roster and who owns each key task.

`inputs` reads a project lead's `KEY=VALUE` request into `RecommendInputs` and `infer` reads free text;
`prepared` works out what a snapshot's rules need once; `staffing` shares a headcount among the rules'
roster slots; `recommender` applies the knowledge base's rules (`knowledge.base.rules`) and says why, as a
`result.Recommendation`. Exports the request readers, `recommend`, `to_dict` and their types.
"""

from knowledge.recommend.infer import infer_inputs
from knowledge.recommend.inputs import (
    DEFAULTS,
    INPUT_KEYS,
    INPUT_LABELS,
    INPUT_VALUES,
    InputError,
    RecommendInputs,
    allowed_values,
    assumptions_for,
    parse_inputs,
    parse_request,
    phrase,
    usage,
)
from knowledge.recommend.recommender import recommend
from knowledge.recommend.result import Recommendation, RecommendError, RosterEntry, to_dict

__all__ = [
    "DEFAULTS",
    "INPUT_KEYS",
    "INPUT_LABELS",
    "INPUT_VALUES",
    "InputError",
    "RecommendError",
    "RecommendInputs",
    "Recommendation",
    "RosterEntry",
    "allowed_values",
    "assumptions_for",
    "infer_inputs",
    "parse_inputs",
    "parse_request",
    "phrase",
    "recommend",
    "to_dict",
    "usage",
]
