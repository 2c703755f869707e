"""`grade_call`: a whole transcript against a rubric, into a scorecard whose every point names
the turn, the quoted words and the rule that gave or took it.

How each criterion is scored (0-100, evidence points add up to the score before clamping):
- needs_discovery: SPIN questions (Situation +5 for the first three only, Problem +10,
  Implication +12, Need-payoff +10, +4 for each step forward S->P->I->N), needs found
  (50 points shared by the scenario's needs). Without needs, question points count x1.6.
  A reply that pitches before any Problem question earns nothing and costs 8; keyword
  stuffing costs 5 and earns nothing; stacked questions earn only the best one.
- politeness: 50 + the markers' points; a positive marker counts at most a few times per call;
  each time the prospect says they were not heard ("that's not what I said") costs the reply
  before it 10 (at most three times).
- objection_handling: the mean over objection replies of the LAER moves' points; a call lost
  or hung up keeps at most outcome_caps.CAPS. With no
  objection in the call the criterion has no opportunity: its weight is shared among the others
  in proportion to their weights (reported as applicable=False).
- closing: the best next-step reply (attempt 20, action 25, time 25, owner 20, all three +10),
  minus 25 for each premature close and 15 for an urgency close; a call that ended without
  agreement keeps at most outcome_caps.CAPS.
Hints cost 3 points each off the total (evidence with criterion "overall").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from scoring.close_points import best_close_value, closing_evidence
from scoring.inputs import coerce_need as _coerce_need
from scoring.inputs import coerce_rubric as _coerce_rubric
from scoring.inputs import coerce_turn as _coerce_turn
from scoring.lexicon import compile_any, get_lexicon, search
from scoring.objection_return import Unanswered, comes_back, late_markers
from scoring.outcome_caps import cap_by_outcome
from scoring.reply import SPIN_VALUE, analyse_reply
from scoring.rules import MUST_RULES
from scoring.text import fold
from scoring.types import (
    CRITERIA,
    CriterionScore,
    Evidence,
    Marker,
    NeedSpec,
    ReplyAnalysis,
    ReplyContext,
    Rubric,
    Scorecard,
    Turn,
)
from scoring.verdict import LOST, broken_evidence, missing_evidence, must_checks
from scoring.verdict import talk as _talk
from scoring.verdict import weakest as _weakest
from scoring.weights import effective_weights

__all__ = ["MUST_RULES", "grade_call"]

# Bumped whenever a rule or lexicon change can move a grade (date, then a count within the
# day); stored with every scorecard.
GRADER_VERSION = "2026.11.30.50"
HINT_COST = 3.0
SPIN_POINTS = {"situation": 5.0, "problem": 10.0, "implication": 12.0, "need_payoff": 10.0}
SPIN_STAGE = {"situation": 0, "problem": 1, "implication": 2, "need_payoff": 3}
SITUATION_LIMIT = 3
PROGRESSION = 4.0
OPEN_NO_SPIN = 2.0
NEEDS_TOTAL = 50.0
# The prospect saying they were not heard ("that's not what I said") or were put off ("thanks
# for nothing") costs the reply before it this much politeness, at most NOT_HEARD_MAX times a
# call: courtesy words do not undo it.
NOT_HEARD = -10.0
NOT_HEARD_MAX = 3
NO_NEEDS_FACTOR = 1.6
PITCH_EARLY = -8.0
STUFFING = -5.0
STACKED = -3.0
NEED_STUFFING = 3  # needs named by one question before it counts as stuffing
PREMATURE = -25.0
URGENCY_CLOSE = -15.0
HARD_CLOSES = frozenset({"direct", "assumptive", "alternative_choice", "next_step", "summary"})
# A polite habit earns points a few times per call, not on every reply.
CALL_CAP = {
    "greeting": 1,
    "self_introduction": 1,
    "asking_permission": 1,
    "uses_name": 1,
    "gratitude": 2,
    "apology": 2,
    "acknowledgement": 2,  # "I hear you" on every turn is a script, not listening
    "reassurance": 2,
    "hedge": 2,
    "counterfactual_modal": 2,
    "please": 2,
    "deference": 2,
    "indirect": 1,
}


@lru_cache(maxsize=256)
def _cue_regex(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    return compile_any(list(cues))


class _Call:
    """Running state of one grading pass."""

    def __init__(self, needs: list[NeedSpec], infer: bool, complaint: bool = False) -> None:
        self.needs = needs
        self.infer = infer
        self.complaint = complaint
        self.evidence: list[Evidence] = []
        self.found: dict[str, int] = {}
        self.stages: set[int] = set()
        self.situation = 0
        self.open_plain = 0
        self.problem_asked = False
        self.stated: list[str] = []
        self.polite_counts: dict[str, int] = {}
        self.factor = 1.0 if needs else NO_NEEDS_FACTOR

    def add(self, turn: int, quote: str, rule: str, points: float, criterion: str) -> None:
        self.evidence.append(Evidence(turn, quote.strip()[:160], rule, round(points, 2), criterion))

    def discovery(self, i: int, a: ReplyAnalysis) -> None:
        if a.stuffing:
            self.add(
                i,
                a.sentences[0] if a.sentences else a.text,
                "keyword_stuffing",
                STUFFING,
                "needs_discovery",
            )
            return
        # Once a problem question was asked or a need found, the pitch comes after learning
        # what they need (a need found by situation questions counts as much).
        if a.pitch and not self.problem_asked and not self.found and not self.complaint:
            self.add(i, a.pitch_words[0], "pitch_before_problem", PITCH_EARLY, "needs_discovery")
            return
        questions = a.questions
        if len(questions) >= 3:
            self.add(i, questions[1].text, "stacked_questions", STACKED, "needs_discovery")
        if len(questions) >= 2:  # a stack earns what its best question earns
            questions = [max(questions, key=lambda q: (SPIN_VALUE[q.spin], q.form == "open"))]
        for q in questions:
            if q.spin is None:
                if q.form == "open" and self.open_plain < 3:
                    self.open_plain += 1
                    self.add(
                        i, q.text, "open_question", OPEN_NO_SPIN * self.factor, "needs_discovery"
                    )
                continue
            stage = SPIN_STAGE[q.spin]
            if q.spin == "situation":
                self.situation += 1
                if self.situation > SITUATION_LIMIT:
                    self.add(i, q.text, "situation_limit", 0.0, "needs_discovery")
                    continue
            else:
                self.problem_asked = True
            self.add(
                i, q.text, f"spin_{q.spin}", SPIN_POINTS[q.spin] * self.factor, "needs_discovery"
            )
            if stage > 0 and stage not in self.stages and (stage - 1) in self.stages:
                self.add(
                    i, q.text, "spin_progression", PROGRESSION * self.factor, "needs_discovery"
                )
            self.stages.add(stage)
        if self.infer:
            for q in a.questions:
                hit = [n for n in self.needs if (rx := _cue_regex(n.cues)) and rx.search(q.text)]
                if len(hit) >= NEED_STUFFING:
                    # One question that names three hidden needs at once is a cue list.
                    self.add(i, q.text, "keyword_stuffing", STUFFING, "needs_discovery")
                    continue
                for need in hit:
                    if need.id not in self.found:
                        self._found(i, need, q.text)

    def reveal(self, i: int, ids: Sequence[str], a: ReplyAnalysis) -> None:
        by_id = {n.id: n for n in self.needs}
        quote = a.questions[0].text if a.questions else a.text
        for nid in ids:
            if nid in by_id and nid not in self.found:
                self._found(i, by_id[nid], quote)

    def _found(self, i: int, need: NeedSpec, quote: str) -> None:
        self.found[need.id] = i
        self.stated.append(need.fact)
        self.add(
            i, quote, f"need_found:{need.id}", NEEDS_TOTAL / len(self.needs), "needs_discovery"
        )

    def politeness(self, i: int, a: ReplyAnalysis) -> None:
        for m in a.politeness.markers:
            if _argues(m, a):
                continue  # a call charges arguing to objection handling, not twice
            cap = CALL_CAP.get(m.name)
            if cap is not None and m.points > 0:
                if self.polite_counts.get(m.name, 0) >= cap:
                    continue
                self.polite_counts[m.name] = self.polite_counts.get(m.name, 0) + 1
            self.add(i, m.words, m.name, m.points, "politeness")


def _argues(m: Marker, a: ReplyAnalysis) -> bool:
    """The politeness cost reply.py adds for arguing with the objection (same words)."""
    return (
        m.name == "defensive"
        and a.objection is not None
        and any(o.name == "arguing" and o.words == m.words for o in a.objection.markers)
    )


def _moves(a: ReplyAnalysis) -> float:
    return sum(m.points for m in a.objection.markers) if a.objection is not None else 0.0


def _clamp(x: float) -> float:
    return round(max(0.0, min(100.0, x)), 1)


def grade_call(
    transcript: Sequence[Turn | Mapping[str, Any]],
    rubric: Rubric | Mapping[str, Any] | None = None,
    needs: Sequence[NeedSpec | Mapping[str, Any]] = (),
    lang: str = "en",
    *,
    prospect_name: str | None = None,
    seller: str | None = None,
    outcome: str | None = None,
    kind: str | None = None,
) -> Scorecard:
    """Grade a whole call. `outcome` is how it ended ("win", "neutral", "loss", "hung_up");
    a call the prospect walked away from cannot pass, whatever its total. `kind` is the
    scenario's kind; a "complaint" call is graded as one: the customer already said what is
    wrong, so explaining the fix is no premature pitch and agreeing it is no premature close."""
    complaint_call = kind == "complaint"
    lex = get_lexicon(lang)  # an unknown language fails here, before any work
    turns = [_coerce_turn(t, i) for i, t in enumerate(transcript)]
    rub = _coerce_rubric(rubric)
    need_specs = [_coerce_need(n) for n in needs]
    infer = all(t.revealed is None for t in turns if t.speaker == "trainee")
    call = _Call(need_specs, infer, complaint=kind == "complaint")

    prospect_line: str | None = None
    pending: str | None = None
    complaint_open = False
    apologised_after_complaint = True
    trainee_index = 0
    objection_turns: list[tuple[int, ReplyAnalysis]] = []
    analyses: list[tuple[int, ReplyAnalysis]] = []
    best_close: tuple[float, int, ReplyAnalysis] | None = None
    premature = False
    premature_turn: int | None = None
    complaint_turn: int | None = None
    last_asked_problem = False
    prospect_stated_need = False  # an inbound caller often states the need unasked
    hints = 0
    unanswered: Unanswered | None = None
    last_trainee: int | None = None
    not_heard = 0
    for i, turn in enumerate(turns):
        if turn.speaker == "prospect":
            prospect_line = turn.text
            for rule, regex in (
                ("prospect_not_heard", lex.not_heard),
                ("prospect_put_off", lex.put_off),
            ):
                said = search(regex, turn.text, fold(turn.text))
                if said and last_trainee is not None and not_heard < NOT_HEARD_MAX:
                    not_heard += 1
                    # The prospect's own words; the rule's label says whose they are, in the
                    # trainee's language.
                    call.add(
                        last_trainee,
                        turn.text[said.start() : said.end()],
                        rule,
                        NOT_HEARD,
                        "politeness",
                    )
                    break
            pending = turn.objection
            if pending is not None:
                unanswered = None  # a new objection takes the floor
            if turn.objection == "complaint" and not complaint_open:
                complaint_open = True
                complaint_turn = i
                apologised_after_complaint = False
            if last_asked_problem and turn.text.strip():
                call.stated.append(turn.text)
            problem = lex.spin.get("problem")
            if search(problem, turn.text, fold(turn.text)) or any(
                (rx := _cue_regex(n.cues)) and rx.search(turn.text) for n in need_specs
            ):
                prospect_stated_need = True
            continue
        ctx = ReplyContext(
            prospect_line=prospect_line,
            objection=pending,
            prospect_name=prospect_name,
            seller=seller,
            stated_needs=tuple(call.stated),
            turn_index=trainee_index,
        )
        a = analyse_reply(turn.text, lang, ctx)
        analyses.append((i, a))
        last_trainee = i
        trainee_index += 1
        if turn.hint_used:
            hints += 1
            call.add(i, "hint", "hint_used", -HINT_COST, "overall")
        if complaint_open and any(m.name == "apology" for m in a.politeness.markers):
            apologised_after_complaint = True

        # A need is FOUND when a scenario need was uncovered or the prospect voiced a problem;
        # asking a problem question that got no such answer is not yet a reason to close.
        had_need = bool(call.found) or prospect_stated_need
        call.discovery(i, a)
        if turn.revealed:
            call.reveal(i, turn.revealed, a)
        call.politeness(i, a)
        last_asked_problem = any(
            q.spin in ("problem", "implication", "need_payoff") for q in a.questions
        )

        if a.objection is not None:
            objection_turns.append((i, a))
            unanswered = (
                Unanswered(a.objection.type, ctx.prospect_line or "", len(objection_turns) - 1)
                if not (a.objection.acknowledged and a.objection.explored)
                else None
            )
        elif unanswered is not None:
            later = analyse_reply(
                turn.text,
                lang,
                replace(ctx, objection=unanswered.kind, prospect_line=unanswered.line),
            )
            late = late_markers(later) if comes_back(turn.text, later, unanswered, lex) else None
            if late is not None and _moves(late) > _moves(objection_turns[unanswered.slot][1]):
                # Coming back to the objection counts when it handles it better than the first
                # reply did, late as it is.
                objection_turns[unanswered.slot] = (i, late)
                unanswered = None
            else:
                unanswered.left -= 1
                unanswered = unanswered if unanswered.left > 0 else None

        hard = [t for t in a.closing.techniques if t in HARD_CLOSES]
        # Premature means before any need is out. A close after discovery never costs here:
        # closing over an unexplored objection already costs in objection handling, and asking
        # for the time to talk ("two minutes now, or shall I call back?") is no close at all.
        if (
            hard
            and not complaint_call
            and not had_need
            and not call.found
            and not a.has("asking_permission")
        ):
            premature = True
            premature_turn = i if premature_turn is None else premature_turn
            quote = a.closing.words[0] if a.closing.words else a.text
            call.add(i, quote, "premature_close:no_need_yet", PREMATURE, "closing")
        if a.closing.urgency:
            call.add(
                i,
                (a.pressure[0].words if a.pressure else a.closing.words[0]),
                "urgency_close",
                URGENCY_CLOSE,
                "closing",
            )
        value = best_close_value(a)
        if value > 0 and (best_close is None or value > best_close[0]):
            best_close = (value, i, a)
        pending = None

    closing_evidence(call, best_close, analyses)
    n_obj = len(objection_turns)
    apologies = [i for i, a in analyses if a.has("apology")]
    for i, a in objection_turns:
        assert a.objection is not None
        for m in a.objection.markers:
            if m.name == "no_apology" and any(t < i for t in apologies):
                continue  # the apology came earlier in the call; it need not be repeated
            call.add(i, m.words, f"objection_{m.name}", m.points / n_obj, "objection_handling")

    if analyses:
        for crit, rule in (
            ("closing", "close_not_agreed"),
            ("objection_handling", "objection_not_overcome"),
        ):
            cap_by_outcome(call.evidence, call.add, outcome, crit, rule)
    scores: dict[str, float] = {}
    for crit in CRITERIA:
        pts = sum(e.points for e in call.evidence if e.criterion == crit)
        base = 50.0 if crit == "politeness" else 0.0
        scores[crit] = _clamp(base + pts) if analyses else 0.0
    applicable = {c: True for c in CRITERIA}
    if n_obj == 0:
        applicable["objection_handling"] = False
        scores["objection_handling"] = 50.0
    weights = effective_weights(rub, applicable)
    total = sum(weights[c] * scores[c] / 100.0 for c in CRITERIA) - HINT_COST * hints
    total = _clamp(total)

    checks = must_checks(
        analyses, objection_turns, premature_turn, complaint_turn, apologised_after_complaint
    )
    broken = [r for r in rub.must if not checks[r][0]]
    last_turn = analyses[-1][0] if analyses else 0
    call.evidence += broken_evidence(broken, checks)
    not_agreed = any(e.rule.startswith("close_not_agreed:") for e in call.evidence)
    call.evidence += missing_evidence(
        scores, applicable, last_turn, {"closing": "closing_not_agreed"} if not_agreed else None
    )
    lost = outcome is not None and outcome in LOST
    if lost:
        call.add(last_turn, str(outcome), "call_lost", 0.0, "overall")
    criteria = {
        c: CriterionScore(
            score=scores[c],
            evidence=[e for e in call.evidence if e.criterion == c],
            applicable=applicable[c],
            weight=round(weights[c], 2),
        )
        for c in CRITERIA
    }
    return Scorecard(
        criteria=criteria,
        total=total,
        passed=total >= rub.pass_mark and not broken and not lost,
        pass_mark=rub.pass_mark,
        must_broken=broken,
        must_checked={r: checks[r][0] for r in rub.must},
        evidence=sorted(call.evidence, key=lambda e: e.turn),
        needs_found=[n.id for n in need_specs if n.id in call.found],
        needs_missed=[n.id for n in need_specs if n.id not in call.found],
        talk=_talk(turns, analyses),
        premature_close=premature,
        hints_used=hints,
        weakest_turns=_weakest(call.evidence, analyses, weights),
        lang=lang,
        grader=GRADER_VERSION,
    )
