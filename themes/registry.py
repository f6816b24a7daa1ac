"""The themes installed on this platform: each a folder ``<theme dir>/<name>/``.

A theme folder holds ``templates/``, ``static/`` and a ``theme.json`` manifest. The
``base`` theme covers every storefront template; other themes override what they
need and fall back to it. ``settings.THEME_DIRS`` lists the folders searched, so an
operator can add themes outside this repository; the first folder holding a name wins.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.conf import settings

THEMES_DIR = Path(__file__).resolve().parent
BASE_THEME = "base"


def theme_dirs() -> tuple[Path, ...]:
    return tuple(Path(d) for d in getattr(settings, "THEME_DIRS", None) or [THEMES_DIR])


@cache
def _scan(dirs: tuple[Path, ...]) -> dict[str, tuple[Path, dict]]:
    themes: dict[str, tuple[Path, dict]] = {}
    for folder in dirs:
        for manifest in sorted(folder.glob("*/theme.json")):
            themes.setdefault(
                manifest.parent.name, (manifest.parent, json.loads(manifest.read_text()))
            )
    return themes


def installed_themes() -> dict[str, dict]:
    """Theme name -> manifest, for every theme folder with a ``theme.json``."""
    return {name: manifest for name, (_path, manifest) in _scan(theme_dirs()).items()}


def template_dirs(theme: str) -> list[Path]:
    """Where templates of ``theme`` are looked up, most specific first."""
    themes = _scan(theme_dirs())
    names = [theme, BASE_THEME] if theme != BASE_THEME else [BASE_THEME]
    return [themes[name][0] / "templates" for name in names if name in themes]
