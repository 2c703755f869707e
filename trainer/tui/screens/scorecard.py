"""After the call: the grade, and the evidence behind every point, turn by turn."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane, Tabs

from trainer.tui.literal import literal
from trainer.tui.screens.scorecard_view import ScorecardView
from trainer.tui.widgets.bars import CRITERION_LABELS, labelled_bar, score_style, signed
from trainer.tui.widgets.preview import must_rule_descriptions
from trainer.tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

__all__ = ["ScorecardScreen", "ScorecardView"]

RESULT_STYLE = {"win": "bold green", "loss": "bold red", "neutral": "bold yellow"}
QUOTE_WIDTH = 28
NARROW = 110


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class ScorecardScreen(Screen[None]):
    app: TrainerApp  # type: ignore[assignment]

    BINDINGS = [
        Binding("r", "retry", "Retry"),
        Binding("l", "library", "Library"),
        Binding("h", "history", "History"),
        Binding("escape", "back", "Back"),
        Binding("t", "next_tab", "Next tab"),
    ]

    AUTO_FOCUS = "#evidence"
    TABS = ("tab-evidence", "tab-needs", "tab-talk", "tab-answers")

    def __init__(self, view: ScorecardView) -> None:
        super().__init__()
        self.view = view
        self.evidence: list[Any] = list(view.scorecard.evidence) if view.scorecard else []

    def compose(self) -> ComposeResult:
        v = self.view
        yield Static(Text.assemble(
            ("Scorecard  ", "bold"), literal(v.title, single_line=True),
            ("   ", ""), literal(v.trainee, "bold", single_line=True),
            ("  ", ""), (v.mode.upper(), "magenta"),
        ), id="topbar")
        yield Static(self._summary(), id="summary")
        yield Static(self._criteria(), id="criteria")
        with TabbedContent(id="score-tabs"):
            with TabPane("Evidence", id="tab-evidence"):
                with Horizontal(id="evidence-body"):
                    yield DataTable(id="evidence", cursor_type="row", zebra_stripes=True)
                    yield Transcript(follow=False, id="turns")
            with TabPane("Needs", id="tab-needs"):
                yield VerticalScroll(Static(self._needs()), classes="tab-scroll")
            with TabPane("Talk", id="tab-talk"):
                yield VerticalScroll(Static(self._talk()), classes="tab-scroll")
            with TabPane("Model answers", id="tab-answers"):
                yield VerticalScroll(Static(self._answers()), classes="tab-scroll")
        yield Footer()

    def on_resize(self) -> None:
        # Side by side needs room; on small terminals the transcript goes under the table.
        self.set_class(self.app.size.width < NARROW, "-narrow")

    def on_mount(self) -> None:
        self.on_resize()
        table = self.query_one("#evidence", DataTable)
        table.add_column("Turn", key="turn")
        table.add_column("Quoted words", key="quote", width=QUOTE_WIDTH)
        table.add_column("Rule", key="rule")
        table.add_column("Pts", key="points")
        for item in self.evidence:
            table.add_row(
                Text(str(item.turn), justify="right"),
                literal(_short(item.quote, QUOTE_WIDTH)),
                literal(item.rule.replace("_", " ")),
                Text(signed(item.points), style="green" if item.points > 0 else "red",
                     justify="right"),
            )
        self._fill_turns()
        if self.evidence:
            first = self.evidence[0].turn
            self.query_one("#turns", Transcript).highlight(first)

    # -- content ----------------------------------------------------------------------------
    def _summary(self) -> Text:
        v, card = self.view, self.view.scorecard
        if card is None:
            return Text("This attempt was not finished, so it has no scorecard.", "yellow")
        mark = f" (pass mark {v.pass_mark})" if v.pass_mark is not None else ""
        text = Text.assemble(
            (f" {card.total:.0f} / 100 ", f"{score_style(card.total, v.pass_mark or 50)} reverse"),
            "  ", ("PASS" if card.passed else "FAIL", "bold green" if card.passed else "bold red"),
            mark,
        )
        if v.outcome_id:
            text.append("   outcome ")
            text.append(v.outcome_id.replace("_", " "), RESULT_STYLE.get(v.outcome_result, ""))
        if card.hints_used:
            text.append(f"   hints used {card.hints_used}", "yellow")
        if v.outcome_summary:
            text.append("\n")
            text.append_text(literal(v.outcome_summary, "dim", single_line=True))
        if card.must_broken:
            descriptions = must_rule_descriptions()
            for rule in card.must_broken:
                text.append("\n✘ must: ", "bold red")
                text.append_text(literal(descriptions.get(rule, rule.replace("_", " "))))
        return text

    def _criteria(self) -> Text:
        card = self.view.scorecard
        if card is None:
            return Text("")
        lines = []
        for name, label in CRITERION_LABELS.items():
            criterion = card.criteria.get(name)
            if criterion is None:
                continue
            if not criterion.applicable:
                # A neutral 50 would read as a half-good grade for something that never came up.
                lines.append(labelled_bar(label, 0, 100, 20, "n/a, not in this call", "dim"))
                continue
            score = criterion.score
            lines.append(labelled_bar(label, score, 100, 20, f"{score:.0f}", score_style(score)))
        return Text("\n").join(lines)

    def _needs(self) -> Text:
        card, facts = self.view.scorecard, self.view.need_facts
        if card is None:
            return Text("")
        text = Text(f"Found {len(card.needs_found)} of "
                    f"{len(card.needs_found) + len(card.needs_missed)}\n", "bold")
        for need in card.needs_found:
            text.append("✔ ", "green")
            text.append_text(literal(need.replace("_", " "), "bold"))
            if need in facts:
                text.append("\n   ")
                text.append_text(literal(facts[need], "dim"))
            text.append("\n")
        for need in card.needs_missed:
            text.append("✘ ", "red")
            text.append_text(literal(need.replace("_", " "), "bold"))
            text.append(" — missed. What they would have told you:", "dim")
            if need in facts:
                text.append("\n   ")
                text.append_text(literal(facts[need]))
            text.append("\n")
        return text

    def _talk(self) -> Text:
        card = self.view.scorecard
        if card is None:
            return Text("")
        t = card.talk
        share = t.trainee_share * 100 if t.trainee_share <= 1 else t.trainee_share
        open_share = t.open_share * 100 if t.open_share <= 1 else t.open_share
        rows = [
            ("Your share of the talking", f"{share:.0f}%", "aim for under 50%"),
            ("Questions asked", str(t.questions), ""),
            ("Open questions", f"{open_share:.0f}%", "open questions get them talking"),
            ("Longest reply", f"{t.longest_reply_words} words", "short replies keep it a dialogue"),
            ("Your replies", str(t.turns), ""),
        ]
        return Text("\n").join(
            Text.assemble(label.ljust(28), (value.rjust(10), "bold"), "  ", (tip, "dim"))
            for label, value, tip in rows
        )

    def _answers(self) -> Text:
        v = self.view
        card = v.scorecard
        if card is None or not card.weakest_turns:
            return Text("No weak turns to show.")
        by_index = {t.index: t for t in v.turns if t.index is not None}
        parts: list[Text] = [Text("Your weakest replies, and what a strong rep might say:",
                                  "bold")]
        for index in card.weakest_turns:
            turn = by_index.get(index)
            parts.append(Text.assemble((f"\nTurn {index}  you said: ", "dim"),
                                       literal(turn.text if turn else "?")))
            answer = v.model_answers.get(index)
            parts.append(Text.assemble(("  Try: ", "bold green"),
                                       literal(answer) if answer else ("(no model answer)", "dim")))
        return Text("\n").join(parts)

    def _fill_turns(self) -> None:
        pane = self.query_one("#turns", Transcript)
        notes: dict[int, list[Any]] = defaultdict(list)
        for item in self.evidence:
            notes[item.turn].append(item)
        for turn in self.view.turns:
            name = "You" if turn.speaker == "trainee" else self.view.prospect
            text = f"{turn.text}  (rewound)" if turn.rewound else turn.text
            pane.add_line(turn.speaker, name, text, turn.index)
            if turn.index is not None and turn.index in notes:
                note = Text("\n").join(
                    Text.assemble((f"{signed(e.points)} ", "green" if e.points > 0 else "red"),
                                  literal(e.rule.replace("_", " ")))
                    for e in notes[turn.index])
                pane.add_note(note, kind="evidence")

    # -- events and keys --------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "evidence" and 0 <= event.cursor_row < len(self.evidence):
            self.query_one("#turns", Transcript).highlight(self.evidence[event.cursor_row].turn)

    def action_next_tab(self) -> None:
        tabs = self.query_one("#score-tabs", TabbedContent)
        # Focus left inside the old pane would pull the tabs straight back to it.
        tabs.query_one(Tabs).focus()
        tabs.active = self.TABS[(self.TABS.index(tabs.active) + 1) % len(self.TABS)]

    def action_retry(self) -> None:
        if self.view.loaded is None:
            self.notify("This scenario is not in the library any more.", severity="warning")
            return
        self.app.open_call(self.view.loaded, self.view.mode, replace=not self.view.read_only)

    def action_library(self) -> None:
        self.app.back_to_library()

    def action_history(self) -> None:
        if self.view.read_only:
            self.app.pop_screen()
        else:
            self.app.history_from_scorecard()

    def action_back(self) -> None:
        if self.view.read_only:
            self.app.pop_screen()
        else:
            self.app.back_to_library()
