"""Scripted calls: play a list of replies through a scenario and check what a test expects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from trainer.engine.call import Call
from trainer.engine.observer import CallObserver
from trainer.engine.results import OutcomeInfo, TurnResult
from trainer.scenario.models import PlaythroughTest, Scenario

SCRIPT_ENDED = "script ended"


@dataclass(frozen=True, slots=True)
class Step:
    """One scripted reply: where the call was, what the reply did, which nodes it entered."""

    number: int
    reply: str
    node_before: str
    result: TurnResult
    entered: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.number,
            "reply": self.reply,
            "node_before": self.node_before,
            "entered": list(self.entered),
            **{k: v for k, v in self.result.to_dict().items() if k != "reply"},
        }


@dataclass
class Playthrough:
    call: Call
    opening: list[str]
    steps: list[Step] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    script_ran_out: bool = False

    @property
    def path(self) -> list[str]:
        """Node ids entered, in order: the start, then every node moved to (bridges too)."""
        return self.call.path

    @property
    def outcome(self) -> OutcomeInfo | None:
        return self.call.outcome


def play(
    scenario: Scenario,
    replies: Iterable[str],
    trainee: str = "Sam",
    seed: int = 0,
    observer: CallObserver | None = None,
    variant: str | None = None,
) -> Playthrough:
    """Play the replies in order; if they run out before the call ends, the call is ended."""
    return drive(Call(scenario, trainee=trainee, seed=seed, observer=observer, variant=variant),
                 replies)


def drive(call: Call, replies: Iterable[str]) -> Playthrough:
    """Start a call that has not started yet and feed it the replies in order."""
    run = Playthrough(call, call.start())
    pending = list(replies)
    while pending and not call.finished:
        reply = pending.pop(0)
        before = call.node_id
        result = call.reply(reply)
        run.steps.append(Step(len(run.steps) + 1, reply, before, result, tuple(result.entered)))
    run.unused = pending
    if not call.finished:
        run.script_ran_out = True
        call.end(SCRIPT_ENDED)
    return run


@dataclass(frozen=True, slots=True)
class Failure:
    what: str  # "outcome" | "path" | "score" | "passed" | "error"
    message: str
    detail: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "message": self.message, "detail": list(self.detail)}


@dataclass
class TestReport:
    name: str
    run: Playthrough
    score: float | None
    passed: bool | None
    failures: list[Failure]

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        outcome = self.run.outcome
        return {
            "name": self.name,
            "ok": self.ok,
            "outcome": outcome.id if outcome else None,
            "path": self.run.path,
            "score": self.score,
            "passed": self.passed,
            "failures": [f.to_dict() for f in self.failures],
        }


def run_test(scenario: Scenario, test: PlaythroughTest) -> TestReport:
    run = play(scenario, test.replies, trainee=test.trainee, seed=test.seed,
               variant=test.variant)
    expect = test.expect
    threshold = run.call.threshold
    failures: list[Failure] = []
    outcome = run.outcome
    if expect.outcome is not None and (outcome is None or outcome.id != expect.outcome):
        got = outcome.id if outcome else "none"
        detail = [_describe(s, threshold) for s in run.steps]
        if run.script_ran_out:
            detail.append(f"the replies ran out at node '{run.call.node_id}' before an outcome")
        failures.append(Failure("outcome", f"expected outcome '{expect.outcome}', got '{got}'",
                                detail))
    if expect.path is not None:
        failure = _check_path(run, list(expect.path), threshold)
        if failure is not None:
            failures.append(failure)
    score: float | None = None
    passed: bool | None = None
    if expect.min_score is not None or expect.max_score is not None or expect.passed is not None:
        card = run.call.scorecard()
        score = round(float(card.total), 1)
        passed = bool(card.passed)
        if expect.min_score is not None and score < expect.min_score:
            message = f"score {score} is below min_score {expect.min_score:g}"
            failures.append(Failure("score", message))
        if expect.max_score is not None and score > expect.max_score:
            message = f"score {score} is above max_score {expect.max_score:g}"
            failures.append(Failure("score", message))
        if expect.passed is not None and passed != expect.passed:
            failures.append(Failure("passed", f"expected passed={expect.passed}, got {passed}"))
    return TestReport(test.name, run, score, passed, failures)


def _check_path(run: Playthrough, expected: list[str], threshold: float) -> Failure | None:
    actual = run.path
    outcome = run.outcome.id if run.outcome else None
    if expected == actual or (outcome is not None and expected == [*actual, outcome]):
        return None
    index = next(
        (i for i, (e, a) in enumerate(zip(expected, actual, strict=False)) if e != a),
        min(len(expected), len(actual)),
    )
    want = expected[index] if index < len(expected) else "(end of path)"
    got = actual[index] if index < len(actual) else (outcome or "(end of call)")
    step = _step_for_path_index(run, index)
    detail = [f"path so far: {' → '.join(actual[:index]) or '(start)'}"]
    if step is None:
        detail.append(f"the call starts at '{actual[0]}'")
    else:
        detail.append(f"step {step.number}: {step.reply!r} at node '{step.node_before}'")
        detail.append(f"expected node '{want}', got '{got}'")
        detail.append(describe_decision(step.result, threshold))
    return Failure("path", f"path diverged at position {index + 1}: expected '{want}', got '{got}'",
                   detail)


def _step_for_path_index(run: Playthrough, index: int) -> Step | None:
    """The reply taken right after the path matched up to `index`: the one that went astray."""
    reached = len(run.path) - sum(len(step.entered) for step in run.steps)
    if index < reached:
        return None  # the opening itself (start node and its bridges) differs
    for step in run.steps:
        if reached >= index:
            return step
        reached += len(step.entered)
    return run.steps[-1] if run.steps else None


def _describe(step: Step, threshold: float) -> str:
    decision = describe_decision(step.result, threshold)
    return f"step {step.number} at '{step.node_before}': {step.reply!r} {decision}"


def describe_decision(result: TurnResult, threshold: float | None = None) -> str:
    """`→ intent (score 87, runner-up other 61)` or `fallback: below threshold (best x 48 < 60)`."""
    if result.global_intent in ("repeat", "line_check", "goodbye", "early_close"):
        return f"global intent '{result.global_intent}'"
    m = result.match
    if m is not None:
        runner = (
            f", runner-up {m.runner_up_intent} {m.runner_up_score:g}"
            if m.runner_up_intent is not None and m.runner_up_score is not None
            else ""
        )
        why = f"; {'; '.join(m.why)}" if m.why else ""
        return f"→ {m.intent} (score {m.score:g}{runner}{why})"
    f = result.fallback
    if f is None:
        if result.global_intent == "rude":
            return "rude: no branch taken"
        if result.revealed or result.rungs:
            return "a question about a need, answered (no branch taken)"
        return "no decision"
    if f.reason == "clarify":
        guess = f" {f.best_intent} {f.best_score:g}" if f.best_score is not None else ""
        return f"clarifying question (close to{guess}; no patience lost)"
    reason = f.reason.replace("_", " ")
    if f.best_intent is None or f.best_score is None:
        return f"fallback: {reason}"
    best = f"best {f.best_intent} {f.best_score:g}"
    if f.reason == "below_threshold" and threshold is not None:
        best += f" < threshold {threshold:g}"
    elif f.reason == "ambiguous" and result.match is None:
        best += " too close to the runner-up"
    return f"fallback: {reason} ({best})"
