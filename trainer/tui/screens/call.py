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

from trainer.tui.literal import literal
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


def hint_cost() -> str:
    try:
        from scoring.grading import HINT_COST
    except ImportError:
        return "costs points on your scorecard"
    return f"costs {HINT_COST:g} points on your scorecard"


class CallScreen(Screen[None]):
    app: TrainerApp  # type: ignore[assignment]

    AUTO_FOCUS = "#reply"
    BINDINGS = [
        Binding("f1", "hint", "Hint (costs points)"),
        Binding("ctrl+z", "rewind", "Rewind"),
        # priority: the reply Input would otherwise take ctrl+e as "go to end of line".
        Binding("ctrl+e,escape", "end_call", "End call", priority=True),
        # Shown once the call has ended; the reply field's own Enter does the same.
        Binding("enter", "scorecard", "Scorecard", priority=True),
    ]

    def __init__(self, loaded: LoadedScenario, mode: str, call: Call,
                 attempt_id: str | None = None) -> None:
        super().__init__()
        self.loaded = loaded
        self.scenario = loaded.scenario
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
            (self.mode.upper(), "bold magenta"),
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
        yield HistoryInput(placeholder="Type your reply and press Enter", id="reply")
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
        note = Text.assemble(("Goal ", "bold reverse"), " ",
                             literal(objective or "Have a good conversation."))
        keys = ("F1 model answer · Ctrl+Z take back a reply · Esc end the call" if self.coach
                else "Exam: no hints, and no feedback, mood or patience until the scorecard"
                     " · Esc ends the call")
        note.append(f"\n{keys}", "dim")
        self.transcript.add_note(note, kind="goal")

    # -- display ----------------------------------------------------------------------------
    @property
    def transcript(self) -> Transcript:
        return self.query_one("#transcript", Transcript)

    def show_state(self) -> None:
        meter = self.query_one("#meter", Meter)
        if self.coach:
            meter.show(self.call.mood, self.call.patience, self.call.patience_max)
        else:
            # An exam shows no live judgement: a moving mood or patience gives answers away.
            meter.update(Text("Mood and patience\nare hidden in an\nexam.", "dim"))
        self.show_stats()
        needs = self.query_one("#needs", Static)
        if self.coach:
            found = [n for n in self.scenario.needs if n.id in self.call.revealed]
            text = Text(f"Needs found {len(found)}/{len(self.scenario.needs)}", "bold")
            for need in found:
                text.append("\n✔ ", "green")
                text.append_text(literal(need.id.replace("_", " "), single_line=True))
            needs.update(text)
        else:
            needs.update(Text("Exam mode: feedback\nat the end.", "dim"))

    def show_stats(self) -> None:
        elapsed = max(0, int(self.app.clock() - self.started_at))
        turns, limit = self.call.turns, self.call.max_turns
        clock = f"{elapsed // 60:02d}:{elapsed % 60:02d}"
        self.query_one("#stats", Static).update(Text.assemble(
            ("Time  ", "dim"), clock, ("\nTurn  ", "dim"), f"{turns} / {limit}",
        ))
        line = Text.assemble((f"{clock}  {turns}/{limit}", "dim"))
        if self.coach:
            mood, left = self.call.mood, max(0, self.call.patience)
            found = sum(1 for n in self.scenario.needs if n.id in self.call.revealed)
            line = Text.assemble(
                ("Mood ", "dim"), (f"{mood:+d} {mood_word(mood)}", mood_style(mood)),
                ("  Patience ", "dim"), (f"{left}/{self.call.patience_max}",
                                         "bold red" if left <= 1 else "bold"),
                ("  Needs ", "dim"), f"{found}/{len(self.scenario.needs)}", "  ", line)
        else:
            line = Text.assemble(("Exam: feedback at the end  ", "dim"), line)
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
                waiting = "; your reply goes when they finish" if self.queued else ""
                typing.update(Text.assemble(literal(self.prospect, single_line=True),
                                            f" is typing…{waiting}", style="italic dim"))
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
        verdict = {"win": "Won", "loss": "Lost", "neutral": "Ended"}.get(result, "Ended")
        if outcome is not None and outcome.id == self.scenario.settings.hang_up:
            verdict = "Hung up"
        why = outcome.summary if outcome and outcome.summary else ""
        banner = Text.assemble(
            (f" {verdict} ", "bold reverse"),
            (f"  after {self.call.turns} {'reply' if self.call.turns == 1 else 'replies'}", "dim"),
        )
        if why:
            banner.append("\n")
            banner.append_text(literal(why))
        banner.append("\nPress Enter to see your scorecard.", "bold")
        self.transcript.add_note(banner, kind="ended")
        self.awaiting_scorecard = True
        self.refresh_bindings()
        field = self.query_one("#reply", HistoryInput)
        field.placeholder = "Press Enter to see your scorecard"
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
            self.query_one("#typing", Static).update(Text.assemble(
                literal(self.prospect, single_line=True), " is typing…; your reply goes when"
                " they finish", style="italic dim"))
            return
        self._send(reply)

    def _send(self, reply: str) -> None:
        field = self.query_one("#reply", HistoryInput)
        field.remember(reply)
        if field.value == reply:
            field.value = ""
        index = len(self.call.transcript)
        self.transcript.add_line("trainee", "You", reply, index)
        result = self.call.reply(reply)
        if self.coach:
            note = coach_note(result, self.prospect)
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

    def action_hint(self) -> None:
        if self.done:
            return
        if not self.coach:
            self.notify("Hints are off in exam mode.", severity="warning")
            return
        answer = self.call.hint()
        if not answer:
            self.notify("No model answer for this moment of the call.")
            return
        self.transcript.add_note(Text.assemble(
            ("Hint", "bold reverse"), (f" {hint_cost()}\n", "dim"),
            ("A model answer: ", "bold"), literal(answer),
        ), kind="hint")

    def action_rewind(self) -> None:
        if self.done or self.busy:
            return
        if not self.coach:
            self.notify("Rewind is for practice: switch to coach mode.", severity="warning")
            return
        last = next((e.text for e in reversed(self.call.transcript) if e.speaker == "trainee"),
                    None)
        if not self.call.rewind():
            self.notify("Nothing to rewind yet.")
            return
        self.rebuild()
        field = self.query_one("#reply", Input)
        field.value = last or ""
        field.cursor_position = len(field.value)
        self.notify("Rewound your last reply — edit it and try again.")

    def rebuild(self) -> None:
        self.transcript.clear_lines()
        self._show_goal()
        for entry in self.call.transcript:
            if entry.speaker == "trainee":
                self.transcript.add_line("trainee", "You", entry.text, entry.index)
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
            ConfirmScreen("End the call now? It will be graded as it stands.",
                          yes="End call", no="Keep talking"),
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
