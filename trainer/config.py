"""The trainee's settings (name, theme, last mode), kept in a small TOML file.

A file that cannot be read or parsed is never overwritten: the app runs on defaults, shows
the warning, and leaves the file for the user to fix.
"""

from __future__ import annotations

import json
import os
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from trainer.i18n.catalog import LANGUAGES

APP_NAME = "sales-trainer"
FILE_NAME = "config.toml"
MODES = ("coach", "exam")
THEMES = ("textual-dark", "textual-light")
MAX_NAME = 40


@dataclass(frozen=True)
class Config:
    trainee: str | None = None
    theme: str = THEMES[0]
    mode: str = MODES[0]
    # The interface language; None: each call speaks its scenario's language, the rest English.
    language: str | None = None
    # The team's scenario folders, listed in the library after the built-in scenarios.
    scenario_dirs: tuple[str, ...] = ()

    def with_changes(self, **changes: str | None) -> Config:
        return replace(self, **changes)  # type: ignore[arg-type]


def default_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME))


def clean_name(raw: str) -> str:
    """A trainee name as it will be stored: printable, single-line, trimmed, bounded."""
    kept = "".join(" " if ch.isspace() else ch for ch in raw if unicodedata.category(ch)[0] != "C"
                   or ch.isspace())
    return " ".join(kept.split())[:MAX_NAME].strip()


@dataclass
class ConfigFile:
    """The config file on disk plus what was learned loading it."""

    path: Path
    config: Config = field(default_factory=Config)
    warning: str | None = None
    # False when the file exists but could not be parsed: saving would destroy the user's text.
    writable: bool = True
    # False for a browser session: the file is the server's, shared by every session, so a
    # session reads its defaults but keeps its own changes (its trainee's name) to itself.
    persist: bool = True

    def session_only(self) -> ConfigFile:
        return ConfigFile(self.path, self.config.with_changes(trainee=None), self.warning,
                          self.writable, persist=False)

    @classmethod
    def load(cls, directory: Path | None = None) -> ConfigFile:
        path = (directory or default_dir()) / FILE_NAME
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as exc:
            return cls(path, warning=f"cannot read {path}: {exc}; using defaults", writable=False)
        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            return cls(
                path,
                warning=f"{path} is not valid TOML ({exc}); using defaults and leaving it as is",
                writable=False,
            )
        config, problems = _from_dict(data)
        warning = f"{path}: {'; '.join(problems)}" if problems else None
        return cls(path, config, warning)

    def save(self, config: Config) -> str | None:
        """Write the settings; returns a warning instead of raising when that is not possible."""
        self.config = config
        if not self.persist:
            return None
        if not self.writable:
            return f"settings not saved: fix or remove {self.path} first"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".toml.tmp")
            tmp.write_text(_to_toml(config), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            return f"settings not saved to {self.path}: {exc.strerror or exc}"
        return None


def _from_dict(data: dict[str, object]) -> tuple[Config, list[str]]:
    problems: list[str] = []
    config = Config()
    trainee = data.get("trainee")
    if isinstance(trainee, str) and clean_name(trainee):
        config = config.with_changes(trainee=clean_name(trainee))
    elif trainee is not None:
        problems.append("'trainee' must be a non-empty string")
    theme = data.get("theme")
    if theme in THEMES:
        config = config.with_changes(theme=str(theme))
    elif theme is not None:
        problems.append(f"'theme' must be one of {', '.join(THEMES)}")
    mode = data.get("mode")
    if mode in MODES:
        config = config.with_changes(mode=str(mode))
    elif mode is not None:
        problems.append(f"'mode' must be one of {', '.join(MODES)}")
    language = data.get("language")
    if language in LANGUAGES:
        config = config.with_changes(language=str(language))
    elif language is not None:
        problems.append(f"'language' must be one of {', '.join(LANGUAGES)}")
    dirs = data.get("scenario_dirs")
    if isinstance(dirs, list) and all(isinstance(d, str) and d.strip() for d in dirs):
        config = replace(config, scenario_dirs=tuple(dirs))
    elif dirs is not None:
        problems.append("'scenario_dirs' must be a list of folder paths")
    return config, problems


def _to_toml(config: Config) -> str:
    # JSON string escapes are a subset of TOML basic-string escapes, so json.dumps quotes safely.
    lines = ["# sales-trainer settings"]
    if config.trainee:
        lines.append(f"trainee = {json.dumps(config.trainee, ensure_ascii=False)}")
    lines.append(f"theme = {json.dumps(config.theme)}")
    lines.append(f"mode = {json.dumps(config.mode)}")
    if config.language:
        lines.append(f"language = {json.dumps(config.language)}")
    if config.scenario_dirs:
        folders = json.dumps(list(config.scenario_dirs), ensure_ascii=False)
        lines.append(f"scenario_dirs = {folders}")
    return "\n".join(lines) + "\n"
