"""`sales-trainer play SCENARIO [--script FILE]`: a call in the TUI, or scripted and headless."""

from __future__ import annotations

import sys
from typing import Any

import click

from trainer.cli.inputs import read_script_replies
from trainer.cli.publish_cmd import resolve_any
from trainer.diagnostics import TrainerError
from trainer.engine.playthrough import Playthrough, describe_decision, drive
from trainer.engine.playthrough import play as play_script
from trainer.i18n import labels as label
from trainer.i18n import messages, outcome_summary, resolve_language
from trainer.render import lines, strict_json
from trainer.scenario.loader import LoadedScenario


@click.command()
@click.argument("scenario")
@click.option(
    "--script",
    "script",
    metavar="FILE",
    help="Replies, one per line ('-' for stdin); blank lines and '#' comments are skipped.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for the prospect.")
@click.option(
    "--variant", default=None, metavar="NAME",
    help="The prospect's temper, for scenarios with variants (default: picked by --seed).",
)
@click.option("--trainee", default="Trainee", show_default=True, help="Your name in the call.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@click.option(
    "--save",
    is_flag=True,
    help="With --script: record the call as an exam-mode attempt (see `report`, `export`).",
)
@click.pass_context
def play(
    ctx: click.Context,
    scenario: str,
    script: str | None,
    seed: int,
    variant: str | None,
    trainee: str,
    as_json: bool,
    save: bool,
) -> None:
    """Play SCENARIO (a file or a built-in id).

    On a terminal, without --script, the call opens in the app. With --script, the replies are
    played headless and the transcript, routing decisions, outcome and score are printed.
    """
    db_url = (ctx.find_root().obj or {}).get("db_url")
    loaded = resolve_any(scenario, db_url)
    lang = (ctx.find_root().obj or {}).get("lang")
    if script is None:
        if interactive():
            from trainer.tui.launch import run_call

            run_call(loaded, db_url=db_url, variant=variant, lang=lang)
            return
        raise TrainerError(
            "not a terminal: pass --script FILE (one reply per line, '-' for stdin)"
            " to play without the app", key="errors.not_a_terminal",
        )
    replies = read_script_replies(script)
    if save:
        run = play_recorded(loaded, replies, trainee, seed, db_url, variant)
    else:
        run = play_script(loaded.scenario, replies, trainee=trainee, seed=seed, variant=variant)
    if as_json:
        click.echo(strict_json(as_document(loaded, run, seed), indent=2))
    else:
        click.echo(lines(as_text(loaded, run, seed, summary_language(lang, loaded))))


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def play_recorded(
    loaded: LoadedScenario, replies: list[str], trainee: str, seed: int, db_url: str | None,
    variant: str | None = None,
) -> Playthrough:
    """A scripted call written to the store turn by turn, exactly like one played in the app."""
    from trainer.session import start_recorded_call
    from trainer.store import open_store

    store = open_store(db_url)
    try:
        call, _attempt_id = start_recorded_call(loaded, trainee, "exam", store, seed=seed,
                                                variant=variant)
        return drive(call, replies)
    finally:
        store.close()


def summary_language(lang: str | None, loaded: LoadedScenario) -> str:
    """--lang, else the config's language, else the scenario's own."""
    from trainer.config import ConfigFile

    chosen = lang or ConfigFile.load().config.language
    return resolve_language(chosen, loaded.scenario.language)


def as_text(loaded: LoadedScenario, run: Playthrough, seed: int, lang: str = "en") -> str:
    t = messages(lang)
    scenario = loaded.scenario
    call = run.call
    prospect = scenario.persona.name
    threshold = call.threshold
    tags = [scenario.id, t("summary.seed", seed=seed)]
    if call.variant:
        tags.append(t("summary.variant", variant=call.variant))
    out = [f"{scenario.title}  [{', '.join(tags)}]"]
    seller = scenario.seller
    product = f" — {seller.product}" if seller.product else ""
    out.append(t("brief.headless", company=seller.company, product=product))
    out += [f"  • {' '.join(fact.split())}" for fact in seller.facts]
    out.append("")
    out += [f"{prospect}: {line}" for line in run.opening]
    for step in run.steps:
        res = step.result
        out.append(f"{call.trainee}: {step.reply}")
        state = t("summary.mood", mood=f"{res.mood:+d}", patience=res.patience,
                  max=call.patience_max)
        out.append(f"    {describe_decision(res, threshold)}   [{state}]")
        if res.revealed:
            needs = ", ".join(r.id for r in res.revealed)
            out.append(f"    {t('summary.needs_revealed_now', needs=needs)}")
        out += [f"{prospect}: {line}" for line in res.lines]
    out.append("")
    if run.script_ran_out:
        out.append(t("summary.ran_out", node=call.node_id))
    if run.unused:
        out.append(t("summary.unused", count=len(run.unused)))
    outcome = call.outcome
    if outcome is not None:
        said = outcome_summary(t, outcome.id, outcome.summary)
        summary = f" — {said}" if said else ""
        result = t(f"summary.result.{outcome.result}")
        out.append(t("summary.outcome", outcome=outcome.id, result=result) + summary)
    needs = [n.id for n in scenario.needs]
    found = call.revealed
    out.append(t("summary.needs_revealed", found=len(found), total=len(needs))
               + (f" ({', '.join(found)})" if found else ""))
    out.append(t("summary.path", path=" → ".join(run.path)))
    card = call.scorecard()
    verdict = t("summary.passed") if card.passed else t("summary.not_passed")
    out.append(t("summary.score", score=t.number(card.total, 1), verdict=verdict,
                 mark=scenario.rubric.pass_mark))
    parts = [
        f"{t('summary.criterion.' + name)} "
        + (f"{c.score:.0f}" if c.applicable else t("summary.not_applicable"))
        for name, c in card.criteria.items()
    ]
    if parts:
        out.append("  " + " · ".join(parts))
    broken = list(getattr(card, "must_broken", []) or [])
    if broken:
        out.append(t("summary.must_broken", rules=", ".join(label.must_rule(t, r) for r in broken)))
    return "\n".join(out)


def as_document(loaded: LoadedScenario, run: Playthrough, seed: int) -> dict[str, Any]:
    call = run.call
    return {
        "scenario": loaded.scenario.id,
        "version": loaded.scenario.version,
        "file": loaded.file,
        "content_hash": loaded.content_hash,
        "seed": seed,
        "trainee": call.trainee,
        "seller": loaded.scenario.seller.model_dump(),
        "opening": run.opening,
        "steps": [step.to_dict() for step in run.steps],
        "script_ran_out": run.script_ran_out,
        "unused_replies": run.unused,
        "path": run.path,
        "revealed": call.revealed,
        "mood": call.mood,
        "patience": call.patience,
        "outcome": call.outcome.to_dict() if call.outcome else None,
        "transcript": [entry.to_dict() for entry in call.transcript],
        "scorecard": call.scorecard().to_dict(),
    }
