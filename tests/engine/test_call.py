from __future__ import annotations

import json
from typing import Any

import pytest

from tests.engine.engine_scenario import BASE, scenario
from trainer.engine import ENDED_EARLY, SAID_GOODBYE, Call, OutcomeInfo, TranscriptEntry
from trainer.engine.mood import reply_costs
from trainer.scenario.library import resolve

GREET = "Hi Mike, this is Sam from NordParts, do you have two minutes?"
ASK = "How do you order your parts today?"
UNRELATED = "what's the weather like in Bergen"


class Recorder:
    def __init__(self) -> None:
        self.entries: list[TranscriptEntry] = []
        self.rewound: list[list[TranscriptEntry]] = []
        self.ended: list[OutcomeInfo] = []

    def on_entry(self, entry: TranscriptEntry) -> None:
        self.entries.append(entry)

    def on_rewind(self, removed: list[TranscriptEntry]) -> None:
        self.rewound.append(removed)
        del self.entries[len(self.entries) - len(removed):]

    def on_end(self, outcome: OutcomeInfo) -> None:
        self.ended.append(outcome)


def state(call: Call) -> dict[str, Any]:
    return {
        "node": call.node_id, "mood": call.mood, "patience": call.patience, "turns": call.turns,
        "revealed": call.revealed, "variables": call.variables, "visits": call.visits,
        "path": call.path, "finished": call.finished, "outcome": call.outcome,
        "transcript": [e.to_dict() for e in call.transcript],
    }


def test_opening_fills_placeholders_and_depends_only_on_the_seed() -> None:
    sc = scenario()
    openings = {tuple(Call(sc, "Sam", seed=s).start()) for s in range(20)}
    assert openings == {("Dawson Motors, Mike speaking.",), ("Yeah, Dawson Motors.",)}
    assert Call(sc, seed=7).start() == Call(sc, seed=7).start()


def test_a_branch_says_its_line_then_a_bridge_then_the_target() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    res = call.reply(GREET)
    assert res.match is not None and res.match.intent == "introduce"
    assert res.lines == ["Sure.", "Let me close the door.", "Go on then."]
    assert res.entered == ["bridge", "listening"]
    assert call.node_id == "listening" and call.path == ["opening", "bridge", "listening"]
    assert res.mood_delta >= 1 and res.variables_set == {"interest": 1}
    prospect = [e for e in call.transcript if e.speaker == "prospect"]
    assert prospect[-1].objection == "timing" and prospect[-1].node == "listening"
    assert prospect[-2].objection is None


def test_once_when_visits_and_sequence_lines() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    call.reply(GREET)  # "Go on then." (once) on the first visit
    lines = [call.reply(ASK).lines for _ in range(3)]
    # second visit: the visits>=2 line; then the last line repeats; "Go on then." never again
    assert lines == [["What now?"], ["I'm listening."], ["I'm listening."]]
    assert call.visits["listening"] == 4


def test_cycle_pick_goes_round() -> None:
    nodes = dict(BASE["nodes"])
    nodes["listening"] = {**nodes["listening"], "say": ["one", "two"], "pick": "cycle"}
    call = Call(scenario(nodes=nodes), "Sam")
    call.start()
    said = [call.reply(GREET).lines[-1]] + [call.reply(ASK).lines[0] for _ in range(3)]
    assert said == ["one", "two", "one", "two"]


def test_fallback_retries_then_moves_on_and_costs_patience() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    first = call.reply(UNRELATED)
    assert first.fallback is not None and first.fallback.reason == "below_threshold"
    assert first.fallback.retries_left == 1 and first.lines == ["Who is this?"]
    assert first.patience_delta == -1 and call.node_id == "opening"
    call.reply(UNRELATED)
    third = call.reply(UNRELATED)
    assert third.ended and third.outcome is not None and third.outcome.id == "hang_up"


def test_an_empty_reply_reprompts_without_cost_or_record() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    before = state(call)
    for blank in ("", "   ", "\n\t", "\u200b", "\x00"):
        res = call.reply(blank)
        assert res.fallback is not None and res.fallback.reason == "empty"
        assert res.lines == [] and not res.ended
    assert state(call) == before


def test_rewind_restores_everything_including_the_random_generator() -> None:
    sc = scenario()
    replies = [GREET, ASK, UNRELATED, ASK]
    call = Call(sc, "Sam", seed=3)
    call.start()
    call.reply(replies[0])
    snapshots = [state(call)]
    for reply in replies[1:]:
        call.reply(reply)
        snapshots.append(state(call))
    for expected in reversed(snapshots[:-1]):
        assert call.rewind()
        assert state(call) == expected
    # replaying after a rewind gives exactly what a fresh call gives
    for reply in replies[1:]:
        call.reply(reply)
    fresh = Call(sc, "Sam", seed=3)
    fresh.start()
    for reply in replies:
        fresh.reply(reply)
    assert state(call) == state(fresh)


def test_rewind_replays_random_choices_identically() -> None:
    nodes = dict(BASE["nodes"])
    nodes["listening"] = {**nodes["listening"], "say": [f"line {i}" for i in range(8)],
                          "pick": "random"}
    call = Call(scenario(nodes=nodes), "Sam", seed=11)
    call.start()
    call.reply(GREET)
    first = call.reply(ASK).lines
    assert call.rewind()
    assert call.reply(ASK).lines == first


def test_rewind_limits_and_observer() -> None:
    recorder = Recorder()
    call = Call(scenario(), "Sam", observer=recorder)
    call.start()
    assert not call.rewind()  # nothing to undo: the opening stays
    call.reply(GREET)
    assert len(recorder.entries) == len(call.transcript)
    assert call.rewind()
    assert recorder.rewound and recorder.rewound[0][0].speaker == "trainee"
    assert recorder.entries == call.transcript and call.node_id == "opening"
    call.end()
    assert not call.rewind()  # a finished call is final


def test_hint_gives_the_model_answer_and_marks_the_next_reply() -> None:
    call = Call(scenario(), "Kari")
    call.start()
    assert call.hint() == "Hi Mike, Kari from NordParts. Got two minutes?"
    call.reply(GREET)
    call.reply(ASK)
    trainee = [e for e in call.transcript if e.speaker == "trainee"]
    assert [e.hint_used for e in trainee] == [True, False]
    turns = call.scoring_turns()
    assert [t.hint_used for t in turns if t.speaker == "trainee"] == [True, False]


def test_end_is_a_neutral_early_ending_and_later_replies_change_nothing() -> None:
    recorder = Recorder()
    call = Call(scenario(), "Sam", observer=recorder)
    call.start()
    outcome = call.end("changed my mind")
    assert outcome.id == ENDED_EARLY and outcome.result == "neutral"
    assert call.finished and call.outcome == outcome and recorder.ended == [outcome]
    assert call.end() == outcome and recorder.ended == [outcome]
    before = state(call)
    res = call.reply(GREET)
    assert res.ended and res.lines == [] and state(call) == before
    assert call.hint() is None


def test_repeat_says_the_last_line_again_without_changing_state() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    call.reply(GREET)
    before = state(call)
    res = call.reply("sorry, can you repeat that?")
    assert res.global_intent == "repeat" and res.lines == ["I said: Go on then."]
    assert call.reply("pardon?").lines == ["I said: Go on then."]
    after = state(call)
    for key in ("node", "mood", "patience", "revealed", "variables", "visits", "path"):
        assert after[key] == before[key]


def test_goodbye_ends_the_call_neutrally() -> None:
    recorder = Recorder()
    call = Call(scenario(), "Sam", observer=recorder)
    call.start()
    res = call.reply("Okay, bye!")
    assert res.global_intent == "goodbye" and res.ended
    assert res.outcome is not None and res.outcome.id == SAID_GOODBYE
    assert res.outcome.result == "neutral" and recorder.ended == [res.outcome]


def test_a_branch_that_mentions_bye_is_not_stolen_by_goodbye() -> None:
    sc = resolve("cold-call-car-parts").scenario
    call = Call(sc, "Sam")
    call.start()
    for reply in ["Hi Mike, this is Sam from NordParts, have you got a minute?",
                  "Who supplies your parts today and how does that work?",
                  "Is there anything that frustrates you about how parts arrive?",
                  "Great, so shall I send you a contract today?",
                  "I can give you 20 percent off right now."]:
        call.reply(reply)
    assert call.node_id == "send_info_objection"
    res = call.reply("Okay, I'll send you our brochure then, bye")
    assert res.global_intent is None and res.match is not None
    assert res.match.intent == "just_send" and res.outcome is not None
    assert res.outcome.id == "polite_end"


def test_rudeness_costs_patience_and_the_prospect_says_so() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    res = call.reply("shut up, you idiot")
    assert res.global_intent == "rude"
    assert res.patience_delta <= -3 and res.mood_delta <= -3
    assert res.lines[0].startswith("Hey — there's no need")
    assert res.fallback is None and call.node_id == "opening"


def test_a_question_reveals_a_need_and_the_same_words_as_a_statement_do_not() -> None:
    statement = Call(scenario(), "Sam")
    statement.start()
    statement.reply(GREET)
    res = statement.reply("Your supplier is always late with deliveries.")
    assert res.revealed == [] and statement.revealed == []

    question = Call(scenario(), "Sam")
    question.start()
    question.reply(GREET)
    res = question.reply("Is your supplier ever late with deliveries?")
    assert [r.id for r in res.revealed] == ["late"]
    assert "Deliveries are late." in res.lines
    assert question.revealed == ["late"]
    trainee = [e for e in question.transcript if e.speaker == "trainee"][-1]
    assert trainee.revealed == ("late",)
    # a need is revealed once
    again = question.reply("Is your supplier ever late with deliveries?")
    assert again.revealed == []


def test_branch_effects_reveal_needs() -> None:
    nodes = dict(BASE["nodes"])
    branches = [dict(b) for b in nodes["opening"]["branches"]]
    branches[0]["effects"] = {"reveal": ["cash"]}
    nodes["opening"] = {**nodes["opening"], "branches": branches}
    call = Call(scenario(nodes=nodes), "Sam")
    call.start()
    res = call.reply(GREET)
    assert [r.id for r in res.revealed] == ["cash"] and "We pay up front." in res.lines


def test_patience_running_out_hangs_up() -> None:
    persona = {**BASE["persona"], "patience": 2}
    nodes = dict(BASE["nodes"])
    nodes["opening"] = {**nodes["opening"],
                        "fallback": {"say": "Who?", "retries": 5, "then": "polite_end"}}
    call = Call(scenario(persona=persona, nodes=nodes), "Sam")
    call.start()
    assert not call.reply(UNRELATED).ended
    res = call.reply(UNRELATED)
    assert res.ended and res.outcome is not None and res.outcome.id == "hang_up"
    assert res.lines[-1] == "I'm hanging up." and call.patience <= 0


def test_the_world_leader_pitch_costs_patience() -> None:
    # the pitch branch of the test scenario has no effects of its own
    call = Call(scenario(), "Sam")
    call.start()
    res = call.reply(
        "I'm a representative of a Canadian company, we are world leaders in brake pads."
    )
    assert res.patience_delta < 0 and call.patience < call.patience_max


def test_the_world_leader_pitch_gets_hung_up_on_in_the_starter_scenario() -> None:
    call = Call(resolve("cold-call-car-parts").scenario, "Sam")
    call.start()
    first = call.reply(
        "I'm a representative of a Canadian company, we are world leaders in car parts."
    )
    assert first.patience_delta <= -2  # the branch's -1 and the pitch's own cost
    call.reply("We are world leaders, you really need to hear this offer.")
    assert call.outcome is not None and call.outcome.id == "hang_up"


def test_the_turn_cap_ends_the_call() -> None:
    settings = {**BASE["settings"], "max_turns": 3, "timeout": "polite_end"}
    call = Call(scenario(settings=settings), "Sam")
    call.start()
    call.reply(GREET)
    call.reply(ASK)
    res = call.reply(ASK)
    assert res.ended and res.outcome is not None and res.outcome.id == "polite_end"
    assert call.turns == 3


def test_conditional_branches_follow_variables() -> None:
    early = Call(scenario(), "Sam")
    early.start()
    early.reply(GREET)  # interest 1
    res = early.reply("Can we book a meeting on Thursday?")
    assert res.match is not None and res.match.intent == "close_early"

    variables = {"interest": 1}
    ready = Call(scenario(variables=variables), "Sam")
    ready.start()
    ready.reply(GREET)  # interest 2
    res = ready.reply("Can we book a meeting on Thursday?")
    assert res.match is not None and res.match.intent == "close"
    assert res.outcome is not None and res.outcome.result == "win"


def test_results_are_json_and_the_scorecard_uses_the_transcript() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    res = call.reply(GREET)
    json.dumps(res.to_dict())
    json.dumps([e.to_dict() for e in call.transcript])
    call.reply("Is your supplier ever late with deliveries?")
    call.end()
    turns = call.scoring_turns()
    assert [t.speaker for t in turns] == [e.speaker for e in call.transcript]
    assert any(t.revealed == ("late",) for t in turns if t.speaker == "trainee")
    assert all(t.revealed is None for t in turns if t.speaker == "prospect")
    card = call.scorecard()
    assert 0 <= card.total <= 100
    json.dumps(card.to_dict())


def test_tone_moves_mood_and_patience() -> None:
    # The politeness scale spreads 2x around 50 (scoring.politeness.SPREAD): 95 and 5 are the
    # old 72.5 and 27.5.
    assert reply_costs(politeness=95, pressure=0, pitch=False, rude=False) == (1, 0)
    assert reply_costs(politeness=5, pressure=0, pitch=False, rude=False) == (-1, 0)
    assert reply_costs(politeness=50, pressure=3, pitch=True, rude=False) == (0, -3)
    assert reply_costs(politeness=50, pressure=0, pitch=False, rude=True) == (-3, -3)


def test_the_reply_is_analysed_in_the_context_of_what_the_prospect_said(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trainer.engine.call as call_module

    seen: list[dict[str, Any]] = []
    real = call_module.scoring_adapter.analyse

    def spy(text: str, lang: str, **context: Any) -> Any:
        seen.append(context)
        return real(text, lang, **context)

    monkeypatch.setattr(call_module.scoring_adapter, "analyse", spy)
    call = Call(scenario(), "Sam")
    call.start()
    call.reply(GREET)
    call.reply("Is your supplier ever late with deliveries?")
    call.reply(ASK)
    assert seen[0]["objection"] is None and seen[0]["prospect_line"] == "Yeah, Dawson Motors."
    assert seen[1]["objection"] == "timing" and seen[1]["prospect_line"] == "Go on then."
    assert seen[1]["stated_needs"] == [] and seen[2]["stated_needs"] == ["Deliveries are late."]
    assert [c["turn_index"] for c in seen] == [0, 1, 2]
    assert all(c["prospect_name"] == "Mike" for c in seen)


def test_norwegian_global_intents() -> None:
    call = Call(scenario(language="nb"), "Sam")
    call.start()
    assert call.reply("hæ?").global_intent == "repeat"
    rude = call.reply("hold kjeft")
    assert rude.global_intent == "rude" and rude.lines[0].startswith("Hei, det er ingen grunn")
    bye = call.reply("ok, ha det bra")
    assert bye.global_intent == "goodbye" and bye.outcome is not None
    assert bye.lines == ["Ok. Ha det."]


def test_a_rude_reply_that_matches_a_branch_is_answered_after_the_objection() -> None:
    call = Call(scenario(), "Sam")
    call.start()
    res = call.reply("Hi Mike you idiot, this is Sam from NordParts, do you have two minutes?")
    assert res.global_intent == "rude" and res.match is not None
    assert res.match.intent == "introduce" and call.node_id == "listening"
    assert res.lines[0].startswith("Hey — there's no need") and res.patience_delta <= -3


def test_a_node_without_branches_re_asks_then_gives_up() -> None:
    nodes = dict(BASE["nodes"])
    nodes["bridge"] = {"say": "Hm.", "goto": "dead_end"}
    nodes["dead_end"] = {"say": "Right."}
    call = Call(scenario(nodes=nodes), "Sam")
    call.start()
    call.reply(GREET)
    res = call.reply("Anything at all")
    assert res.fallback is not None and res.fallback.reason == "no_branches"
    assert res.lines == ["Right."]
    call.reply("Anything at all")
    last = call.reply("Anything at all")
    assert last.ended and last.outcome is not None and last.outcome.id == "hang_up"


def test_a_loop_of_bridges_ends_the_call_instead_of_hanging() -> None:
    nodes = dict(BASE["nodes"])
    nodes["bridge"] = {"say": "Ping.", "goto": "loop"}
    nodes["loop"] = {"say": "Pong.", "goto": "bridge"}
    call = Call(scenario(nodes=nodes), "Sam")
    call.start()
    res = call.reply(GREET)
    assert res.ended and res.outcome is not None and res.outcome.id == "hang_up"
    assert len(res.lines) < 200


def test_a_finished_call_is_graded_once() -> None:
    call = Call(resolve("cold-call-car-parts").scenario, trainee="Sam", seed=0)
    call.start()
    call.reply("Hi Mike, this is Sam from NordParts. Do you have two minutes?")
    assert call.scorecard() is not call.scorecard()  # still going: graded afresh each time
    call.end()
    assert call.scorecard() is call.scorecard()
