"""Publishing, drafts and switching: each theme keeps its settings; content never moves."""

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from themes.models import ThemeSettings
from themes.registry import get_theme
from themes.selectors import published_theme
from themes.services import (
    theme_activate,
    theme_publish,
    theme_settings_discard_draft,
    theme_settings_save_draft,
)


def test_publish_makes_the_theme_live_with_its_values(shop_a, django_capture_on_commit_callbacks):
    with schema_context(shop_a.schema_name), django_capture_on_commit_callbacks(execute=True):
        theme_publish(theme="bold", values={"color_primary": "#112233"})
        live = published_theme()
    assert live.name == "bold"
    assert live.settings["color_primary"] == "#112233"
    assert live.settings["grid_columns"] == get_theme("bold").defaults["grid_columns"]


def test_bad_values_are_refused_and_nothing_is_saved(shop_a):
    with schema_context(shop_a.schema_name):
        theme_publish(theme="bold", values={"color_primary": "#112233"})
        with pytest.raises(ValidationError) as caught:
            theme_publish(theme="minimal", values={"color_primary": "nope", "grid_columns": 12})
        assert set(caught.value.message_dict) == {"color_primary", "grid_columns"}
        with pytest.raises(ValidationError):
            theme_settings_save_draft(theme="bold", values={"radius": "huge"})
        with pytest.raises(ValidationError) as unknown:
            theme_publish(theme="no-such-theme", values={})
        assert "no theme called" in unknown.value.message_dict["theme"][0]
        rows = {r.theme: r for r in ThemeSettings.objects.all()}
        # minimal was never written; bold is untouched (no draft, still live).
        assert set(rows) == {"bold"}
        assert rows["bold"].is_active and not rows["bold"].has_draft
        assert rows["bold"].published["color_primary"] == "#112233"


def test_switching_back_restores_the_old_themes_settings(shop_a, committed):
    with schema_context(shop_a.schema_name):
        committed(
            theme_publish, theme="boutique", values={"color_primary": "#aa0000", "grid_columns": 2}
        )
        committed(theme_publish, theme="minimal", values={"color_primary": "#00aa00"})
        assert published_theme().name == "minimal"
        committed(theme_activate, theme="boutique")
        live = published_theme()
        assert live.name == "boutique"
        assert live.settings["color_primary"] == "#aa0000"
        assert live.settings["grid_columns"] == 2
        # ...and minimal's settings are still there for the next switch.
        assert ThemeSettings.objects.get(theme="minimal").published["color_primary"] == "#00aa00"
        assert ThemeSettings.objects.active().count() == 1


def test_switching_never_changes_content(shop_a):
    from wagtail.models import Page

    from catalog.models import Product
    from tests.storefront import builders

    with schema_context(shop_a.schema_name):
        builders.product("Lamp")
        before = (
            list(Page.objects.values_list("id", "title", "latest_revision_id")),
            list(Product.objects.values_list("id", "title", "updated_at")),
        )
        theme_publish(theme="bold", values={})
        theme_activate(theme="minimal")
        theme_activate(theme="bold")
        after = (
            list(Page.objects.values_list("id", "title", "latest_revision_id")),
            list(Product.objects.values_list("id", "title", "updated_at")),
        )
    assert before == after


def test_a_draft_is_not_live_until_published(shop_a, committed):
    with schema_context(shop_a.schema_name):
        committed(theme_publish, theme="bold", values={"color_primary": "#111111"})
        committed(theme_settings_save_draft, theme="bold", values={"color_primary": "#222222"})
        assert published_theme().settings["color_primary"] == "#111111"
        # Switching away and back keeps the draft a draft.
        committed(theme_activate, theme="minimal")
        committed(theme_activate, theme="bold")
        row = ThemeSettings.objects.get(theme="bold")
        assert row.has_draft and row.draft["color_primary"] == "#222222"
        assert published_theme().settings["color_primary"] == "#111111"
        committed(theme_publish, theme="bold")
        assert published_theme().settings["color_primary"] == "#222222"
        theme_settings_save_draft(theme="bold", values={"color_primary": "#333333"})
        theme_settings_discard_draft(theme="bold")
        assert not ThemeSettings.objects.get(theme="bold").has_draft


def test_one_active_theme_is_a_database_rule(shop_a):
    from django.db import IntegrityError, transaction

    with schema_context(shop_a.schema_name):
        ThemeSettings.objects.create(theme="bold", is_active=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            ThemeSettings.objects.create(theme="minimal", is_active=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            ThemeSettings.objects.create(theme="Bad Name")


def test_theme_changes_are_in_the_admin_history(shop_a):
    from wagtail.models import ModelLogEntry

    with schema_context(shop_a.schema_name):
        before = ModelLogEntry.objects.order_by("id").last().pk  # the shop's provisioning
        theme_settings_save_draft(theme="bold", values={})
        theme_publish(theme="bold")
        theme_activate(theme="minimal")
        entries = ModelLogEntry.objects.filter(pk__gt=before).order_by("id")
        actions = list(entries.values_list("action", flat=True))
    assert actions == ["themes.draft", "themes.publish", "themes.activate"]
