"""What a trainee reads before a call: who they call, the goal, and how they will be graded."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from trainer.i18n import Messages, messages
from trainer.i18n import labels as label
from trainer.tui.catalog import Entry
from trainer.tui.literal import literal
from trainer.tui.widgets.bars import labelled_bar


def stars(difficulty: int) -> str:
    return "★" * difficulty + "☆" * (5 - difficulty)


class ScenarioPreview(Static):
    # Replies the prospect did not understand in recorded calls, for the author (None: unknown).
    misses: int | None = None

    def show(self, entry: Entry | None, mode: str, best: float | None = None,
             variant: str | None = None, t: Messages | None = None) -> None:
        t = t or messages("en")
        if entry is None:
            self.update(literal(t("preview.no_match")))
            return
        if not entry.checked:
            self.update(Text(t("preview.loading"), style="dim"))
            return
        if entry.loaded is None:
            self.update(Group(
                Text(t("preview.errors"), style="bold red"),
                literal(entry.file, "dim"),
                *self._assignment(entry, t),
                Text(""),
                literal(entry.error or "unknown error"),
            ))
            return
        self.update(Group(*self._parts(entry, mode, best, variant, t)))

    @staticmethod
    def _assignment(entry: Entry, t: Messages) -> list[Text]:
        a = entry.assigned
        if a is None:
            if entry.folder is not None:
                return [Text(t("preview.folder", folder=entry.folder), style="green")]
            if entry.origin is None:
                return []
            return [Text(t("preview.published", origin=entry.origin), style="cyan")]
        mark = t("preview.assigned_mark", mark=a.pass_mark) if a.pass_mark is not None else ""
        return [Text.assemble(
            (t("preview.assigned", mode=t(f"mode.{a.mode}"), due=a.due.isoformat()) + mark,
             "bold yellow"),
            ("  ", ""), (t(f"status.{a.status.replace(' ', '_')}"), "bold"),
        ), Text(t(f"preview.assigned_{a.mode}"), style="dim")]

    def _parts(self, entry: Entry, mode: str, best: float | None, variant: str | None,
               t: Messages) -> list[Text]:
        assert entry.loaded is not None
        s = entry.loaded.scenario
        p = s.persona
        who = ", ".join(x for x in (p.role, p.company) if x)
        parts = [
            literal(s.title, "bold", single_line=True),
            *self._assignment(entry, t),
            Text.assemble(
                (stars(s.difficulty), "yellow"), "  ", literal(label.kind_words(t, s.kind.value)),
                "  ", literal(s.language), "  ",
                Text(t("preview.best", score=f"{best:.0f}") if best is not None
                     else t("preview.not_tried"), style="dim"),
            ),
            Text(""),
            Text.assemble((t("preview.you_call"), "dim"), literal(p.name, "bold"),
                          (" — " if who else "", "dim"), literal(who)),
            Text.assemble((t("preview.patience"), "dim"), str(p.patience),
                          (t("preview.hidden_needs"), "dim"), str(len(s.needs))),
        ]
        if s.variants:
            chosen = s.variants.get(variant) if variant else None
            parts.append(Text.assemble(
                (t("preview.prospect"), "dim"),
                literal(chosen.label, "bold") if chosen else
                Text(t("preview.tempers_any", count=len(s.variants)), "bold"),
                (t("preview.choose"), "dim")))
        if s.description:
            parts += [Text(""), literal(" ".join(s.description.split()))]
        if s.objective:
            parts += [Text(""), Text.assemble((t("preview.goal"), "bold"),
                                              literal(" ".join(s.objective.split())))]
        parts += [Text(""), Text(t("preview.graded", mark=s.rubric.pass_mark),
                                 style="bold underline")]
        for criterion, weight in s.rubric.weights.items():
            parts.append(labelled_bar(label.criterion(t, criterion), weight, 100, 20,
                                      t("units.percent", n=weight), "cyan"))
        if s.rubric.must:
            parts.append(Text(t("preview.must"), style="bold"))
            for rule in s.rubric.must:
                line = Text.assemble(" • ", literal(rule, "bold"))
                line.append_text(Text.assemble(" — ", literal(label.must_rule(t, rule))))
                parts.append(line)
        from trainer.tui.screens.brief import brief_lines

        parts += [Text(""), *brief_lines(s, t)]
        if self.misses:
            parts += [Text(""), Text(t("preview.misses", count=self.misses, id=s.id),
                                     style="yellow")]
        parts += [Text(""), Text.assemble(
            ("Enter", "bold reverse"), t("preview.start"),
            (t(f"mode.{mode}").upper(), "bold magenta"), t("preview.mode_suffix"),
            (t("preview.live") if mode == "coach" else t("preview.at_end"), "dim"),
        )]
        return parts
