"""Which theme a request renders with, and with what settings.

Read on every storefront request, so it must cost a fixed, small amount: the shop's
published choice is kept in the cache (``default`` cache, so the key carries the
shop's schema) and costs **no query** once warm and **one** when cold. Publishing
deletes the entry on commit (``themes.services``). A staff preview adds one query for
that theme's draft and is never cached.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property

from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.templatetags.static import static
from django.utils.safestring import SafeString, mark_safe
from django_tenants.utils import get_public_schema_name

from themes.models import ThemeSettings
from themes.registry import BASE_THEME, FONT_SUBSET_RANGES, Theme, get_theme
from themes.schema import merge_stored

PREVIEW_PARAM = "theme_preview"
PREVIEW_SALT = "themes.preview"
PREVIEW_MAX_AGE = 4 * 60 * 60
CACHE_TIMEOUT = 24 * 60 * 60
CHANGE_PERMISSION = "themes.change_themesettings"

# The request being served, so the template loader (which only sees the engine) can
# ask which theme it is for. Set by ``themes.middleware.ThemeMiddleware``.
current_request: ContextVar = ContextVar("themes_current_request", default=None)


@dataclass(frozen=True)
class StorefrontTheme:
    """What a template sees as ``theme``: the theme, its values, whether a preview."""

    theme: Theme
    settings: dict
    preview: bool = False

    @property
    def name(self) -> str:
        return self.theme.name

    @cached_property
    def css(self) -> SafeString:
        """``@font-face`` rules for the chosen fonts and a ``:root`` block of variables.

        Safe to inline: every value was validated (hex colours, numbers, font ids from
        the bundled set) and free text may not set a variable (``schema.parse_schema``).
        """
        rules = []
        for font in self.fonts:
            cuts = [("latin", font["files"]), *font.get("subsets", {}).items()]
            for subset, files in cuts:
                # A font with one cut covers everything; with several, each its range.
                scope = f";unicode-range:{FONT_SUBSET_RANGES[subset]}" if len(cuts) > 1 else ""
                for weight, path in sorted(files.items()):
                    rules.append(
                        f'@font-face{{font-family:"{font["family"]}";font-style:normal;'
                        f"font-weight:{weight};font-display:swap;"
                        f'src:url("{static(path)}") format("woff2"){scope}}}'
                    )
        declarations = [
            f"{s.css_var}:{s.css_value(self.settings[s.id], self.theme.fonts)}"
            for s in self.theme.settings
            if s.css_var
        ]
        if declarations:
            rules.append(":root{" + ";".join(declarations) + "}")
        return mark_safe("\n".join(rules))  # noqa: S308 - validated values only

    @cached_property
    def fonts(self) -> list[dict]:
        chosen = []
        for setting in self.theme.settings:
            if setting.type == "font":
                font = self.theme.fonts.get(self.settings[setting.id])
                if font and font not in chosen:
                    chosen.append(font)
        return chosen

    @property
    def preload_fonts(self) -> list[str]:
        """URLs of the regular weight of each chosen font, for ``<link rel=preload>``."""
        return [static(f["files"][min(f["files"])]) for f in self.fonts if f["files"]]

    @property
    def stylesheets(self) -> list[str]:
        return list(self.theme.stylesheets)

    @property
    def scripts(self) -> list[str]:
        return list(self.theme.scripts)


def _in_shop_schema() -> bool:
    schema = getattr(connection, "schema_name", None)
    return bool(schema) and schema != get_public_schema_name()


# In the ``default`` cache, whose key function prefixes the current schema: one entry
# per shop, the same key from a request, a task or a management command.
CACHE_KEY = "themes:published"


def published_state() -> dict:
    """``{"theme": name or None, "settings": {...}}`` of the current shop (cached)."""
    state = cache.get(CACHE_KEY)
    if state is None:
        row = ThemeSettings.objects.active().values("theme", "published").first()
        state = (
            {"theme": row["theme"], "settings": row["published"]}
            if row
            else {"theme": None, "settings": {}}
        )
        cache.set(CACHE_KEY, state, CACHE_TIMEOUT)
    return state


def published_theme() -> StorefrontTheme:
    """The current shop's storefront theme as shoppers see it."""
    if not _in_shop_schema():
        theme = get_theme(BASE_THEME)
        return StorefrontTheme(theme=theme, settings=theme.defaults)
    state = published_state()
    # No theme chosen in the shop admin yet: the one the shop was provisioned with.
    theme = get_theme(state["theme"] or getattr(connection.tenant, "theme", None))
    stored = state["settings"] if state["theme"] == theme.name else {}
    return StorefrontTheme(theme=theme, settings=merge_stored(theme.settings, stored))


def preview_token(theme: str) -> str:
    """A token naming the theme to preview, bound to this shop's schema."""
    return signing.dumps({"theme": theme, "schema": connection.schema_name}, salt=PREVIEW_SALT)


def _preview_theme(request) -> StorefrontTheme | None:
    """The draft a staff member asked to preview, or ``None`` (then: the published one).

    Needs both a valid token for this shop and a logged-in user of this shop allowed
    to change themes; a shopper given the link sees the published storefront.
    """
    token = request.GET.get(PREVIEW_PARAM)
    if not token or not _in_shop_schema():
        return None
    try:
        data = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("schema") != connection.schema_name:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm(CHANGE_PERMISSION):
        return None
    theme = get_theme(data.get("theme"))
    row = ThemeSettings.objects.filter(theme=theme.name).first()
    stored = (row.draft if row.has_draft else row.published) if row else {}
    return StorefrontTheme(theme=theme, settings=merge_stored(theme.settings, stored), preview=True)


def theme_for_request(request) -> StorefrontTheme:
    """The theme for this request, resolved once and kept on the request."""
    resolved = getattr(request, "_storefront_theme", None)
    if resolved is None:
        resolved = _preview_theme(request) or published_theme()
        request._storefront_theme = resolved
    return resolved


def current_theme_name() -> str:
    """For the template loader: the request's theme, else the shop's published one."""
    request = current_request.get()
    if request is not None:
        return theme_for_request(request).name
    return published_theme().name
