"""The words that shape a question rather than name its topic, as data the matcher reads.

Everything here is plain words as people type them; the index stems them with the same stemmer it applies
to questions and knowledge-base phrases, so "owns", "owning" and "owner" all count. Edit these lists to teach
the matcher new phrasings; no question is special-cased in code.
"""

from __future__ import annotations

from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: Final[frozenset[str]] = _words(
    """
    a an the of for to in on at by with from into onto about as and or nor but if then than so via per
    between among against without within across after before during while whether because since until
    through
    i me my mine myself we us our ours you your yours he him his she her it its they them their this that
    these those there here what whats who whos whom whose which why how when where
    is are was were be been being am isnt arent wasnt do does did doing done dont doesnt didnt
    have has had having can cant could couldnt should shouldnt would wouldnt will wont shall may might must
    all any some every each no not only just also very really too more most much many lot lots
    up out over again once even still ever first next later full time fulltime parttime tons bunch plenty
    ping ask contact reach talk speak
    please tell know explain describe show give get gets got want wants like let lets
    anyone someone somebody anybody everyone person people guy guys folks member members
    role roles job jobs position positions title titles thing things stuff kind sort type
    typically usually normally generally exactly actually basically
    new good main
    one two three four five six seven eight nine ten both either
    """
)
"""Function words and filler: never evidence for any entry, in questions or in knowledge-base phrases."""

GENERIC_WORDS: Final[frozenset[str]] = _words(
    """
    manage manager management run make build create write decide decision pay paid keep put push go live
    turn see fit cover feed serve accept avoid expect understand focus provide apply assign involve
    contribute relate indicate require define review check fix clean train training hire hiring staff
    monitor maintain maintenance upgrade update design plan report support
    team company project office business client customer worker people startup small large larger big part
    side case value cost problem solution environment quality performance version error incident service
    access tool table program language network source resource example objective goal target instructions
    agency paper labor division date human industry operations site consultant
    best good fast easy hard close common deep less regular occasional possible possibly given other
    various additional practical effective efficient consistent used sure around plus
    """
)
"""Everyday workplace words: the knowledge base uses them, but so does any office question ("who manages
the budget", "who pays for the coffee", "who maintains the elevator"), so on their own they do not show
that a question is about ML work. A question explains an entry only `GENERIC_SHARE` through them
(`knowledge.match.evidence`), and a phrase made of them alone is weakened by unknown words around it like a
partly matched one. Domain words (data, model, label, pipeline, engineer...) are not listed."""

HELP_WORDS: Final[frozenset[str]] = _words(
    """
    help usage use using command commands hi hello hey yo thanks thank cheers bot mlrole work works
    start started guide manual info information thx ty mate howdy greetings morning afternoon evening
    """
)
"""A question made only of these (and stopwords) asks how to use the bot."""

TASK_CUES: Final[frozenset[str]] = _words(
    """
    own owns owned owning owner owners ownership responsible accountable charge handle handles handled
    handling lead leads takes
    """
)
"""Words of "who owns / handles / is responsible for X": the question is about a task's owners."""

TASK_CUE_OPENERS: Final[frozenset[str]] = frozenset({"who", "whos", "whom"})
"""A question that opens with one of these asks who does something: a task (or a role)."""

ROLE_CUES: Final[frozenset[str]] = _words(
    """
    skill skills responsibilities duties duty profile background qualifications need needed needs
    """
)
"""Words of "what skills does a Y need", "responsibilities of a Y", "why do we need a Y": about a role."""

ROLE_CUE_SEQUENCES: Final[tuple[tuple[str, ...], ...]] = (
    ("what", "does"),
    ("what", "do"),
    ("what", "is", "a"),
    ("what", "is", "an"),
    ("whats", "a"),
    ("whats", "an"),
    ("who", "is", "a"),
    ("who", "is", "an"),
    ("tell", "me", "about"),
    ("why", "do", "we"),
    ("do", "we", "need"),
)
"""Word sequences (unstemmed, anywhere in the question) that ask what a role is or does."""

APPROACH_CUES: Final[frozenset[str]] = _words(
    """
    approach approaches strategy strategies setup setups pros cons pro con benefit benefits advantage
    advantages upside upsides downside downsides drawback drawbacks disadvantage disadvantages tradeoff
    tradeoffs strengths strength weaknesses weakness option options
    """
)
"""Words about how to staff the team (an approach) and its tradeoffs."""

APPROACH_CUE_PAIRS: Final[tuple[tuple[str, str], ...]] = (
    ("team", "model"),
    ("team", "structure"),
    ("team", "setup"),
    ("team", "organization"),
    ("staffing", "model"),
    ("org", "structure"),
)
"""Adjacent word pairs that name a team approach ("team structure")."""

APPROACH_NOUNS: Final[frozenset[str]] = _words("approach strategy setup option structure")
"""Nouns that stand for a team approach."""

APPROACH_PLURALS: Final[frozenset[str]] = _words("approaches strategies setups options structures")
"""The same in the plural ("the two team approaches"): the question means the approaches together."""

TOGETHER_WORDS: Final[frozenset[str]] = _words("both two each either every all different")
"""Words that, with one of `APPROACH_NOUNS` ("each approach", "both options"), also mean them together."""

COMPARE_WORDS: Final[frozenset[str]] = _words(
    "compare compared comparing comparison versus vs difference differences differ different contrast"
)
"""Words that ask to put things side by side."""

COMPARE_JOINERS: Final[frozenset[str]] = _words("or instead rather better worse")
"""Weaker: a comparison only when both approaches are mentioned ("scientists or ML engineers?")."""

RECOMMEND_TRIGGERS: Final[tuple[tuple[str, ...], ...]] = tuple(
    tuple(trigger.split())
    for trigger in (
        "suggest team",
        "suggest roles",
        "suggest approach",
        "advise team",
        "staff team",
        "staff project",
        "staffing",
        "build team",
        "form team",
        "start team",
        "assemble team",
        "grow team",
        "structure team",
        "organize team",
        "plan team",
        "design team",
        "team should we",
        "team should i",
        "approach should we",
        "approach should i",
        "roles need",
        # A team needing something is a recommendation when it is the asker's own ("what team do we need"),
        # not any team's ("why does a team need an ML engineer", "who on the team needs SQL": about a role).
        "team we need",
        "team i need",
        "roles should we",
        "roles should i",
        "team size",
        "size team",
        "how big team",
        # The nouns, when the question asks which one ("which team structure is better"). Alone they name an
        # approach (`APPROACH_CUE_PAIRS`), which can be compared: "compare the team structures".
        "what team structure",
        "which team structure",
        "what team design",
        "which team design",
        "what team organization",
        "which team organization",
        "who should we hire",
        "who should i hire",
        "roster",
    )
)
"""A question holding the words of one trigger (stemmed) in this order, with only a few other words between
consecutive ones (`knowledge.match.index.MAX_TRIGGER_GAP`: "staff a new ML team"), asks for a team
recommendation.
Triggers are read on every word of the question, stopwords included ("what team should we build"). Order
matters: "who builds labeling tools for the team" and "what skills does an engineer need on a team" hold
"build team" and "team need" as words, not as phrases. In a question shaped "who <does> X" (a task), only
triggers that open with "who" count ("who should we hire")."""

RECOMMEND_WORDS: Final[tuple[tuple[str, ...], ...]] = tuple(
    tuple(trigger.split()) for trigger in ("recommend", "recommendation", "advice", "how many")
)
"""Like RECOMMEND_TRIGGERS, but about anything ("recommend a restaurant"): they ask for a team
recommendation only when the rest of the question is mostly words the knowledge base knows."""

CONCEPT_OPENERS: Final[tuple[tuple[str, ...], ...]] = tuple(
    tuple(opener.split())
    for opener in (
        "what is",
        "whats",
        "what a",
        "what an",
        "what does",
        "what do",
        "define",
        "definition of",
        "meaning of",
        "explain",
        "how do i",
        "how do we",
        "how do you",
        "how does",
        "how to",
        "how can i",
        "how can we",
        "how should i",
        "how should we",
        "which",
        "is it worth",
        "should we use",
        "should i use",
    )
)
"""Word sequences (unstemmed) that open a question about what something is or how to do it, not about who
does it: "what is a feature store", "how do I fine-tune BERT", "which GPU should we buy". When such a
question's best answer is a task (a role or an approach is what it asks about: "what is a data engineer"),
it gets the honest "I don't know" and a suggestion to ask who owns the task (`knowledge.match.concepts`)."""
