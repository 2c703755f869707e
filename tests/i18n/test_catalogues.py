"""The catalogues are complete: every key in both languages, the same placeholders, a label
for every rule the grader can give, every criterion and every must-rule."""

from __future__ import annotations

import pytest

import scoring.objections as objections
import scoring.politeness as politeness
from scoring import CRITERIA, MUST_RULES
from trainer.i18n import labels as label
from trainer.i18n import messages
from trainer.i18n.catalog import LANGUAGES, entries, fields

EN = entries("en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_in_every_language_with_the_same_placeholders(lang: str) -> None:
    own = entries(lang)
    assert sorted(set(EN) - set(own)) == [], "missing"
    assert sorted(set(own) - set(EN)) == [], "not in the English catalogue"
    differ = [k for k in EN if fields(EN[k]) != fields(own[k])]
    assert differ == []
    assert [k for k, v in own.items() if not v.strip()] == []


def _rules() -> set[str]:
    found = set(politeness.POINTS) | {f"objection_{k}" for k in objections.POINTS}
    found |= {"objection_answered_late", "keyword_stuffing", "stacked_questions",
              "open_question", "hint_used", "spin_progression", "situation_limit",
              "pitch_before_problem", "urgency_close", "concrete_next_step",
              "next_step_action", "next_step_time", "next_step_owner", "call_lost"}
    found |= {f"spin_{k}" for k in ("situation", "problem", "implication", "need_payoff")}
    from scoring.closing import TECHNIQUES

    found |= {f"close_{t}" for t in TECHNIQUES}
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_rule_criterion_and_must_rule_has_words(lang: str) -> None:
    t = messages(lang)
    assert [r for r in sorted(_rules()) if not t.has(f"rule.{r}")] == []
    assert [c for c in CRITERIA if not t.has(f"criteria.{c}")] == []
    assert [c for c in CRITERIA if not t.has(f"missing.{c}")] == []
    assert [m for m in MUST_RULES if not t.has(f"must.{m}")] == []


def test_rules_the_grader_gives_on_the_builtin_playthroughs_have_words() -> None:
    from trainer.engine.playthrough import play
    from trainer.scenario.library import builtin_files
    from trainer.scenario.loader import load_file

    given: set[str] = set()
    for path in builtin_files():
        scenario = load_file(path).scenario
        for test in scenario.tests:
            card = play(scenario, test.replies, seed=test.seed, variant=test.variant).call
            given |= {e.rule for e in card.scorecard().evidence}
    for lang in LANGUAGES:
        t = messages(lang)
        unnamed = [r for r in sorted(given) if label.rule(t, r) == label.words_of(r)
                   and not t.has(f"rule.{r}")]
        assert unnamed == [], lang


def test_norwegian_numbers_and_times_read_as_norwegian() -> None:
    nb, en = messages("nb"), messages("en")
    assert nb.number(1200) == "1\u00a0200" and en.number(1200) == "1,200"
    assert nb.number(92.4, 1) == "92,4" and en.number(92.4, 1) == "92.4"
    assert nb.clock(14, 30) == "kl. 14.30" and en.clock(14, 30) == "14:30"


def test_a_missing_key_falls_back_to_english_then_to_the_key() -> None:
    assert messages("xx")("keys.quit") == "Quit"
    assert messages("nb")("no.such.key") == "no.such.key"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_act_the_routing_names_has_words(lang: str) -> None:
    from trainer.engine.understanding.acts import ACTS

    t = messages(lang)
    assert [a for a in sorted(ACTS) if not t.has(f"act.{a}")] == []


def test_a_command_line_error_speaks_the_chosen_language(capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    from trainer.cli.main import main

    with pytest.raises(SystemExit):
        main(["--lang", "nb", "play", "cold-cal-car-parts"])
    err = capsys.readouterr().err
    assert "finner ingen scenariofil" in err and "mente du 'cold-call-car-parts'" in err
    with pytest.raises(SystemExit):
        main(["--lang", "en", "play", "cold-cal-car-parts"])
    assert "did you mean 'cold-call-car-parts'" in capsys.readouterr().err
