"""What shoppers get: the published theme's templates, CSS variables and template
variables; base templates where a theme has none; a fixed number of queries; and
nothing of one shop's theme in another."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from shops.models import Shop
from shops.routing import directory
from tests.storefront import builders
from themes.services import theme_publish


def publish(shop, theme, capture, **values):
    with schema_context(shop.schema_name), capture(execute=True):
        theme_publish(theme=theme, values=values)


def get(shop, path="/"):
    return Client(HTTP_HOST=f"{shop.subdomain}.souk.test").get(path)


def test_settings_reach_templates_as_css_variables_and_variables(
    shop_a, django_capture_on_commit_callbacks
):
    publish(
        shop_a,
        "boutique",
        django_capture_on_commit_callbacks,
        color_primary="#ff0000",
        header_layout="stacked",
        card_style="framed",
        font_heading="playfair-display",
        footer_note="Summer sale",
    )
    html = get(shop_a).content.decode()
    assert "--color-primary:#ff0000" in html
    assert '--font-heading:"Playfair Display", Georgia' in html
    assert "--grid-columns:3" in html
    assert re.search(
        r'@font-face\{font-family:"Playfair Display".*?'
        r"/static/themes/base/fonts/playfair-display/700\.woff2\"\) format\(\"woff2\"\)"
        r";unicode-range:U\+0000-00FF,",
        html,
    )
    # The other cuts are declared with their ranges (downloaded only when used).
    assert re.search(
        r"/static/themes/base/fonts/playfair-display/cyrillic-700\.woff2\"\) format\(\"woff2\"\)"
        r";unicode-range:U\+0301,U\+0400-045F",
        html,
    )
    assert "theme-boutique header-stacked cards-framed" in html
    assert '<p class="site-footer__note">Summer sale</p>' in html
    assert "/static/themes/boutique/boutique.css" in html


def test_each_theme_shows_its_own_templates_and_base_for_the_rest(
    shop_a, django_capture_on_commit_callbacks
):
    with schema_context(shop_a.schema_name):
        builders.product("Brass lamp", vendor="Acme")
    seen = {}
    for theme in ("minimal", "boutique", "bold"):
        publish(shop_a, theme, django_capture_on_commit_callbacks)
        listing = get(shop_a, "/collections/all/").content.decode()
        cart = get(shop_a, "/cart/").content.decode()
        # The theme's own product card and footer...
        assert f"/static/themes/{theme}/{theme}.css" in listing
        seen[theme] = listing
        # ...and base's cart template, which no theme overrides, in the theme's look.
        assert "template-cart" in cart and f"theme-{theme}" in cart
    assert "product-card__body--row" in seen["minimal"]
    assert "product-card__badge" in seen["bold"]
    assert "site-footer__stack" in seen["boutique"]
    assert "Chosen with care" in seen["boutique"] and "Chosen with care" not in seen["bold"]


def test_404_and_closed_pages_wear_the_theme(shop_a, django_capture_on_commit_callbacks):
    publish(shop_a, "bold", django_capture_on_commit_callbacks, color_primary="#00ff00")
    missing = get(shop_a, "/no-such-page/")
    assert missing.status_code == 404
    assert "theme-bold" in missing.content.decode() and "#00ff00" in missing.content.decode()
    Shop.objects.filter(pk=shop_a.pk).update(status=Shop.Status.SUSPENDED)
    directory.invalidate()
    closed = get(shop_a)
    assert closed.status_code == 503
    body = closed.content.decode()
    assert "theme-bold" in body and "template-closed" in body and "#00ff00" in body


def test_a_shop_starts_on_its_provisioned_theme(shop_a):
    Shop.objects.filter(pk=shop_a.pk).update(theme="minimal")
    directory.invalidate()
    assert "theme-minimal" in get(shop_a).content.decode()


def test_theme_costs_no_query_once_cached_and_one_when_cold(
    shop_a, django_capture_on_commit_callbacks
):
    publish(shop_a, "bold", django_capture_on_commit_callbacks)

    def theme_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert get(shop_a).status_code == 200
        return [q["sql"] for q in ctx.captured_queries if "themes_themesettings" in q["sql"]]

    assert len(theme_queries()) == 1  # cold: publishing emptied the cache
    assert theme_queries() == []
    assert theme_queries() == []


def test_page_query_count_does_not_grow_with_theme_settings(
    shop_a, django_capture_on_commit_callbacks
):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            get(shop_a, "/collections/all/")
        return len(ctx)

    with schema_context(shop_a.schema_name):
        for i in range(3):
            builders.product(f"Thing {i}")
    get(shop_a, "/collections/all/")
    base = count()
    publish(shop_a, "boutique", django_capture_on_commit_callbacks, footer_note="Hello")
    get(shop_a, "/collections/all/")
    assert count() == base


def test_one_shops_theme_never_reaches_another(shop_a, shop_b, django_capture_on_commit_callbacks):
    publish(shop_a, "bold", django_capture_on_commit_callbacks, color_primary="#ff00ff")
    a = get(shop_a).content.decode()
    b = get(shop_b).content.decode()
    assert "theme-bold" in a and "#ff00ff" in a
    assert "theme-bold" not in b and "#ff00ff" not in b and "theme-base" in b
    publish(shop_b, "minimal", django_capture_on_commit_callbacks, color_primary="#00ffff")
    assert "#ff00ff" in get(shop_a).content.decode()
    assert "#00ffff" not in get(shop_a).content.decode()


def test_theme_variable_in_storefront_and_page_previews_not_in_admin_screens(rf, shop_a):
    from django.urls import resolve

    from themes.context_processors import theme

    def context(path):
        request = rf.get(path)
        request.shop = shop_a
        request.resolver_match = resolve(path)
        return theme(request)

    assert "theme" in context("/collections/all/")
    assert "theme" in context("/admin/pages/3/edit/preview/")
    assert "theme" not in context("/admin/pages/3/edit/")
    assert "theme" not in context("/admin/theme/")
