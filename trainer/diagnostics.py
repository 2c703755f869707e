"""Findings about a scenario file, and the error type that carries them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    file: str = "<string>"
    line: int = 1
    column: int = 1

    def format(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity} {self.code}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class TrainerError(Exception):
    """An error the user caused (bad file, bad argument): shown as a message, never a traceback.

    `key` and `values` name the message in the interface catalogue (trainer/i18n), so the
    command line can say it in the trainee's language; the English text is the fallback."""

    def __init__(self, message: str = "", *, key: str | None = None, **values: object) -> None:
        super().__init__(message)
        self.key = key
        self.values = values


class ScenarioError(TrainerError):
    """A scenario file that cannot be used; carries every problem found, not only the first."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))
