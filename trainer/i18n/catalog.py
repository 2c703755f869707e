"""Loading the catalogues and looking up one message."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

LANGUAGES = ("en", "nb")
DEFAULT = "en"
_FIELD = re.compile(r"\{([a-z_]+)\}")


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = str(value)
    return out


@cache
def entries(lang: str) -> dict[str, str]:
    text = resources.files("trainer.i18n").joinpath(f"{lang}.yaml").read_text(encoding="utf-8")
    return _flatten(yaml.safe_load(text) or {})


def fields(template: str) -> set[str]:
    return set(_FIELD.findall(template))


class Messages:
    """`t("call.ended.won")`, `t("call.ended.after", count=3)`; `t.has(key)` for optional
    words such as a rule's label."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT
        self._own = entries(self.lang)
        self._fallback = entries(DEFAULT)

    def has(self, key: str) -> bool:
        return key in self._own or key in self._fallback

    def __call__(self, key: str, **values: Any) -> str:
        template = self._own.get(key, self._fallback.get(key))
        if template is None:
            return key
        # Only {name} fields, filled by hand: a value may itself contain braces.
        return _FIELD.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)

    def plural(self, key: str, count: int, **values: Any) -> str:
        """`key.one` for 1, `key.other` otherwise (en and nb need no more forms)."""
        return self(f"{key}.{'one' if count == 1 else 'other'}", count=count, **values)

    def number(self, value: float, decimals: int = 0) -> str:
        """1,200.5 in English; 1 200,5 in Norwegian (a no-break space between groups)."""
        text = f"{value:,.{decimals}f}"
        if self.lang == "nb":
            text = text.replace(",", "\u00a0").replace(".", ",").replace("-", "−")
        return text

    def clock(self, hour: int, minute: int) -> str:
        """14:30 in English; kl. 14.30 in Norwegian."""
        if self.lang == "nb":
            return f"kl. {hour:02d}.{minute:02d}"
        return f"{hour:02d}:{minute:02d}"


@cache
def messages(lang: str) -> Messages:
    return Messages(lang)


def resolve_language(chosen: str | None, scenario: str | None = None) -> str:
    """The interface language: the trainee's choice (`--lang`, or `language` in the config)
    when made, else the scenario's own language, else English."""
    for lang in (chosen, scenario):
        if lang in LANGUAGES:
            return lang  # type: ignore[return-value]
    return DEFAULT


def outcome_summary(t: Messages, outcome_id: str, summary: str) -> str:
    """How a call ended, in words: the scenario's own summary, or, for the endings the engine
    makes itself (the trainee hung up or said goodbye), the catalogue's."""
    key = f"outcome.{outcome_id}"
    return t(key) if t.has(key) else summary
