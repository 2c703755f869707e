"""What the scorecard screen shows, gathered from a live call or from a stored attempt."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from trainer.engine.advice import improvements

if TYPE_CHECKING:
    from scoring import Scorecard
    from trainer.engine import Call
    from trainer.scenario.loader import LoadedScenario
    from trainer.store import AttemptDetail


@dataclass(frozen=True)
class Turn:
    index: int | None  # None for a rewound turn: it is shown, but no evidence points at it
    speaker: str
    text: str
    rewound: bool = False


@dataclass
class ScorecardView:
    title: str
    trainee: str
    mode: str
    prospect: str
    scorecard: Scorecard | None  # None for an attempt that never finished
    turns: list[Turn]
    outcome_id: str = ""
    outcome_result: str = ""
    outcome_summary: str = ""
    pass_mark: int | None = None
    need_facts: dict[str, str] = field(default_factory=dict)
    # weak turn -> the advice for it, or None when the reply already said it
    model_answers: dict[int, str | None] = field(default_factory=dict)
    loaded: LoadedScenario | None = None
    read_only: bool = False
    language: str = "en"  # the scenario's: the words follow it unless the trainee chose one

    @classmethod
    def from_call(cls, call: Call, loaded: LoadedScenario, mode: str, trainee: str
                  ) -> ScorecardView:
        scenario = loaded.scenario
        outcome = call.outcome
        entries = list(call.transcript)
        scorecard = call.scorecard()
        answers = improvements(scenario, trainee, {
            e.index: (e.node, e.text) for e in entries if e.speaker == "trainee"
        }, scorecard.weakest_turns)
        return cls(
            title=scenario.title, trainee=trainee, mode=mode, prospect=scenario.persona.name,
            scorecard=scorecard,
            turns=[Turn(e.index, e.speaker, e.text) for e in entries],
            outcome_id=outcome.id if outcome else "", outcome_result=outcome.result if outcome
            else "", outcome_summary=outcome.summary if outcome else "",
            pass_mark=scenario.rubric.pass_mark,
            need_facts={n.id: n.fact for n in scenario.needs},
            model_answers=answers, loaded=loaded, language=scenario.language,
        )

    @classmethod
    def from_stored(cls, detail: AttemptDetail, loaded: LoadedScenario | None
                    ) -> ScorecardView:
        from scoring import Scorecard

        summary = detail.summary
        # Only a scorecard with every part a screen needs; an imported partial one shows none.
        scorecard = Scorecard.from_dict(detail.full_scorecard) if detail.full_scorecard else None
        turns = [
            Turn(None if t.get("rewound") else t.get("index"), t.get("speaker", "?"),
                 str(t.get("text", "")), bool(t.get("rewound")))
            for t in detail.turns
        ]
        said = {t.get("index"): (t.get("node"), str(t.get("text", ""))) for t in detail.turns
                if not t.get("rewound") and t.get("speaker") == "trainee"}
        answers: dict[int, str | None] = {}
        if scorecard is not None and loaded is not None:
            answers = improvements(loaded.scenario, summary.trainee, said,
                                   scorecard.weakest_turns)
        scenario = loaded.scenario if loaded else None
        return cls(
            title=summary.title, trainee=summary.trainee, mode=summary.mode,
            prospect=scenario.persona.name if scenario else "Prospect",
            scorecard=scorecard, turns=turns,
            outcome_id=summary.outcome or "", outcome_result=summary.result or "",
            outcome_summary=(scenario.outcomes[summary.outcome].summary
                             if scenario and summary.outcome in scenario.outcomes else ""),
            pass_mark=scenario.rubric.pass_mark if scenario else None,
            need_facts={n.id: n.fact for n in scenario.needs} if scenario else {},
            model_answers=answers, loaded=loaded, read_only=True,
            language=scenario.language if scenario else summary.language,
        )

