"""Development settings: the port links carry, and the themed 404 with DEBUG on."""

from __future__ import annotations

import pytest
from django.test.utils import override_settings

from config.settings.dev import _runserver_port


@pytest.mark.parametrize(
    ("argv", "port"),
    [
        (["manage.py", "runserver", "127.0.0.1:8123"], "8123"),
        (["manage.py", "runserver", "8124"], "8124"),
        (["manage.py", "runserver", "--noreload", "0.0.0.0:9000"], "9000"),
        (["manage.py", "runserver"], ""),
        (["manage.py", "seed_demo"], ""),
    ],
)
def test_links_follow_the_port_runserver_was_given(argv, port):
    assert _runserver_port(argv) == port


@pytest.fixture
def debug_with_themed_404(settings):
    settings.DEBUG = True
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "config.themed_404.ThemedNotFoundMiddleware"]


def test_a_missing_storefront_page_shows_the_themes_404_with_debug_on(
    shop_a, client, debug_with_themed_404
):
    response = client.get("/no-such-page/", HTTP_HOST="alpha.souk.test")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "Alpha Goods" in body
    assert "Django tried these URL patterns" not in body and "technical" not in body.lower()


def test_without_it_debug_shows_djangos_page(shop_a, client, settings):
    settings.DEBUG = True
    with override_settings(DEBUG=True):
        body = client.get("/no-such-page/", HTTP_HOST="alpha.souk.test").content.decode()
    assert "Alpha Goods" not in body
