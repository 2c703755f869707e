"""Make `import scoring` mean the package, not the `tests/scoring` folder.

pytest puts `tests/` on sys.path (for tests/conftest.py); a folder there named like a package
would otherwise be picked up as a namespace package of that name."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if sys.path[:1] != [ROOT]:
    sys.path.insert(0, ROOT)
_loaded = sys.modules.get("scoring")
if _loaded is not None and getattr(_loaded, "__file__", None) is None:
    del sys.modules["scoring"]
