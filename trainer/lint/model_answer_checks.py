"""SCN039: a node's model answer should earn, from the grader, what it is there to teach.

The model answer is what F1 shows and what the scorecard offers as the better reply; if the
grader would not credit it, a trainee who copies it is marked down for doing as told. What it
teaches is read from the branch it takes (routed exactly as a trainee's reply would be at that
node): a branch that stands for acknowledging or exploring an objection, or for a concrete
close, asks the grader to credit exactly that.
"""

from __future__ import annotations

from collections.abc import Iterator

from trainer.diagnostics import Diagnostic
from trainer.engine.advice import base_values
from trainer.engine.analysis import analyse, question_texts
from trainer.engine.needs import asked_needs
from trainer.engine.text import fill
from trainer.engine.understanding.heard import hear
from trainer.engine.understanding.matcher import understanding
from trainer.lint.codes import severity
from trainer.scenario.loader import LoadedScenario
from trainer.scenario.models import lines_of


def model_answers(loaded: LoadedScenario) -> Iterator[Diagnostic]:
    s = loaded.scenario
    values = {**s.variables, **base_values(s, "Sam")}
    heard_by = understanding(s, values)
    for node_id, node in s.nodes.items():
        if not node.model_answer or not node.branches:
            continue
        answer = fill(node.model_answer, values)
        said = lines_of(node.say)
        analysis = analyse(answer, s.language, fill(said[0].text, values) if said else None,
                           node.objection.value if node.objection else None, s.persona.name,
                           (), 1, s.seller.company)
        verdict = heard_by.decide(hear(answer, s.language, heard_by.canoniser, analysis),
                                  list(heard_by.nodes[node_id]))
        if verdict.best is None:
            continue
        # A discovery question that no branch takes (below the bar, nothing to clarify) is
        # answered as a question about a need, as the engine does: it stands for no branch.
        if (verdict.winner is None and not verdict.clarify and node.discovery
                and asked_needs(question_texts(analysis), s.needs, ())):
            continue
        acts = set(node.branches[verdict.best.branch.index].acts)
        missing: list[str] = []
        handled = analysis.objection
        if node.objection is not None and "objection.acknowledge" in acts and not (
                handled and (handled.acknowledged or handled.apologised)):
            missing.append("acknowledges the objection")
        if node.objection is not None and "objection.explore" in acts and not (
                handled and (handled.explored or handled.tied_to_need)):
            missing.append("explores it with a question")
        # A meeting or a next step must be concrete; other closes (a trial, a choice) must at
        # least ask for the commitment. A summary is not a proposal, so it asks for nothing.
        concrete = acts & {"close.meeting", "close.next_step"}
        closes = {a for a in acts if a.startswith("close.")} - {"close.vague", "close.summary"}
        if closes:
            closing = analysis.closing
            if not closing.attempt or closing.vague:
                missing.append("proposes a next step" if concrete else "asks for a commitment")
            elif concrete and closing.next_step.parts < 2:
                missing.append("makes the next step concrete (an action with a time or owner)")
        if missing:
            branch = node.branches[verdict.best.branch.index].intent
            yield loaded.diagnostic(
                "SCN039", severity("SCN039"),
                f"the model answer takes branch '{branch}' ({', '.join(sorted(acts))}), but the "
                f"grader does not credit it as a reply that {' and '.join(missing)}; reword it "
                "(`sales-trainer score --jsonl` shows what the grader hears)",
                ("nodes", node_id, "model_answer"),
            )
