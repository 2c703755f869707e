"""Rules-based scoring of sales-call replies and whole calls, in English and Norwegian Bokmål.

Pure: no I/O beyond reading the package's own lexicon files, no knowledge of the trainer app.

    from scoring import analyse_reply, grade_call
"""

from scoring.grading import GRADER_VERSION, MUST_RULES, grade_call
from scoring.lexicon import available_languages
from scoring.reply import analyse_reply, reply_score
from scoring.types import (
    CRITERIA,
    OBJECTION_TYPES,
    Closing,
    CriterionScore,
    Evidence,
    Marker,
    NeedSpec,
    NextStep,
    ObjectionResponse,
    Politeness,
    Question,
    ReplyAnalysis,
    ReplyContext,
    Rubric,
    Scorecard,
    ScoringInputError,
    TalkMetrics,
    Turn,
)

__all__ = [
    "CRITERIA",
    "GRADER_VERSION",
    "MUST_RULES",
    "OBJECTION_TYPES",
    "Closing",
    "CriterionScore",
    "Evidence",
    "Marker",
    "NeedSpec",
    "NextStep",
    "ObjectionResponse",
    "Politeness",
    "Question",
    "ReplyAnalysis",
    "ReplyContext",
    "Rubric",
    "Scorecard",
    "ScoringInputError",
    "TalkMetrics",
    "Turn",
    "analyse_reply",
    "available_languages",
    "grade_call",
    "reply_score",
]
