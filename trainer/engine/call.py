"""One conversation with a prospect: state, one reply at a time, rewind, hint, end."""

from __future__ import annotations

import copy
import random
from typing import Any

from trainer.diagnostics import TrainerError
from trainer.engine import analysis as scoring_adapter
from trainer.engine import variants
from trainer.engine.advice import advice, base_values
from trainer.engine.conditions import Facts, holds
from trainer.engine.discovery import Discovery, TellingMixin
from trainer.engine.early_close import concern_ahead, is_early_close
from trainer.engine.effects import EffectsMixin
from trainer.engine.globals import GlobalIntent, global_intent_for, is_rude
from trainer.engine.globals import load as load_globals
from trainer.engine.lookahead import Jump, jump_for
from trainer.engine.observer import CallObserver
from trainer.engine.repair import RepairMixin, retries_of
from trainer.engine.results import (
    FallbackInfo,
    Match,
    OutcomeInfo,
    TranscriptEntry,
    TurnResult,
)
from trainer.engine.said import without_repeated_facts
from trainer.engine.speech import SpeechMixin
from trainer.engine.state import CallState, Snapshot, TurnDraft
from trainer.engine.text import ROUTING_LIMIT, fill, is_blank
from trainer.engine.understanding.heard import hear
from trainer.engine.understanding.matcher import understanding
from trainer.engine.understanding.slots import WHEN
from trainer.scenario.models import Node, Scenario, pool

ENDED_EARLY = "ended_early"
SAID_GOODBYE = "said_goodbye"
# Bridges (nodes that only talk and move on) chained longer than this are a loop in the file.
MAX_BRIDGE_HOPS = 50


class Call(RepairMixin, SpeechMixin, TellingMixin, EffectsMixin):
    def __init__(
        self,
        scenario: Scenario,
        trainee: str = "Trainee",
        seed: int = 0,
        observer: CallObserver | None = None,
        variant: str | None = None,
    ) -> None:
        if scenario.start not in scenario.nodes:
            raise TrainerError(
                f"scenario '{scenario.id}': start node '{scenario.start}' does not exist"
            )
        self.scenario = scenario
        self.trainee = trainee.strip() or "Trainee"
        self.seed = seed
        self.observer = observer
        self.variant = variants.choose(scenario, seed, variant)
        self.persona = variants.persona_for(scenario, self.variant)
        # A finished call cannot change (no rewind, no hint), so it is graded once.
        self._final_card: Any = None
        self._rng = random.Random(seed)
        self._globals = load_globals(scenario.language)
        self._base_values: dict[str, Any] = base_values(scenario, self.trainee)
        self._understanding = understanding(scenario, self._base_values)
        self._discovery = Discovery(
            scenario.needs, self._understanding.canoniser, self._understanding.stopwords
        )
        self._s = CallState(
            node_id=scenario.start,
            mood=self.persona.mood,
            patience=self.persona.patience,
            variables=dict(scenario.variables),
        )
        self._snapshots: list[Snapshot] = []
        self._started = False
        self._opening_len = 0
        self.transcript: list[TranscriptEntry] = []

    # -- read-only view of the state -------------------------------------------------------
    @property
    def node_id(self) -> str:
        return self._s.node_id

    @property
    def node(self) -> Node:
        return self.scenario.nodes[self._s.node_id]

    @property
    def mood(self) -> int:
        return self._s.mood

    @property
    def patience(self) -> int:
        return self._s.patience

    @property
    def patience_max(self) -> int:
        return self.persona.patience

    @property
    def turns(self) -> int:
        return self._s.turns

    @property
    def threshold(self) -> float:
        """The match threshold in force: the scenario's own, or the language's calibrated one."""
        return self._understanding.threshold

    @property
    def max_turns(self) -> int:
        return self.scenario.settings.max_turns

    @property
    def revealed(self) -> list[str]:
        """Needs the trainee uncovered (not those the prospect mentioned unasked)."""
        return [n for n in self._s.revealed if n not in self._s.volunteered]

    @property
    def variables(self) -> dict[str, Any]:
        return dict(self._s.variables)

    @property
    def visits(self) -> dict[str, int]:
        return dict(self._s.visits)

    @property
    def path(self) -> list[str]:
        """Node ids entered so far, in order (the start node first, bridges included)."""
        return list(self._s.path)

    @property
    def finished(self) -> bool:
        return self._s.finished

    @property
    def outcome(self) -> OutcomeInfo | None:
        return self._s.outcome

    @property
    def can_rewind(self) -> bool:
        return bool(self._snapshots) and not self._s.finished

    # -- the conversation ------------------------------------------------------------------
    def start(self) -> list[str]:
        """The prospect picks up. Calling it again returns the opening without changing state."""
        if self._started:
            return [e.text for e in self.transcript[: self._opening_len]]
        self._started = True
        turn = TurnDraft()
        self._enter(self.scenario.start, turn)
        self._commit_prospect(turn)
        self._opening_len = len(self.transcript)
        if self._s.finished and self._s.outcome is not None:
            self._notify_end(self._s.outcome)
        return [text for text, _, _ in turn.lines]

    def reply(self, text: str) -> TurnResult:
        """Answer one trainee reply. Never raises for any text."""
        text = text if isinstance(text, str) else str(text)
        if not self._started:
            self.start()
        s = self._s
        if s.finished:
            return self._result(text, TurnDraft())
        if is_blank(text):
            left = max(0, retries_of(self.node) - s.misses)
            empty = FallbackInfo("empty", retries_left=left)
            return self._result(text, TurnDraft(), fallback=empty)

        snapshot = Snapshot(copy.deepcopy(s), self._rng.getstate(), len(self.transcript))
        self._snapshots.append(snapshot)
        routed = text[:ROUTING_LIMIT]
        node_id = s.node_id
        node = self.node
        analysis = scoring_adapter.analyse(
            routed,
            self.scenario.language,
            prospect_line=" ".join(s.last_lines) or None,
            objection=node.objection.value if node.objection else None,
            prospect_name=self.scenario.persona.name,
            stated_needs=[self._need_fact(n) for n in s.revealed],
            turn_index=s.turns,
            seller=self.scenario.seller.company,
        )
        heard = hear(routed, self.scenario.language, self._understanding.canoniser, analysis)
        norm = heard.norm
        s.turns += 1
        hint_used = s.hint_pending
        s.hint_pending = False
        # Stated before the prospect answers, so a booking confirms the trainee's own time.
        if any(k in heard.slots for k in WHEN):
            # A new proposal replaces the old one whole: an old time never pairs a new day.
            for key in WHEN:
                s.slots.pop(key, None)
        s.slots.update(heard.slots)

        facts = self._facts()
        active = [
            b
            for b in self._understanding.nodes[node_id]
            if holds(node.branches[b.index].when, facts)
        ]
        settings = self.scenario.settings
        verdict = self._resolve_clarifying(heard, self._understanding.decide(heard, active),
                                           active)
        rude = bool(getattr(analysis, "rude", False)) or is_rude(norm, self._globals)
        global_intent = global_intent_for(norm, verdict.winner is not None,
                                          verdict.best.score if verdict.best else 0.0, rude,
                                          self._globals)

        turn = TurnDraft()
        match: Match | None = None
        fallback: FallbackInfo | None = None
        if global_intent in ("repeat", "line_check"):
            last = " ".join(s.last_lines)
            say = self._globals.repeat_say if global_intent == "repeat" else self._globals.line_say
            turn.lines.append((self._fill(say, last=last), node_id, None))
            turn.repeated = True
        elif global_intent == "goodbye":
            self._apply_costs(turn, analysis, rude)
            self._finish(OutcomeInfo(SAID_GOODBYE, "neutral", self._fill(self._globals.goodbye_say),
                                     "The trainee said goodbye."), turn)
        else:
            self._apply_costs(turn, analysis, rude)
            tellings = self._discover(analysis) if node.discovery else []
            if verdict.winner is not None:
                match = Match.of(verdict)
                branch = node.branches[verdict.winner.branch.index]
                self._apply_effects(branch.effects, turn)
                self._say_variant(f"{node_id}#b{branch.intent}", branch.say, node_id, turn)
                self._tell(tellings, turn)
                self._go(branch.goto, turn)
            elif global_intent == "rude":
                self._tell(tellings, turn)
            elif any(t.text for t in tellings):
                # A good question about a need is answered, not treated as a miss.
                self._tell(tellings, turn)
                self._advance(node, turn)
            elif (jump := self._jump(heard)) is not None:
                match = Match.of(jump.verdict, skipped_to=jump.node)
                self._apply_effects(jump.branch.effects, turn)
                self._say_variant(f"{jump.node}#b{jump.branch.intent}", jump.branch.say,
                                  jump.node, turn)
                self._tell(tellings, turn)
                self._go(jump.branch.goto, turn)
            elif self._globals.early_close_say and is_early_close(
                heard, self.scenario, node_id, self._facts()
            ):
                self._tell(tellings, turn)
                concern = concern_ahead(self.scenario, node_id, self._facts(), self._choose)
                if concern is not None:
                    self._go(concern, turn)
                else:
                    lines = self._globals.early_close_say
                    turn.lines.append((self._fill(lines[s.turns % len(lines)]), node_id, None))
                global_intent = "early_close"
            else:
                self._tell(tellings, turn)  # credit for asking about what was volunteered
                fallback = self._fall_back(node_id, node, verdict, turn)

        if not s.finished and s.patience <= 0:
            self._finish(self._outcome(settings.hang_up, "loss"), turn)
        if not s.finished and s.turns >= settings.max_turns:
            self._finish(self._outcome(settings.timeout or settings.hang_up, "loss"), turn)

        entry = TranscriptEntry(
            index=len(self.transcript),
            speaker="trainee",
            text=text,
            node=node_id,
            revealed=tuple(r.id for r in turn.revealed),
            hint_used=hint_used,
            match=match,
            fallback=fallback,
            analysis=analysis,
        )
        self._append(entry)
        self._commit_prospect(turn)
        if s.finished and s.outcome is not None:
            self._notify_end(s.outcome)
        return self._result(text, turn, match=match, fallback=fallback,
                            global_intent=global_intent, analysis=analysis)

    def rewind(self) -> bool:
        """Undo the last reply and the prospect's answer. A finished call cannot be rewound."""
        if not self.can_rewind:
            return False
        snap = self._snapshots.pop()
        self._s = snap.state
        self._rng.setstate(snap.rng)
        removed = self.transcript[snap.transcript_len :]
        del self.transcript[snap.transcript_len :]
        hook = getattr(self.observer, "on_rewind", None)
        if hook is not None:
            hook(removed)
        return True

    def hint(self) -> str | None:
        """The advice the scorecard would give here; the next reply is then marked hint_used."""
        if self._s.finished:
            return None
        text = advice(self.scenario, self._s.node_id,
                      {**self._s.slots, **self._s.variables, **self._base_values})
        if not text:
            return None
        self._s.hint_pending = True
        return text

    def end(self, reason: str = "ended") -> OutcomeInfo:
        """The trainee hangs up; a call that already ended keeps its outcome."""
        if self._s.finished and self._s.outcome is not None:
            return self._s.outcome
        outcome = OutcomeInfo(ENDED_EARLY, "neutral", "", f"The trainee ended the call ({reason}).")
        self._s.finished = True
        self._s.outcome = outcome
        self._notify_end(outcome)
        return outcome

    def scoring_turns(self) -> list[Any]:
        return scoring_adapter.turns_of(self.transcript)

    def scorecard(self) -> Any:
        if self._final_card is not None:
            return self._final_card
        result = self._s.outcome.result if self._s.outcome is not None else None
        card = scoring_adapter.grade(self.scoring_turns(), self.scenario, result)
        if self.finished:
            self._final_card = card
        return card

    # -- internals -------------------------------------------------------------------------
    def _jump(self, heard: Any) -> Jump | None:
        facts = self._facts()

        def active(node_id: str) -> list[Any]:
            node = self.scenario.nodes[node_id]
            return [
                b
                for b in self._understanding.nodes[node_id]
                if holds(node.branches[b.index].when, facts)
            ]

        return jump_for(heard, self.scenario, self._s.node_id, facts, self._understanding,
                        active, self._choose)

    def _choose(self, node_id: str, targets: list[str]) -> str:
        return variants.pick_from_pool(self.seed, node_id, targets)

    def _facts(self) -> Facts:
        s = self._s
        return Facts(s.revealed, s.variables, s.visits, s.mood)

    def _fill(self, template: str, **extra: Any) -> str:
        values = {**self._s.slots, **self._s.variables, **self._base_values, **extra}
        return fill(template, values)

    def _need_fact(self, need_id: str) -> str:
        need = self.scenario.need(need_id)
        return need.fact if need else need_id

    def _go(self, target: str, turn: TurnDraft) -> None:
        # An outcome the author chose for this reply stands even if patience ran out with it;
        # a move to another node does not happen once the prospect has had enough.
        if target in self.scenario.outcomes:
            self._finish(self._outcome(target, "neutral"), turn)
        elif self._s.patience > 0:
            self._enter(target, turn)

    def _enter(self, target: str, turn: TurnDraft) -> None:
        s = self._s
        for _ in range(MAX_BRIDGE_HOPS):
            if target not in self.scenario.nodes:
                self._finish(self._outcome(target, "neutral"), turn)
                return
            node = self.scenario.nodes[target]
            s.node_id = target
            s.visits[target] = s.visits.get(target, 0) + 1
            s.path.append(target)
            turn.entered.append(target)
            s.misses = 0
            objection = node.objection.value if node.objection else None
            self._say_node(target, node, objection, turn)
            if node.goto is None or node.branches:
                return
            target = variants.pick_from_pool(self.seed, target, pool(node.goto))
        self._finish(self._outcome(self.scenario.settings.hang_up, "loss"), turn)

    def _commit_prospect(self, turn: TurnDraft) -> None:
        facts = {r.fact for r in turn.revealed}
        if not turn.repeated:
            turn.lines, facts = without_repeated_facts(turn.lines, facts)
        self._notice_volunteered([t for t, _, _ in turn.lines if t not in facts])
        for text, node, objection in turn.lines:
            self._append(
                TranscriptEntry(len(self.transcript), "prospect", text, node, objection)
            )
        if turn.lines and not turn.repeated:
            # What the prospect says last is what "repeat" repeats and the next reply answers.
            said = [t for t, _, _ in turn.lines]
            self._s.last_lines = ([t for t in said if t not in facts] or said)[-1:]

    def _append(self, entry: TranscriptEntry) -> None:
        self.transcript.append(entry)
        hook = getattr(self.observer, "on_entry", None)
        if hook is not None:
            hook(entry)

    def _notify_end(self, outcome: OutcomeInfo) -> None:
        hook = getattr(self.observer, "on_end", None)
        if hook is not None:
            hook(outcome)

    def _result(
        self,
        text: str,
        turn: TurnDraft,
        match: Match | None = None,
        fallback: FallbackInfo | None = None,
        global_intent: GlobalIntent | None = None,
        analysis: Any = None,
    ) -> TurnResult:
        s = self._s
        return TurnResult(
            reply=text,
            lines=[t for t, _, _ in turn.lines],
            node=s.node_id,
            mood=s.mood,
            patience=s.patience,
            match=match,
            fallback=fallback,
            global_intent=global_intent,
            mood_delta=turn.mood_delta,
            patience_delta=turn.patience_delta,
            revealed=list(turn.revealed),
            variables_set=dict(turn.variables_set),
            ended=s.finished,
            outcome=s.outcome,
            analysis=analysis,
            entered=list(turn.entered),
            rungs=list(turn.rungs),
        )

