"""Every lint code with its severity and a one-line title (the docs explain each with an example).

Codes are stable: a code is never reused for a different problem.
"""

from __future__ import annotations

from trainer.diagnostics import Severity

# Codes raised while loading (trainer.scenario.loader) are listed too, so the docs and the
# `validate` output share one table.
CODES: dict[str, tuple[Severity, str]] = {
    "SCN001": ("error", "YAML syntax error"),
    "SCN002": ("error", "schema error: wrong type, unknown key or missing key"),
    "SCN003": ("error", "duplicate key"),
    "SCN004": ("error", "unsafe YAML tag"),
    "SCN005": ("error", "unusable file: empty, binary, not UTF-8, too large or missing"),
    "SCN010": ("error", "unknown target"),
    "SCN011": ("warning", "unreachable node"),
    "SCN012": ("error", "dead end"),
    "SCN013": ("error", "node with branches but no fallback"),
    "SCN014": ("warning", "ambiguous sibling branches"),
    "SCN015": ("error", "unknown need"),
    "SCN016": ("error", "unknown variable"),
    "SCN017": ("error", "duplicate id"),
    "SCN018": ("error", "undefined placeholder"),
    "SCN019": ("error", "rubric weights incomplete or not adding up to 100"),
    "SCN020": ("warning", "need that cannot be revealed or told apart"),
    "SCN021": ("warning", "outcome no path reaches"),
    "SCN022": ("error", "unknown must-rule"),
    "SCN023": ("error", "hang-up outcome missing or not a loss"),
    "SCN024": ("error", "playthrough test expecting an unknown outcome or node"),
    "SCN025": ("error", "loop with no way out"),
    "SCN026": ("warning", "missing schema header line"),
    "SCN027": ("warning", "variable declared but never used"),
    "SCN028": ("warning", "file name differs from the scenario id"),
    "SCN029": ("warning", "schema header points at a file that does not exist"),
    "SCN030": ("error", "variable used with the wrong type"),
    "SCN031": ("warning", "goto ignored because the node has branches"),
    "SCN032": ("warning", "playthrough test that expects nothing"),
    "SCN033": ("error", "unknown act"),
    "SCN034": ("warning", "slot placeholder without a default"),
    "SCN035": ("warning", "ladder line that repeats what the prospect already says"),
    "SCN036": ("warning", "node that advances on needs it can never see"),
    "SCN037": ("error", "unknown persona variant"),
    "SCN038": ("warning", "variant left with nothing to say"),
    "SCN039": ("warning", "model answer the grader does not credit for what its node teaches"),
    # Shared blocks (`use:`): raised while loading, except SCN050 and SCN051.
    "SCN040": ("error", "block file not found"),
    "SCN041": ("error", "block file outside the scenario's folders or not a YAML file"),
    "SCN042": ("error", "not a block file, or a block file that uses blocks"),
    "SCN043": ("error", "unknown block"),
    "SCN044": ("error", "required block parameter missing"),
    "SCN045": ("error", "unknown block parameter"),
    "SCN046": ("error", "placeholder the block does not declare"),
    "SCN047": ("error", "block node id that clashes with another node"),
    "SCN048": ("error", "`use:` in scenario text that has no file"),
    "SCN049": ("error", "list or mapping given for a parameter used inside text"),
    "SCN050": ("warning", "block parameter never used"),
    "SCN051": ("warning", "block file in another language than the scenario"),
}


def severity(code: str) -> Severity:
    return CODES[code][0]
