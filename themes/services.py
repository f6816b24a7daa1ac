"""Writes of a shop's theme choice and settings (run in the shop's schema).

The merchant's loop is: edit a theme's settings as a *draft* (seen only in the
admin's live preview), then *publish*, which makes that theme the storefront's and
its draft the published values. Switching theme never touches content (pages,
products, menus live elsewhere) and never discards another theme's settings: each
theme keeps its own row.

Every write validates against the theme's schema first and raises one
``ValidationError`` keyed by setting id; nothing is stored unless every value is
good. The shop's cached theme is dropped on commit, so the next request shows it.
"""

from __future__ import annotations

from functools import partial

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context
from wagtail.log_actions import log

from notifications.models import EmailBranding
from notifications.services import email_branding_update
from storefront.page_cache import storefront_cache_purge
from themes.models import ThemeSettings
from themes.registry import Theme, themes
from themes.schema import merge_stored, validate_values
from themes.selectors import CACHE_KEY


def _theme(name: str) -> Theme:
    found = themes().get(name)
    if found is None:
        raise ValidationError({"theme": [_("There is no theme called “%s”.") % name]})
    return found


def theme_cache_invalidate(*, schema_name: str) -> None:
    """Forget a shop's cached published theme (every process shares the cache) and
    its cached storefront pages: a theme change alters every page. (The page cache is
    the storefront's; a local import keeps themes importable without it.)"""
    with schema_context(schema_name):
        cache.delete(CACHE_KEY)
        storefront_cache_purge(reason="theme published", schema_name=schema_name)


def _invalidate_on_commit() -> None:
    transaction.on_commit(partial(theme_cache_invalidate, schema_name=connection.schema_name))


def _email_colours_copy(row: ThemeSettings) -> None:
    """The published theme's colours are the e-mails' colours too (``notifications``)."""
    email_branding_update(
        **{name: row.published[name] for name in EmailBranding.COLOURS if name in row.published}
    )


def theme_defaults_install(*, theme: str) -> None:
    """A new shop's e-mails wear the colours of the theme it signed up with.

    Called by provisioning in the new schema. It writes no ``ThemeSettings`` row: the
    setup guide's "Choose a theme" stays open until the merchant activates or
    publishes a theme, which copies the colours again (``_email_colours_copy``).
    """
    defaults = merge_stored(_theme(theme).settings, {})
    email_branding_update(
        **{name: defaults[name] for name in EmailBranding.COLOURS if name in defaults}
    )


def _row(theme: Theme) -> ThemeSettings:
    row, _created = ThemeSettings.objects.select_for_update().get_or_create(theme=theme.name)
    return row


@transaction.atomic
def theme_settings_save_draft(*, theme: str, values: dict, user=None) -> ThemeSettings:
    """Store ``values`` as the draft of ``theme``: previewable, not yet public."""
    found = _theme(theme)
    cleaned = validate_values(found.settings, values)
    row = _row(found)
    row.draft = cleaned
    row.has_draft = True
    row.save(update_fields=["draft", "has_draft", "updated_at"])
    log(instance=row, action="themes.draft", user=user, data={"theme": found.name})
    return row


@transaction.atomic
def theme_settings_discard_draft(*, theme: str, user=None) -> ThemeSettings:
    found = _theme(theme)
    row = _row(found)
    row.draft = {}
    row.has_draft = False
    row.save(update_fields=["draft", "has_draft", "updated_at"])
    log(instance=row, action="themes.discard", user=user, data={"theme": found.name})
    return row


@transaction.atomic
def theme_activate(*, theme: str, user=None) -> ThemeSettings:
    """Switch the storefront to ``theme`` with its last *published* settings.

    That is "switching back": the old theme returns exactly as the merchant left it
    (its defaults if it was never published); a pending draft stays a draft.
    """
    found = _theme(theme)
    row = _row(found)
    ThemeSettings.objects.active().exclude(pk=row.pk).update(is_active=False)
    row.published = merge_stored(found.settings, row.published)
    row.is_active = True
    row.published_at = timezone.now()
    row.save()
    log(instance=row, action="themes.activate", user=user, data={"theme": found.name})
    _email_colours_copy(row)
    _invalidate_on_commit()
    return row


@transaction.atomic
def theme_publish(*, theme: str, values: dict | None = None, user=None) -> ThemeSettings:
    """Make ``theme`` the storefront's theme with ``values`` (default: its draft)."""
    found = _theme(theme)
    row = _row(found)
    if values is None:
        # Stored values a newer theme version refuses fall back to defaults, one by one.
        values = merge_stored(found.settings, row.draft if row.has_draft else row.published)
    cleaned = validate_values(found.settings, values)
    # The partial unique index allows one active row: clear the old one first.
    ThemeSettings.objects.active().exclude(pk=row.pk).update(is_active=False)
    row.published = cleaned
    row.draft = {}
    row.has_draft = False
    row.is_active = True
    row.published_at = timezone.now()
    row.save()
    log(instance=row, action="themes.publish", user=user, data={"theme": found.name})
    _email_colours_copy(row)
    _invalidate_on_commit()
    return row
