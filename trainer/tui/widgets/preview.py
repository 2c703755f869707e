"""What a trainee reads before a call: who they call, the goal, and how they will be graded."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from trainer.tui.catalog import Entry
from trainer.tui.literal import literal
from trainer.tui.widgets.bars import CRITERION_LABELS, labelled_bar


def must_rule_descriptions() -> dict[str, str]:
    try:
        from scoring import MUST_RULES
    except ImportError:
        return {}
    return dict(MUST_RULES)


def stars(difficulty: int) -> str:
    return "★" * difficulty + "☆" * (5 - difficulty)


class ScenarioPreview(Static):
    def show(self, entry: Entry | None, mode: str, best: float | None = None,
             variant: str | None = None) -> None:
        if entry is None:
            self.update(literal("No scenario matches the filter."))
            return
        if not entry.checked:
            self.update(Text("Loading…", style="dim"))
            return
        if entry.loaded is None:
            self.update(Group(
                Text("This scenario file has errors", style="bold red"),
                literal(entry.file, "dim"),
                Text(""),
                literal(entry.error or "unknown error"),
            ))
            return
        self.update(Group(*self._parts(entry, mode, best, variant)))

    def _parts(self, entry: Entry, mode: str, best: float | None, variant: str | None
               ) -> list[Text]:
        assert entry.loaded is not None
        s = entry.loaded.scenario
        p = s.persona
        who = ", ".join(x for x in (p.role, p.company) if x)
        parts = [
            literal(s.title, "bold", single_line=True),
            Text.assemble(
                (stars(s.difficulty), "yellow"), "  ", literal(s.kind.value.replace("_", " ")),
                "  ", literal(s.language), "  ",
                Text(f"best {best:.0f}" if best is not None else "not tried yet", style="dim"),
            ),
            Text(""),
            Text.assemble(("You call ", "dim"), literal(p.name, "bold"),
                          (" — " if who else "", "dim"), literal(who)),
            Text.assemble(("Patience ", "dim"), str(p.patience),
                          ("  Hidden needs ", "dim"), str(len(s.needs))),
        ]
        if s.variants:
            chosen = s.variants.get(variant) if variant else None
            parts.append(Text.assemble(
                ("Prospect ", "dim"),
                literal(chosen.label, "bold") if chosen else
                Text(f"one of {len(s.variants)} tempers, new each call", "bold"),
                ("  (F6 to choose)", "dim")))
        if s.description:
            parts += [Text(""), literal(" ".join(s.description.split()))]
        if s.objective:
            parts += [Text(""), Text.assemble(("Goal: ", "bold"),
                                              literal(" ".join(s.objective.split())))]
        parts += [Text(""), Text(f"How you are graded (pass mark {s.rubric.pass_mark})",
                                 style="bold underline")]
        for criterion, weight in s.rubric.weights.items():
            label = CRITERION_LABELS.get(criterion, criterion)
            parts.append(labelled_bar(label, weight, 100, 20, f"{weight}%", "cyan"))
        if s.rubric.must:
            descriptions = must_rule_descriptions()
            parts.append(Text("Must (breaking one fails the call):", style="bold"))
            for rule in s.rubric.must:
                line = Text.assemble(" • ", literal(rule, "bold"))
                if rule in descriptions:
                    line.append_text(Text.assemble(" — ", literal(descriptions[rule])))
                parts.append(line)
        parts += [Text(""), Text.assemble(
            ("Enter", "bold reverse"), " start in ",
            (mode.upper(), "bold magenta"), " mode",
            (" (live coaching)" if mode == "coach" else " (feedback at the end)", "dim"),
        )]
        return parts
