"""The themes installed on this platform: each a folder ``<theme dir>/<name>/``.

A theme folder holds ``templates/``, ``static/`` and a ``theme.json`` manifest. The
``base`` theme covers every storefront template; other themes override what they
need and fall back to it. ``settings.THEME_DIRS`` lists the folders searched, so an
operator can add themes outside this repository; the first folder holding a name wins.

Manifests are read once per process (and per ``THEME_DIRS``): themes are code, shipped
with a deploy, never edited at run time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from themes.schema import Setting, defaults, parse_schema

THEMES_DIR = Path(__file__).resolve().parent
BASE_THEME = "base"
THEME_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
FONT_STACKS = {
    "sans": 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif',
    "serif": 'Georgia, "Times New Roman", serif',
    "display": 'Impact, "Arial Narrow", sans-serif',
    "mono": "ui-monospace, Menlo, Consolas, monospace",
}


@dataclass(frozen=True)
class Theme:
    """One installed theme, as its manifest declares it."""

    name: str
    path: Path
    title: str
    version: str
    description: str
    preview: str
    stylesheets: tuple[str, ...]
    scripts: tuple[str, ...]
    settings: tuple[Setting, ...]
    fonts: dict

    @property
    def defaults(self) -> dict:
        return defaults(self.settings)

    def setting(self, sid: str) -> Setting | None:
        return next((s for s in self.settings if s.id == sid), None)


def theme_dirs() -> tuple[Path, ...]:
    return tuple(Path(d) for d in getattr(settings, "THEME_DIRS", None) or [THEMES_DIR])


def _read(manifest: Path) -> dict:
    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(f"{manifest}: not valid JSON ({error}).") from None
    if not isinstance(data, dict):
        raise ImproperlyConfigured(f"{manifest}: must hold a JSON object.")
    return data


def _fonts(raw: dict, *, theme: str) -> dict:
    """A manifest's ``fonts``: id -> label, CSS family, fallback and woff2 files."""
    fonts = {}
    for fid, font in (raw or {}).items():
        try:
            family = font["family"]
            files = {str(w): path for w, path in font["files"].items()}
        except (KeyError, TypeError, AttributeError):
            raise ImproperlyConfigured(
                f"Theme {theme!r}: font {fid!r} needs 'family' and 'files'."
            ) from None
        fallback = FONT_STACKS.get(font.get("fallback", "sans"), FONT_STACKS["sans"])
        fonts[fid] = {
            "id": fid,
            "label": font.get("label", family),
            "family": family,
            "stack": f'"{family}", {fallback}',
            "files": files,
        }
    return fonts


@cache
def _scan(dirs: tuple[Path, ...]) -> dict[str, Theme]:
    raw: dict[str, tuple[Path, dict]] = {}
    for folder in dirs:
        for manifest in sorted(folder.glob("*/theme.json")):
            name = manifest.parent.name
            if name in raw:
                continue
            if not THEME_NAME.match(name):
                raise ImproperlyConfigured(
                    f"{manifest.parent}: a theme folder name is lowercase letters, digits, -."
                )
            raw[name] = (manifest.parent, _read(manifest))
    # Bundled fonts: the base theme's set, which every theme may extend.
    shared_fonts = _fonts(raw.get(BASE_THEME, (None, {}))[1].get("fonts"), theme=BASE_THEME)
    themes: dict[str, Theme] = {}
    for name, (path, data) in raw.items():
        fonts = {**shared_fonts, **_fonts(data.get("fonts"), theme=name)}
        themes[name] = Theme(
            name=name,
            path=path,
            title=str(data.get("name") or name),
            version=str(data.get("version", "0")),
            description=str(data.get("description", "")),
            preview=str(data.get("preview", "")),
            stylesheets=tuple(data.get("stylesheets", ())),
            scripts=tuple(data.get("scripts", ())),
            settings=parse_schema(data.get("settings", []), theme=name, fonts=fonts),
            fonts=fonts,
        )
    return themes


def themes() -> dict[str, Theme]:
    """Every installed theme by folder name, ``base`` included."""
    return _scan(theme_dirs())


def installed_themes() -> dict[str, Theme]:
    return themes()


def get_theme(name: str | None) -> Theme:
    """The named theme, or ``base`` for an unknown name (a removed theme never 500s)."""
    found = themes()
    return found.get(name or BASE_THEME) or found[BASE_THEME]


def selectable_themes() -> list[Theme]:
    """Themes a merchant can choose, ``base`` (everyone's fallback) last."""
    return sorted(themes().values(), key=lambda t: (t.name == BASE_THEME, t.title))


def template_dirs(theme: str) -> list[Path]:
    """Where templates of ``theme`` are looked up, most specific first."""
    found = themes()
    names = [theme, BASE_THEME] if theme != BASE_THEME else [BASE_THEME]
    return [found[name].path / "templates" for name in names if name in found]
