"""The themes installed on this platform: each a folder ``themes/<name>/``.

A theme folder holds ``templates/``, ``static/`` and a ``theme.json`` manifest. The
``base`` theme covers every storefront template; other themes override what they
need and fall back to it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

THEMES_DIR = Path(__file__).resolve().parent
BASE_THEME = "base"


@cache
def installed_themes() -> dict[str, dict]:
    """Theme name -> manifest, for every folder with a ``theme.json``."""
    themes = {}
    for manifest in sorted(THEMES_DIR.glob("*/theme.json")):
        themes[manifest.parent.name] = json.loads(manifest.read_text())
    return themes


def template_dirs(theme: str) -> list[Path]:
    """Where templates of ``theme`` are looked up, most specific first."""
    names = [theme, BASE_THEME] if theme != BASE_THEME else [BASE_THEME]
    return [THEMES_DIR / name / "templates" for name in names if name in installed_themes()]
