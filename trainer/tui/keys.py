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


def translate_app_keys(node: DOMNode, t: Messages) -> None:
    """The app's own keys (Quit) follow the screen in front. Each binding keeps its catalogue
    key as its `id`, so it can be translated again when another screen comes to the front."""
    app = node.app
    bindings = app._bindings.key_to_bindings
    for key, listed in list(bindings.items()):
        updated = []
        for b in listed:
            original = b.id if b.id and b.id.startswith(PREFIX) else b.description
            if original.startswith(PREFIX):
                updated.append(replace(b, description=t(original), id=original))
            else:
                updated.append(b)
        bindings[key] = updated
    app.refresh_bindings()
