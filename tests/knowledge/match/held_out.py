"""Held-out questions for the matcher, and what every match must satisfy whatever the question.

Held-out questions: two tables written before the matcher was tuned on them, each run once untouched and
then kept as regression tests. First runs: HELD_OUT_FIRST 64/66 (97%; "lunch" was corrected to "launch", a
deploy synonym, and "software developer on an ML team" was read as "ML developer"), HELD_OUT_SECOND 61/65
(94%; "data protection officer" and "who manages the budget" were guessed, "who puts models into prod"
missed deployment, "when should we choose ML software engineers" was a three-way tie). The fixes were
general rules (spelling correction keeps the first two letters of short words; a word that completes one
name in place does not complete another; unknown words weaken partly-matched phrases; the threshold ignores
shape bonuses), and both tables now pass in full, as does the dev set.

HELD_OUT_THIRD 58/60 (97%) and HELD_OUT_FOURTH 46/50 (92%), written by the project lead, were first run
against the matcher tuned on the two tables above. Misses: out-of-scope questions answered through everyday
words ("who is my manager" -> managing outsourced labelers; "who pays for clients' coffee" -> problem
framing, though its topic, "coffee", is unknown); "who comes up with new models" (no synonym for "come up
with"); "tradeoffs between the two team approaches" (a did-you-mean, not a comparison); "what does a
software engineer do on an ML team" (a close call with the ML Software Engineers approach); "should we hire
ML engineers or scientists plus engineers" (the second "engineers" took the first's, so one approach). The
fixes are general: everyday words (`knowledge.match.intents.GENERIC_WORDS`) explain little on their own and
unknown words weaken phrases made of them; "come up with", "think up" and "dream up" are synonyms of
design; the approaches in the plural ask for a comparison; in a role-shaped question a role named whole
outranks an approach whose name holds it; a word said twice is not taken by one name. All four tables now
pass in full, as does the dev set.
"""

from __future__ import annotations

from typing import Final

from knowledge.base.model import KnowledgeBase
from knowledge.match.matcher import Match
from tests.knowledge.expectations import Expect

KINDS: Final = {"role", "approach", "task", "compare", "recommend", "help", "none"}
HELD_OUT_ACCURACY: Final = 0.95

HELD_OUT_FIRST: Final[list[tuple[str, Expect]]] = [
    ("annotators", "data-labeler"),
    ("what does an SME do", "domain-expert"),
    ("subject matter expert", "domain-expert"),
    ("SWE", "software-engineer"),
    ("MLE", ("ml-engineer", "ml-software-engineers")),
    ("mlops", "devops-engineer"),
    ("site reliability engineer", "devops-engineer"),
    ("data scientist", "ml-scientist"),
    ("research scientist", "ml-scientist"),
    ("what is a data enginer", "data-engineer"),
    ("labelers", "data-labeler"),
    ("data labelling", "data-labeler"),
    ("devops engineers at a startup", "devops-engineer"),
    ("what does the software developer do on an ML team", "software-engineer"),
    ("responsibilities of a machine learning engineer", "ml-engineer"),
    ("skills needed for a data engineer", "data-engineer"),
    ("does a data engineer need to know machine learning?", "data-engineer"),
    ("tell me about domain experts", "domain-expert"),
    ("ETL developer", "data-engineer"),
    ("infrastructure engineer", "devops-engineer"),
    ("who builds the etl pipelines", "data-engineer"),
    ("who is responsible for data ingestion", "data-engineer"),
    ("who integrates data from different sources", "data-engineer"),
    ("who writes sql queries for analysts", "data-engineer"),
    ("who builds the annotation tool", "data-labeler"),
    ("who manages the outsourced annotators", "data-labeler"),
    ("who checks label quality", "data-labeler"),
    ("who does feature engineering", ("domain-expert", "ml-scientist", "ml-engineer")),
    ("who translates the business problem into an ML problem", "domain-expert"),
    ("who decides the prediction target", "domain-expert"),
    ("who designs the model", "ml-scientist"),
    ("who writes production code for the model", ("software-engineer", "ml-engineer")),
    ("who deploys the model", "devops-engineer"),
    ("who monitors models in production", "devops-engineer"),
    ("who upgrades models", "devops-engineer"),
    ("who builds ml data processing pipelines", ("devops-engineer", "data-engineer")),
    ("who handles model maintenance", "devops-engineer"),
    ("who is in charge of deploymnet", "devops-engineer"),
    ("who automates model loading", "devops-engineer"),
    ("who knows what the clients pay for", "domain-expert"),
    ("who makes the data warehouse schema", "data-engineer"),
    ("who picks the algorithm", "ml-scientist"),
    ("who turns raw data into analysis-ready data", "data-engineer"),
    ("pros and cons of ML software engineers", ("ml-software-engineers", "ml-engineer")),
    ("why hire ml software engineers instead of scientists", ("ml-software-engineers", "compare")),
    ("advantages of having scientists and software engineers", "scientists-plus-engineers"),
    ("problems with data scientists writing code", ("ml-software-engineers", "ml-engineer")),
    ("specialization approach", "scientists-plus-engineers"),
    ("scientists vs ml engineers", "compare"),
    ("compare the two team approaches", "compare"),
    ("difference between scientists+engineers and ML SEs", "compare"),
    ("which team structure is better", ("compare", "recommend")),
    ("recommend a team for a 5 person startup", "recommend"),
    ("what team should we build", "recommend"),
    ("how should I structure my ml team", ("recommend", "compare")),
    ("suggest roles for a new machine learning project", "recommend"),
    ("help", "help"),
    ("what can you do?", "help"),
    ("what's the wifi password", "none"),
    ("who owns the office plants", "none"),
    ("asdfgh", "none"),
    ("when is lunch", "none"),
    ("who approves vacation requests", "none"),
    ("how do I reset my password", "none"),
    ("who is the CEO", "none"),
    ("book a meeting room", "none"),
]

HELD_OUT_SECOND: Final[list[tuple[str, Expect]]] = [
    ("annotater", "data-labeler"),
    ("labelling team", "data-labeler"),
    ("data labelers", "data-labeler"),
    ("SMEs", "domain-expert"),
    ("domain experts", "domain-expert"),
    ("Dev Ops engineer", "devops-engineer"),
    ("MLOps engineers", "devops-engineer"),
    ("sre", "devops-engineer"),
    ("ML scientists", "ml-scientist"),
    ("scientist", "ml-scientist"),
    ("swes", "software-engineer"),
    ("software engineers", "software-engineer"),
    ("machine learning engineers", ("ml-engineer", "ml-software-engineers")),
    ("ML engineer", "ml-engineer"),
    ("data enginering", "data-engineer"),
    ("what do data labelers do", "data-labeler"),
    ("what is the role of a domain expert", "domain-expert"),
    ("do I need a devops engineer at a startup?", "devops-engineer"),
    ("what does an ML engineer do?", "ml-engineer"),
    ("skills of a software engineer", "software-engineer"),
    ("what is an ML scientist responsible for", "ml-scientist"),
    ("who cleans and transforms raw data", "data-engineer"),
    ("who sets up the data pipeline", "data-engineer"),
    ("who designs the database schema", "data-engineer"),
    ("who provides APIs for data consumers", "data-engineer"),
    ("who labels the images", "data-labeler"),
    ("who validates annotations", "data-labeler"),
    ("who hires and manages crowd workers", "data-labeler"),
    ("who builds tools for annotation", "data-labeler"),
    ("who decides on model inputs and outputs", "domain-expert"),
    ("who tells us what customers pay for", "domain-expert"),
    ("who explains what's a deal breaker for clients", "domain-expert"),
    ("who chooses features", ("domain-expert", "ml-scientist")),
    ("who creates new ML models", ("ml-scientist", "ml-engineer")),
    ("who rewrites models into production code", "software-engineer"),
    ("who puts models into prod", "devops-engineer"),
    ("who watches model performance in production", "devops-engineer"),
    ("who is responsible for monitoring", "devops-engineer"),
    ("who maintains the models", "devops-engineer"),
    ("who upgrades deployed models", "devops-engineer"),
    ("who builds the inference pipeline", "devops-engineer"),
    ("who does devops at a startup", ("ml-engineer", "devops-engineer")),
    ("who handles ETL", "data-engineer"),
    ("benefits of ML software engineers", ("ml-software-engineers", "ml-engineer")),
    ("drawbacks of the scientists plus engineers approach", "scientists-plus-engineers"),
    (
        "why are scientists hard to integrate with engineering teams",
        ("ml-software-engineers", "scientists-plus-engineers"),
    ),
    ("when should we choose ML software engineers", ("ml-software-engineers", "ml-engineer", "recommend")),
    ("data scientists + software engineers approach", "scientists-plus-engineers"),
    ("ML SWE vs data scientists", "compare"),
    ("should we hire scientists or ML engineers?", ("compare", "recommend")),
    ("which is better: specialists or ML software engineers", "compare"),
    ("what roles do we need for a new ML project", "recommend"),
    ("we are a startup with 10 people, what ML team should we have", "recommend"),
    ("recommend an approach for a big company", "recommend"),
    ("how do I use this bot", "help"),
    ("hello", "help"),
    ("who owns the coffee machine", "none"),
    ("who is the data protection officer", "none"),
    ("what is the capital of France", "none"),
    ("who fixes the printer", "none"),
    ("how much vacation do I get", "none"),
    ("where is the kitchen", "none"),
    ("model railway club", "none"),
    ("who manages the budget", "none"),
    ("who owns payroll", "none"),
]


HELD_OUT_THIRD: Final[list[tuple[str, Expect]]] = [
    ("annotators", "data-labeler"),
    ("labelling", "data-labeler"),
    ("data engineers", "data-engineer"),
    ("ETL engineer", "data-engineer"),
    ("subject matter expert", "domain-expert"),
    ("SME", "domain-expert"),
    ("devops", "devops-engineer"),
    ("MLOps", "devops-engineer"),
    ("ml scientist", "ml-scientist"),
    ("data scientist", "ml-scientist"),
    ("software engineer", "software-engineer"),
    ("SWE", "software-engineer"),
    ("MLE", ("ml-engineer", "ml-software-engineers")),
    ("machine learning engineer", ("ml-engineer", "ml-software-engineers")),
    ("what does a domain expert do?", "domain-expert"),
    ("what is a data labeler responsible for", "data-labeler"),
    ("does a data engineer need to know machine learning?", "data-engineer"),
    ("who builds the ETL pipeline", "data-engineer"),
    ("who is responsible for deploying models", "devops-engineer"),
    ("who monitors models in production", "devops-engineer"),
    ("who builds labeling tools", "data-labeler"),
    ("who manages outsourced annotators", "data-labeler"),
    ("who checks label quality", "data-labeler"),
    ("who does feature engineering", "domain-expert"),
    ("who decides the prediction objective", "domain-expert"),
    ("who designs the model", "ml-scientist"),
    ("who writes production code", ("software-engineer", "ml-engineer")),
    ("who handles model upgrades", "devops-engineer"),
    ("who integrates data from different sources", "data-engineer"),
    ("who writes queries for analysts", "data-engineer"),
    ("who translates the business problem into ML", "domain-expert"),
    ("who builds data processing pipelines with ml models", "devops-engineer"),
    ("who automates model deployment at a startup", ("devops-engineer", "ml-engineer")),
    ("what do devops engineers do at big companies", "devops-engineer"),
    ("pros and cons of ML software engineers", "ml-software-engineers"),
    (
        "why are scientists hard to integrate with engineering teams",
        ("ml-software-engineers", "scientists-plus-engineers"),
    ),
    ("advantages of separating data scientists and software engineers", "scientists-plus-engineers"),
    ("should we hire ML engineers or scientists plus engineers", ("compare", "recommend")),
    ("compare team approaches", "compare"),
    ("data scientists + software engineers vs ml software engineers", "compare"),
    ("what team should we build", "recommend"),
    ("recommend a team for a 5 person startup", "recommend"),
    ("how should I structure my ML team", ("recommend", "compare")),
    ("who fixes the printer", "none"),
    ("what's the wifi password", "none"),
    ("who owns the office plants", "none"),
    ("asdfgh", "none"),
    ("when is the holiday party", "none"),
    ("who approves vacation requests", "none"),
    ("what is the capital of France", "none"),
    ("how do I reset my password", "none"),
    ("who cleans the kitchen", "none"),
    ("lunch menu", "none"),
    ("who pays for clients' coffee", "none"),
    ("labler", "data-labeler"),
    ("devop engineer", "devops-engineer"),
    ("domian expert", "domain-expert"),
    ("who handles the data warehouse", "data-engineer"),
    ("who keeps models running after launch", "devops-engineer"),
    ("who labels images", "data-labeler"),
]

HELD_OUT_FOURTH: Final[list[tuple[str, Expect]]] = [
    ("labelers", "data-labeler"),
    ("data annotation", "data-labeler"),
    ("data eng", "data-engineer"),
    ("domain expertise", "domain-expert"),
    ("mlops engineer", "devops-engineer"),
    ("site reliability", "devops-engineer"),
    ("research scientist", "ml-scientist"),
    ("developer", "software-engineer"),
    ("coder", "software-engineer"),
    ("ML engineers", ("ml-engineer", "ml-software-engineers")),
    ("what does an ml engineer do", "ml-engineer"),
    ("what does a software engineer do on an ML team", "software-engineer"),
    ("what's the job of a data scientist", "ml-scientist"),
    ("do data engineers need machine learning skills", "data-engineer"),
    ("how is devops different at a startup", "devops-engineer"),
    ("tell me about domain experts", "domain-expert"),
    ("who handles ETL", "data-engineer"),
    ("who does the data labeling", "data-labeler"),
    ("who is in charge of model monitoring", "devops-engineer"),
    ("who builds the data pipeline", "data-engineer"),
    ("who builds annotation tools", "data-labeler"),
    ("who validates labels", "data-labeler"),
    ("who picks the model inputs and outputs", "domain-expert"),
    ("who decides what features to use", "domain-expert"),
    ("who comes up with new models", "ml-scientist"),
    ("who writes efficient maintainable code", ("software-engineer", "ml-engineer")),
    ("who automates model loading", "devops-engineer"),
    ("who upgrades models in production", "devops-engineer"),
    ("who makes data accessible to analysts", "data-engineer"),
    ("who knows what clients pay for", "domain-expert"),
    ("who is responsible for devops at a small company", ("devops-engineer", "ml-engineer")),
    ("specialists vs generalists", ("compare", "scientists-plus-engineers", "ml-software-engineers")),
    ("why hire ML software engineers instead of scientists", ("ml-software-engineers", "compare")),
    (
        "what are the weaknesses of having separate scientists",
        ("scientists-plus-engineers", "ml-software-engineers"),
    ),
    ("tradeoffs between the two team approaches", "compare"),
    ("what team structure do you recommend", "recommend"),
    ("we are a startup with 3 people, what roles do we need", "recommend"),
    ("suggest a team", "recommend"),
    ("help", "help"),
    ("what can you do", "help"),
    ("who owns the coffee machine", "none"),
    ("where is the bathroom", "none"),
    ("who is the CEO", "none"),
    ("how many vacation days do I have", "none"),
    ("zzzz", "none"),
    ("who owns the budget", "none"),
    ("book a meeting room", "none"),
    ("what time is standup", "none"),
    ("who approves expense reports", "none"),
    ("who is my manager", "none"),
]


HELD_OUT: Final = [*HELD_OUT_FIRST, *HELD_OUT_SECOND, *HELD_OUT_THIRD, *HELD_OUT_FOURTH]


def entry_ids(kb: KnowledgeBase) -> set[str]:
    return {entry.id for group in (kb.roles, kb.approaches, kb.tasks) for entry in group}


def check_sane(found: Match, kb: KnowledgeBase) -> None:
    """What every match must satisfy, whatever the question."""
    assert found.kind in KINDS
    assert 0.0 <= found.score <= 1.0
    ids = entry_ids(kb)
    if found.kind in ("role", "approach", "task"):
        assert found.id in ids
        assert found.alternatives == ()
    else:
        assert found.id is None
    task = kb.task(found.id) if found.id else None
    assert found.owners == (task.owners if found.kind == "task" and task else ())
    assert set(found.alternatives) <= ids
    assert len(set(found.alternatives)) == len(found.alternatives)
    if found.alternatives:
        assert found.kind == "none"
