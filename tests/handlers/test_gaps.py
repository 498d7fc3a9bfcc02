"""The gaps report from logged rows: near-duplicates grouped, distinct askers counted, lists by count."""

from __future__ import annotations

from handlers.blocks.gaps import MAX_LISTED, build_gaps_report
from handlers.gaps import LoggedQuestion, LoggedVote, build_report
from tests.handlers.conftest import assert_within_limits


def q(
    n: int,
    text: str,
    *,
    asker: str = "a",
    kind: str = "none",
    entry: str | None = None,
    suggested: bool = False,
    resolves: str | None = None,
) -> LoggedQuestion:
    return LoggedQuestion(
        id=f"q{n}", text=text, asker=asker, kind=kind, entry_id=entry, suggested=suggested, resolves=resolves
    )


def test_near_duplicates_count_together_with_distinct_askers() -> None:
    report = build_report(
        [
            q(1, "who does hyperparam tuning", asker="a"),
            q(2, "hyperparameter search owner?", asker="b"),
            q(3, "who does hyperparam tuning", asker="a"),
            q(4, "who orders the office printer toner", asker="c"),
            q(5, "who owns data labeling", kind="task", entry="labeling"),
        ],
        [],
        days=30,
    )

    first, second = report.unanswered
    assert (first.question, first.count, first.askers) == ("who does hyperparam tuning", 3, 2)
    assert set(first.examples) == {"who does hyperparam tuning", "hyperparameter search owner?"}
    assert (second.count, second.askers) == (1, 1)
    assert report.questions == 5


def test_unrelated_questions_sharing_a_common_word_stay_apart() -> None:
    report = build_report([q(1, "who owns data labeling"), q(2, "who owns data pipelines")], [], days=7)
    assert [g.count for g in report.unanswered] == [1, 1]


def test_a_did_you_mean_resolved_by_a_choice_is_not_a_gap_and_an_unresolved_one_is() -> None:
    report = build_report(
        [
            q(1, "labeling thing", suggested=True),
            q(2, "", kind="role", entry="data-labeler", resolves="q1"),
            q(3, "ops person", suggested=True),
        ],
        [],
        days=30,
    )
    assert [g.question for g in report.unanswered] == ["ops person"]
    assert [(e.kind, e.id, e.count) for e in report.top] == [("role", "data-labeler", 1)]


def test_unhelpful_answers_by_entry_and_the_most_asked_ordered_by_count() -> None:
    asked = [
        q(1, "who deploys", kind="task", entry="deployment"),
        q(2, "who ships models", kind="task", entry="deployment"),
        q(3, "what is a DE", kind="role", entry="data-engineer"),
        q(4, "team for a startup", kind="recommend"),
    ]
    votes = [
        LoggedVote("q1", False),
        LoggedVote("q2", False),
        LoggedVote("q3", True),
        LoggedVote("q4", False),
    ]

    report = build_report(asked, votes, days=30).to_json()

    assert report["unhelpful"] == [
        {"kind": "task", "id": "deployment", "count": 2, "examples": ["who deploys", "who ships models"]},
        {"kind": "recommend", "id": None, "count": 1, "examples": ["team for a startup"]},
    ]
    assert report["top"][0] == {"kind": "task", "id": "deployment", "count": 2}
    assert set(report) == {"days", "questions", "unanswered", "unhelpful", "top"}


def test_the_slack_message_shows_the_first_ten_of_each_list_and_how_to_get_the_rest() -> None:
    asked = [q(n, f"who handles topic{n} <!channel> & stuff{n}", asker=str(n)) for n in range(40)]
    asked += [q(100 + n, "x", kind="role", entry=f"role-{n}") for n in range(30)]
    message = build_gaps_report(build_report(asked, [], days=30), offline_command="mlrole gaps --days 30")

    assert_within_limits(message)
    text = str(message["blocks"])
    assert "topic0" in text and f"topic{MAX_LISTED + 5}" not in text
    assert "mlrole gaps --days 30" in text
    assert "<!channel>" not in text
