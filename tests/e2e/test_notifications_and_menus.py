"""A merchant edits a notification e-mail and previews it (a broken one is refused);
reorders the header menu by drag-and-drop and saves it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))


def _shot(page, name: str) -> Path:
    """At 1280 px and at 390 px; always to the artifacts folder, to docs/ only with
    SOUK_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_timeout(150)
        # Wagtail's admin scrolls inside <main>: grow the window to show all of it.
        tall = page.evaluate(
            "Math.max(...[...document.querySelectorAll('main, #main, .content-wrapper')]"
            ".map((e) => e.scrollHeight), document.documentElement.scrollHeight)"
        )
        page.set_viewport_size({"width": width, "height": min(max(900, tall + 40), 4000)})
        page.wait_for_timeout(100)
        file = f"{name}-{width}.png"
        page.screenshot(path=str(ARTIFACTS / file), full_page=True)
        if os.environ.get("SOUK_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / file), full_page=True)
        # No sideways scroll on a phone.
        if width == 390:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 392, f"{name} scrolls sideways at 390 px ({scroll} px wide)"
    page.set_viewport_size(size)
    return ARTIFACTS / f"{name}-1280.png"


def test_merchant_edits_previews_and_saves_a_notification(
    committed_shop_factory, page, shop_url, admin_login
):
    from notifications.models import NotificationTemplate
    from notifications.services import email_branding_update

    shop = committed_shop_factory("postbox", name="Postbox Paper")
    with schema_context(shop.schema_name):
        email_branding_update(
            color_primary="#e11d48",
            contact_email="hello@postbox.example",
            logo_url="/static/themes/base/preview.png",
            logo_height=40,
        )
    admin_login(shop)
    page.goto(shop_url(shop, "/admin/notifications/"))
    expect(page.get_by_role("link", name="Order confirmation")).to_be_visible()
    _shot(page, "notifications-list")

    page.get_by_role("link", name="Order confirmation").click()
    preview = page.frame_locator("#preview")
    expect(preview.get_by_text("Stoneware mug — Sand")).to_be_visible()  # the default, with samples
    page.fill("input[name=subject]", "Thanks, {{ customer_name }}! Order {{ order.number }}")
    page.fill(
        "textarea[name=body]",
        "<h1>Merci {{ customer_name }}</h1>\n<p>Your total is {{ order.total }}.</p>\n"
        '<p><a class="button" href="{{ order.url }}">See your order</a></p>',
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview-subject")).to_have_text("Thanks, Grace! Order #1001")
    expect(preview.get_by_role("heading", name="Merci Grace")).to_be_visible()
    expect(preview.get_by_text("Your total is $55.50.")).to_be_visible()
    assert page.locator("#preview").get_attribute("sandbox") == ""
    # The logo loads inside the sandboxed preview (the admin's policy allows it).
    logo = preview.get_by_role("img", name="Postbox Paper")
    expect(logo).to_be_visible()
    assert logo.evaluate("(img) => img.complete && img.naturalWidth > 0")
    _shot(page, "notifications-preview")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("“Order confirmation” saved.")).to_be_visible()
    with schema_context(shop.schema_name):
        assert NotificationTemplate.objects.get().subject.startswith("Thanks, {{ customer_name }}")

    # A broken template is refused with the reason; what was typed is kept.
    page.fill("textarea[name=body]", "<p>{% include 'account/login.html' %}</p>{% if %}")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#body-errors")).to_contain_text("is not allowed in e-mail templates")
    expect(page.locator("textarea[name=body]")).to_have_value(
        "<p>{% include 'account/login.html' %}</p>{% if %}"
    )
    _shot(page, "notifications-refused")
    with schema_context(shop.schema_name):
        assert "Merci" in NotificationTemplate.objects.get().body  # the good one stays


def test_merchant_reorders_the_menu_by_drag_and_drop(
    committed_shop_factory, page, shop_url, admin_login
):
    from wagtail.models import Site

    from cms.models import NavigationSettings, StandardPage
    from cms.services import menu_save
    from tests.cms.conftest import publish
    from tests.storefront import builders

    shop = committed_shop_factory("lantern", name="Lantern Goods")
    with schema_context(shop.schema_name):
        from cms.models import HomePage

        about = publish(HomePage.objects.get(), StandardPage(title="Our story", slug="story"))
        lamp = builders.product("Brass Lamp", handle="brass-lamp")
        lights = builders.collection("Lights", handle="lights", products=[lamp])
        site = Site.objects.get(is_default_site=True)
        menu_save(
            site=site,
            menu="header",
            entries=[
                {"label": "Shop", "type": "collection", "target": lights.pk, "children": [
                    {"label": "", "type": "product", "target": lamp.pk},
                ]},
                {"label": "", "type": "page", "target": about.pk},
                {"label": "Journal", "type": "url", "target": "/blog/"},
            ],
        )  # fmt: skip
    admin_login(shop)
    page.goto(shop_url(shop, "/admin/menus/header/"))
    entries = page.locator("#menu-root > .menu-entry > .entry-row strong")
    expect(entries).to_have_text(["Shop", "Our story", "Journal"])
    expect(page.locator(".menu-children .entry-row strong")).to_have_text(["Brass Lamp"])
    _shot(page, "menu-editor")

    # Drag "Journal" by its handle onto the top edge of "Shop": it goes first.
    journal = page.locator("#menu-root > .menu-entry").nth(2)
    shop_row = page.locator("#menu-root > .menu-entry").nth(0).locator(":scope > .entry-row")
    journal.locator(".entry-handle").drag_to(shop_row, target_position={"x": 60, "y": 4})
    expect(entries).to_have_text(["Journal", "Shop", "Our story"])

    # One target picker per entry: "Our story" is re-pointed to the collection.
    story = page.locator("#menu-root > .menu-entry").nth(2)
    story.get_by_role("button", name="Edit").click()
    story.locator(".entry-type").select_option("collection")
    story.get_by_role("button", name="Lights — /collections/lights/").click()
    story.locator(".entry-label").fill("Lighting")
    expect(story.locator(":scope > .entry-row small")).to_have_text("Collection · Lights")
    _shot(page, "menu-editor-editing")

    page.get_by_role("button", name="Save menu").click()
    expect(page.get_by_text("Header menu saved.")).to_be_visible()
    with schema_context(shop.schema_name):
        nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
        labels = [item.value["label"] for item in nav.header_menu]
        assert labels == ["Journal", "Shop", "Lighting"]
        assert nav.header_menu[2].value["collection"].pk == lights.pk
        assert [c["product"].pk for c in nav.header_menu[1].value["children"]] == [lamp.pk]
    expect(entries).to_have_text(["Journal", "Shop", "Lighting"])

    # The storefront shows the new order.
    page.goto(shop_url(shop, "/"))
    nav_text = page.locator("header").inner_text()
    assert nav_text.index("Journal") < nav_text.index("Shop") < nav_text.index("Lighting")
