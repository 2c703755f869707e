"""The key footer, tightened on small terminals so that Quit stays in view."""

from __future__ import annotations

from textual import events
from textual.widgets import Footer

# Under this width the keys lose their padding and the palette key (also on Ctrl+P) makes way.
COMPACT_UNDER = 100
NO_PALETTE_UNDER = 100


class KeyFooter(Footer):
    def on_resize(self, event: events.Resize) -> None:
        width = event.size.width
        self.compact = width < COMPACT_UNDER
        self.show_command_palette = width >= NO_PALETTE_UNDER
