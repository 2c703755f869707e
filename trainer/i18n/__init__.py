"""What the app says to a trainee, in the trainee's language.

Every sentence on a screen, in a coach note, on the scorecard or in `play`'s summary comes
from a catalogue per language (`en.yaml`, `nb.yaml`, flat dotted keys). The catalogues are
complete by test: a key missing from one of them, or a placeholder that differs, fails the
suite. A key that is still missing at run time (a half-written third language) falls back to
English rather than showing nothing.

Only words are translated: grades, evidence and stored attempts keep their ids.
"""

from __future__ import annotations

from trainer.i18n.catalog import (
    LANGUAGES,
    Messages,
    messages,
    outcome_summary,
    resolve_language,
)

__all__ = ["LANGUAGES", "Messages", "messages", "outcome_summary", "resolve_language"]
