"""The coach note names the kind of question the trainee asked: a choice or a leading question
is not called a yes/no question."""

from __future__ import annotations

import pytest

from scoring import analyse_reply
from trainer.i18n import messages
from trainer.tui.widgets.coach_note import _analysis_lines


@pytest.mark.parametrize(("lang", "text", "words"), [
    ("en", "Which part do you want to think through, the cost or the switch?", "choice question"),
    ("en", "You'd want the best for your staff, wouldn't you?", "leading question"),
    ("en", "Is the project still going ahead?", "closed question"),
    ("nb", "Hvilken del vil du tenke gjennom, prisen eller byttet?", "valgspørsmål"),
    ("en", "When do you need the chairs by?", "question for a fact"),
    ("nb", "Når må møblene være på plass?", "faktaspørsmål"),
])
def test_the_note_names_the_question_kind(lang: str, text: str, words: str) -> None:
    lines = _analysis_lines(analyse_reply(text, lang), messages(lang))
    assert words in lines[0].plain


@pytest.mark.parametrize(("reason", "nb"), [
    ("a step ahead: answered tillit", "et steg foran: svarte på tillit"),
    ("confirmed the prospect's clarifying question", "du bekreftet kundens oppklarende spørsmål"),
    ("keywords “frist”", "nøkkelord “frist”"),
])
def test_every_reason_the_engine_gives_reads_in_norwegian(reason: str, nb: str) -> None:
    from trainer.tui.widgets.coach_note import _why

    assert _why(reason, messages("nb")) == nb


def test_the_words_that_set_a_branch_apart_are_named_in_the_call_s_language() -> None:
    from trainer.tui.widgets.coach_note import _why

    reason = "words that set it apart “befaring”, “tirsdag” (34)"
    said = "ord som skiller den fra de andre “befaring”, “tirsdag” (34)"
    assert _why(reason, messages("nb")) == said
    assert _why(reason, messages("en")) == reason
