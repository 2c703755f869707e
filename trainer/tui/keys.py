"""Footer words in the screen's language.

Bindings are declared once per screen class with a catalogue key as their description
("keys.retry"); each screen instance swaps in the words of its own language, so an English
library and a Norwegian call can sit side by side on the screen stack."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from trainer.i18n import Messages

PREFIX = "keys."


def translate_keys(node: DOMNode, t: Messages) -> None:
    bindings = node._bindings.key_to_bindings
    for key, listed in list(bindings.items()):
        bindings[key] = [
            replace(b, description=t(b.description)) if b.description.startswith(PREFIX) else b
            for b in listed
        ]
    node.refresh_bindings()


# Translated description -> its catalogue key, so the app's keys can be translated again.
_ORIGINAL: dict[str, str] = {}


def translate_app_keys(node: DOMNode, t: Messages) -> None:
    """The app's own keys (Quit) follow the screen in front."""
    app = node.app
    bindings = app._bindings.key_to_bindings
    for key, listed in list(bindings.items()):
        updated = []
        for b in listed:
            original = _ORIGINAL.get(b.description, b.description)
            if original.startswith(PREFIX):
                new = t(original)
                _ORIGINAL[new] = original
                updated.append(replace(b, description=new))
            else:
                updated.append(b)
        bindings[key] = updated
    app.refresh_bindings()
