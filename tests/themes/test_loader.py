"""The storefront's templates come from the shop's theme, then from themes/base."""

from pathlib import Path

import pytest
from django.test import override_settings

from shops.models import Shop
from shops.routing import directory

FIXTURES = Path(__file__).parent / "fixtures"
REPO_THEMES = Path(__file__).resolve().parents[2] / "themes"


@pytest.fixture
def bold_theme_installed():
    with override_settings(THEME_DIRS=[str(REPO_THEMES), str(FIXTURES)]):
        yield


def test_shop_theme_overrides_and_falls_back_to_base(shop_a, shop_b, client, bold_theme_installed):
    Shop.objects.filter(pk=shop_a.pk).update(theme="fixturebold")
    directory.invalidate()
    a = client.get("/", HTTP_HOST="alpha.souk.test").content.decode()
    b = client.get("/", HTTP_HOST="beta.souk.test").content.decode()
    # The bold theme's own home page template...
    assert "BOLD Alpha Goods" in a and "theme-bold" in a
    # ...inside base.html, which bold does not override (fallback to themes/base).
    assert "site-header" in a
    # Shop B on the base theme is untouched by A's theme.
    assert "BOLD" not in b and "template-home" in b


def test_unknown_theme_falls_back_to_base(shop_a, client):
    Shop.objects.filter(pk=shop_a.pk).update(theme="no-such-theme")
    directory.invalidate()
    response = client.get("/", HTTP_HOST="alpha.souk.test")
    assert response.status_code == 200
    assert "template-home" in response.content.decode()


def test_loader_caches_per_theme_not_per_request(shop_a, shop_b, client, bold_theme_installed):
    from django.template import engines

    loader = next(
        ld
        for ld in engines["django"].engine.template_loaders
        if ld.__class__.__name__ == "ThemeLoader"
    )
    for _ in range(3):
        client.get("/", HTTP_HOST="alpha.souk.test")
        client.get("/", HTTP_HOST="beta.souk.test")
    from themes.registry import theme_dirs

    current = [theme for theme, dirs in loader._per_theme if dirs == theme_dirs()]
    # One compiled-template cache per theme, shared by every request and shop.
    assert sorted(current) == ["base", "fixturebold"]


def test_theme_static_files_are_served(shop_a, client):
    page = client.get("/", HTTP_HOST="alpha.souk.test").content.decode()
    assert "/static/themes/base/storefront.css" in page
    css = client.get("/static/themes/base/storefront.css", HTTP_HOST="alpha.souk.test")
    assert css.status_code == 200
    assert b"--color-primary" in b"".join(css.streaming_content)
