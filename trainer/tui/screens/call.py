"""The call itself: the conversation, the prospect's mood, and (in coach mode) live feedback."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from trainer.i18n import Messages, outcome_summary
from trainer.tui.keys import translate_app_keys, translate_keys
from trainer.tui.literal import clean, literal
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.widgets.coach_note import coach_note
from trainer.tui.widgets.footer import KeyFooter
from trainer.tui.widgets.history_input import HistoryInput
from trainer.tui.widgets.meter import Meter, mood_style, mood_word
from trainer.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from trainer.engine import Call
    from trainer.scenario.loader import LoadedScenario
    from trainer.tui.app import TrainerApp

# The prospect's typing time; one name so tests can replace the wait without the clock.
_typing_pause = asyncio.sleep
# Columns under which the side panel gives way to one status line.
NARROW = 72
MAX_LINE_DELAY = 2.5  # seconds; long lines should not keep the trainee waiting


def hint_cost(t: Messages) -> str:
    from scoring.grading import HINT_COST

    return t("call.hint_cost", points=f"{HINT_COST:g}")


class CallScreen(Screen[None]):
    app: TrainerApp  # type: ignore[assignment]

    AUTO_FOCUS = "#reply"
    BINDINGS = [
        Binding("f1", "hint", "keys.hint"),
        # Named in the goal line above the chat; the footer keeps its room for Quit.
        Binding("f2", "brief", "keys.brief", show=False),
        Binding("ctrl+z", "rewind", "keys.rewind"),
        # priority: the reply Input would otherwise take ctrl+e as "go to end of line".
        Binding("ctrl+e,escape", "end_call", "keys.end_call", priority=True),
        # Shown once the call has ended; the reply field's own Enter does the same.
        Binding("enter", "scorecard", "keys.scorecard", priority=True),
    ]

    def __init__(self, loaded: LoadedScenario, mode: str, call: Call,
                 attempt_id: str | None = None) -> None:
        super().__init__()
        self.loaded = loaded
        self.scenario = loaded.scenario
        self.t = self.app.messages(self.scenario.language)
        translate_keys(self, self.t)
        self.mode = mode
        self.awaiting_scorecard = False
        self.call = call
        self.attempt_id = attempt_id
        self.busy = False
        self.done = False
        self.notes: dict[int, Text] = {}
        self.queued: str | None = None
        self.started_at = 0.0

    @property
    def coach(self) -> bool:
        return self.mode == "coach"

    @property
    def prospect(self) -> str:
        return self.scenario.persona.name

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(
            literal(self.scenario.title, "bold", single_line=True), "   ",
            (self.t(f"mode.{self.mode}").upper(), "bold magenta"),
        ), id="topbar")
        with Horizontal(id="call-body"):
            yield Transcript(id="transcript")
            with Vertical(id="side"):
                yield Static(self._persona_text(), id="persona")
                yield Meter(id="meter")
                yield Static(id="stats")
                yield Static(id="needs")
        yield Static("", id="typing")
        yield Static("", id="compact")
        yield HistoryInput(placeholder=self.t("call.reply_placeholder"), id="reply")
        yield KeyFooter()

    def _persona_text(self) -> Text:
        p = self.call.persona
        text = Text.assemble(literal(p.name, "bold", single_line=True))
        if self.call.variant:
            text.append("  ")
            text.append_text(literal(self.scenario.variants[self.call.variant].label, "italic",
                                     single_line=True))
        for extra in (p.role, p.company):
            if extra:
                text.append("\n")
                text.append_text(literal(extra, "dim", single_line=True))
        return text

    def on_screen_resume(self) -> None:
        translate_app_keys(self, self.t)

    def on_resize(self) -> None:
        # Under NARROW columns the side panel would squeeze the chat to a ribbon: its facts move
        # to one line above the reply field.
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW, "-narrow")
        self.started_at = self.app.clock()
        self.set_interval(1.0, self.show_stats)
        self.show_state()
        self.query_one("#reply", Input).focus()
        self._show_goal()
        self.say(self.call.start())

    def _show_goal(self) -> None:
        """The goal stays in view at the top of the conversation."""
        objective = " ".join(self.scenario.objective.split())
        note = Text.assemble((self.t("call.goal") + " ", "bold reverse"), " ",
                             literal(objective or self.t("call.no_goal")))
        keys = self.t("call.coach_keys") if self.coach else self.t("call.exam_keys")
        note.append(f"\n{keys}", "dim")
        self.transcript.add_note(note, kind="goal")

    # -- display ----------------------------------------------------------------------------
    @property
    def transcript(self) -> Transcript:
        return self.query_one("#transcript", Transcript)

    def show_state(self) -> None:
        meter = self.query_one("#meter", Meter)
        if self.coach:
            meter.show(self.call.mood, self.call.patience, self.call.patience_max, self.t)
        else:
            # An exam shows no live judgement: a moving mood or patience gives answers away.
            meter.update(Text(self.t("call.mood_hidden"), "dim"))
        self.show_stats()
        needs = self.query_one("#needs", Static)
        if self.coach:
            found = [n for n in self.scenario.needs if n.id in self.call.revealed]
            text = Text(self.t("call.needs_found", found=len(found),
                               total=len(self.scenario.needs)), "bold")
            for need in found:
                text.append("\n✔ ", "green")
                text.append_text(literal(need.id.replace("_", " "), single_line=True))
            needs.update(text)
        else:
            needs.update(Text(self.t("call.exam_feedback"), "dim"))

    def show_stats(self) -> None:
        elapsed = max(0, int(self.app.clock() - self.started_at))
        turns, limit = self.call.turns, self.call.max_turns
        clock = f"{elapsed // 60:02d}:{elapsed % 60:02d}"
        self.query_one("#stats", Static).update(Text.assemble(
            (self.t("call.time"), "dim"), clock, ("\n" + self.t("call.turn"), "dim"),
            f"{turns} / {limit}",
        ))
        line = Text.assemble((f"{clock}  {turns}/{limit}", "dim"))
        if self.coach:
            mood, left = self.call.mood, max(0, self.call.patience)
            found = sum(1 for n in self.scenario.needs if n.id in self.call.revealed)
            line = Text.assemble(
                (self.t("call.compact_mood"), "dim"),
                (f"{mood:+d} {mood_word(mood, self.t)}", mood_style(mood)),
                (self.t("call.compact_patience"), "dim"),
                (f"{left}/{self.call.patience_max}", "bold red" if left <= 1 else "bold"),
                (self.t("call.compact_needs"), "dim"), f"{found}/{len(self.scenario.needs)}",
                "  ", line)
        else:
            line = Text.assemble((self.t("call.compact_exam"), "dim"), line)
        self.query_one("#compact", Static).update(line)

    def say(self, lines: list[str], then_end: bool = False) -> None:
        """The prospect's lines; with a typing delay they appear one by one."""
        delay = self.app.typing_delay
        if delay <= 0:
            for line in lines:
                self.transcript.add_line("prospect", self.prospect, line, join=True)
            if then_end:
                self.show_ended()
            return
        self.busy = True
        self.run_worker(self._type_out(lines, delay, then_end), exclusive=True, group="speak")

    async def _type_out(self, lines: list[str], delay: float, then_end: bool) -> None:
        typing = self.query_one("#typing", Static)
        try:
            for line in lines:
                key = "call.queued" if self.queued else "call.typing"
                typing.update(Text(self.t(key, name=clean(self.prospect, single_line=True)),
                                   style="italic dim"))
                await _typing_pause(min(0.3 + len(line) * delay, MAX_LINE_DELAY))
                self.transcript.add_line("prospect", self.prospect, line, join=True)
            typing.update("")
            if then_end:
                self.show_ended()
        finally:
            self.busy = False
        queued, self.queued = self.queued, None
        if queued is not None:
            if self.done:
                self.query_one("#reply", HistoryInput).remember(queued)  # up-arrow brings it back
            else:
                self._send(queued)

    # -- the trainee's actions --------------------------------------------------------------
    def show_ended(self) -> None:
        """The call's end is its own moment: the last exchange stays, a banner says how it
        ended, and the trainee opens the scorecard when ready."""
        outcome = self.call.outcome
        result = outcome.result if outcome else "neutral"
        t = self.t
        verdict = {"win": t("call.won"), "loss": t("call.lost")}.get(result, t("call.ended"))
        if outcome is not None and outcome.id == self.scenario.settings.hang_up:
            verdict = t("call.hung_up")
        why = outcome_summary(t, outcome.id, outcome.summary) if outcome else ""
        banner = Text.assemble(
            (f" {verdict} ", "bold reverse"),
            ("  " + t.plural("call.after", self.call.turns), "dim"),
        )
        if why:
            banner.append("\n")
            banner.append_text(literal(why))
        banner.append("\n" + t("call.press_enter"), "bold")
        self.transcript.add_note(banner, kind="ended")
        self.awaiting_scorecard = True
        self.refresh_bindings()
        field = self.query_one("#reply", HistoryInput)
        field.placeholder = self.t("call.scorecard_placeholder")
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "reply":
            return
        if self.done:
            self.action_scorecard()
            return
        reply = event.value
        field = self.query_one("#reply", HistoryInput)
        if not reply.strip():
            return
        if self.busy:
            # Said while the prospect is still talking: it goes as soon as they finish, so a
            # fast typist never has to press Enter twice.
            self.queued = reply
            field.value = ""
            self.query_one("#typing", Static).update(Text(
                self.t("call.queued", name=clean(self.prospect, single_line=True)),
                style="italic dim"))
            return
        self._send(reply)

    def _send(self, reply: str) -> None:
        field = self.query_one("#reply", HistoryInput)
        field.remember(reply)
        if field.value == reply:
            field.value = ""
        index = len(self.call.transcript)
        self.transcript.add_line("trainee", self.t("call.you"), reply, index)
        result = self.call.reply(reply)
        if self.coach:
            note = coach_note(result, self.prospect, self.t)
            if note is not None:
                self.notes[index] = note
                self.transcript.add_note(note)
        self.show_state()
        if result.ended:
            self.done = True
        self.say(list(result.lines), then_end=result.ended)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "scorecard":
            return self.awaiting_scorecard
        if self.done and action in ("hint", "rewind", "end_call"):
            return False  # an ended call offers only its scorecard
        # Hints and rewinds are practice aids: an exam's footer does not offer them at all.
        if action in ("hint", "rewind") and not self.coach:
            return False
        return True

    def action_brief(self) -> None:
        from trainer.tui.screens.brief import BriefScreen

        self.app.push_screen(BriefScreen(self.scenario, self.t))

    def action_hint(self) -> None:
        if self.done:
            return
        if not self.coach:
            self.notify(self.t("call.hints_off"), severity="warning")
            return
        answer = self.call.hint()
        if not answer:
            self.notify(self.t("call.no_hint"))
            return
        self.transcript.add_note(Text.assemble(
            (self.t("call.hint_title"), "bold reverse"), (f" {hint_cost(self.t)}\n", "dim"),
            (self.t("call.hint_answer"), "bold"), literal(answer),
        ), kind="hint")

    def action_rewind(self) -> None:
        if self.done or self.busy:
            return
        if not self.coach:
            self.notify(self.t("call.rewind_exam"), severity="warning")
            return
        last = next((e.text for e in reversed(self.call.transcript) if e.speaker == "trainee"),
                    None)
        if not self.call.rewind():
            self.notify(self.t("call.nothing_to_rewind"))
            return
        self.rebuild()
        field = self.query_one("#reply", Input)
        field.value = last or ""
        field.cursor_position = len(field.value)
        self.notify(self.t("call.rewound_hint"))

    def rebuild(self) -> None:
        self.transcript.clear_lines()
        self._show_goal()
        for entry in self.call.transcript:
            if entry.speaker == "trainee":
                self.transcript.add_line("trainee", self.t("call.you"), entry.text, entry.index)
                if entry.index in self.notes:
                    self.transcript.add_note(self.notes[entry.index])
            else:
                self.transcript.add_line("prospect", self.prospect, entry.text, entry.index,
                                         join=True)
        self.notes = {i: n for i, n in self.notes.items() if i < len(self.call.transcript)}
        self.show_state()

    def action_end_call(self) -> None:
        if self.done:
            return

        def answered(yes: bool | None) -> None:
            if yes and not self.done:
                self.done = True
                self.call.end()
                # The dialog is still closing; switch screens once it is gone.
                self.call_after_refresh(self.finish)

        self.app.push_screen(
            ConfirmScreen(self.t("call.end_question"), yes=self.t("call.end_yes"),
                          no=self.t("call.end_no"), t=self.t),
            answered,
        )

    def action_scorecard(self) -> None:
        if self.awaiting_scorecard:
            self.awaiting_scorecard = False
            self.finish()

    def finish(self) -> None:
        from trainer.tui.screens.scorecard import ScorecardScreen, ScorecardView

        view = ScorecardView.from_call(self.call, self.loaded, self.mode, self.app.trainee)
        self.app.switch_screen(ScorecardScreen(view))
