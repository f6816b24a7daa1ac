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

# The Unicode ranges of the subsets fonts are cut into (Google Fonts' and @fontsource's
# split). A font's ``files`` are its ``latin`` cut; ``subsets`` may add the others. Each
# cut is its own ``@font-face`` with its range, so a browser downloads a cut only for
# a page that shows one of its characters: a Polish or Greek product title is drawn in
# the theme's font, and an English shop loads the latin file alone.
FONT_SUBSET_RANGES = {
    "latin": (
        "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,"
        "U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD"
    ),
    "latin-ext": (
        "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,"
        "U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,"
        "U+2C60-2C7F,U+A720-A7FF"
    ),
    "cyrillic": "U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116",
    "cyrillic-ext": "U+0460-052F,U+1C80-1C8A,U+20B4,U+2DE0-2DFF,U+A640-A69F,U+FE2E-FE2F",
    "greek": "U+0370-0377,U+037A-037F,U+0384-038A,U+038C,U+038E-03A1,U+03A3-03FF",
    "vietnamese": (
        "U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,U+01A0-01A1,U+01AF-01B0,"
        "U+0300-0301,U+0303-0304,U+0308-0309,U+0323,U+0329,U+1EA0-1EF9,U+20AB"
    ),
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
    """A manifest's ``fonts``: id -> label, CSS family, fallback, woff2 files (the latin
    cut) and optional ``subsets`` (other cuts by subset name, see FONT_SUBSET_RANGES)."""
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
        subsets = {}
        for subset, cut in (font.get("subsets") or {}).items():
            if subset not in FONT_SUBSET_RANGES or subset == "latin":
                raise ImproperlyConfigured(
                    f"Theme {theme!r}: font {fid!r} has an unknown subset {subset!r} "
                    f"(known: {', '.join(sorted(set(FONT_SUBSET_RANGES) - {'latin'}))})."
                )
            subsets[subset] = {str(w): path for w, path in cut.items()}
        fonts[fid] = {
            "id": fid,
            "label": font.get("label", family),
            "family": family,
            "stack": f'"{family}", {fallback}',
            "files": files,
            "subsets": subsets,
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
