"""In a browser, at 1280 and 390 px: the shop admin reads as the shop's — its name
and Souk's mark, the merchant's menu, pages at home, banners — calls no host but its
own, and its order list does not scroll sideways on a phone."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django_tenants.utils import schema_context

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _shot(page, name: str) -> Path:
    """Always to the artifacts folder (to look at); to docs/ only with SOUK_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"admin-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("SOUK_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"admin-{name}.png"), full_page=True)
    return path


def _scrolls_sideways(page) -> bool:
    return page.evaluate(
        "document.scrollingElement.scrollWidth > document.documentElement.clientWidth + 1"
    )


def _orders(shop, count: int) -> None:
    from tests.orders.conftest import paid_order, place

    with schema_context(shop.schema_name):
        for n in range(count):
            make = paid_order if n % 2 else place
            make(email=f"shopper{n}@example.com", name=f"Shopper Number {n}")


def _about_page(shop) -> None:
    from cms.models import HomePage, StandardPage

    with schema_context(shop.schema_name):
        home = HomePage.objects.get()
        about = StandardPage(title="About us", slug="about")
        home.add_child(instance=about)
        about.save_revision().publish()


def test_admin_is_the_shops_and_calls_no_outside_host(
    committed_shop_factory, page, shop_url, platform_url, admin_login
):
    from billing.seed import plans_seed
    from billing.trials import subscription_trial_start

    plans_seed()  # a transactional test before this one may have flushed the seeded plans
    shop = committed_shop_factory("lantern", name="Lantern & Wick")
    subscription_trial_start(shop=shop)
    _orders(shop, 6)
    _about_page(shop)

    outside: list[str] = []

    def note_host(request):
        host = urlsplit(request.url).hostname or ""
        if request.url.startswith("http") and not (
            host == "souk.test" or host.endswith(".souk.test")
        ):
            outside.append(request.url)

    page.on("request", note_host)

    # The shop's own sign-in page, and the platform's with a wrong password.
    page.goto(shop_url(shop, "/admin/login/"))
    assert page.locator("h1").inner_text() == "Sign in to Lantern & Wick"
    _shot(page, "shop-login-1280")
    page.set_viewport_size(PHONE)
    assert not _scrolls_sideways(page)
    _shot(page, "shop-login-390")
    page.set_viewport_size(DESKTOP)
    page.goto(platform_url("/login/"))
    page.get_by_label("E-mail").fill("owner-lantern@example.com")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    error = page.get_by_text("This e-mail and password do not match.")
    heading = page.locator("h1")
    assert (
        error.bounding_box()["y"] >= heading.bounding_box()["y"] + heading.bounding_box()["height"]
    )
    _shot(page, "platform-login-wrong-password-1280")
    page.set_viewport_size(PHONE)
    assert (
        error.bounding_box()["y"] >= heading.bounding_box()["y"] + heading.bounding_box()["height"]
    )
    _shot(page, "platform-login-wrong-password-390")
    page.set_viewport_size(DESKTOP)

    admin_login(shop)
    assert page.locator("h1").first.inner_text() == "Lantern & Wick"
    assert page.title() == "Dashboard - Lantern & Wick · Souk"
    trial = page.locator("[data-banner=trial]")
    assert "Your trial ends in" in trial.inner_text()
    assert "4242 4242 4242 4242" in page.locator("[data-banner=test_mode]").inner_text()
    _shot(page, "dashboard-1280")

    # The menu: Products opens on its three pages.
    sidebar = page.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name="Products").click()
    for label in ("Collections", "Inventory"):
        sidebar.get_by_role("link", name=label).wait_for()  # visible, or a timeout
    _shot(page, "menu-open-1280")
    page.keyboard.press("Escape")

    # Content → Pages opens at the shop's home page.
    sidebar.get_by_role("button", name="Content").click()
    sidebar.get_by_role("link", name="Pages").click()
    page.wait_for_url("**/admin/pages/*/")
    assert "Wagtail installation" not in page.content()
    view = page.get_by_role("link", name="View on storefront").first
    assert view.is_visible() and view.get_attribute("href").endswith("/about/")
    assert page.locator(".sidebar-custom-branding img").evaluate("i => i.naturalWidth") > 0
    _shot(page, "pages-1280")

    # The orders list on a phone: no sideways scroll, the banners readable.
    page.goto(shop_url(shop, "/admin/orders/"))
    page.wait_for_selector("table")
    _shot(page, "orders-1280")
    page.set_viewport_size(PHONE)
    page.reload()
    assert not _scrolls_sideways(page), _shot(page, "orders-390-scrolls")
    _shot(page, "orders-390")
    for name, path in (("dashboard", "/admin/"), ("pages", "/admin/pages/")):
        page.goto(shop_url(shop, path))
        assert not _scrolls_sideways(page), _shot(page, f"{name}-390-scrolls")
        _shot(page, f"{name}-390")
    page.goto(shop_url(shop, "/admin/"))
    page.get_by_role("button", name="Toggle sidebar").first.click()
    page.locator("#wagtail-sidebar").get_by_role("button", name="Settings").click()
    page.locator("#wagtail-sidebar").get_by_role("link", name="Payments").wait_for()
    page.wait_for_timeout(500)  # the submenu slides in
    _shot(page, "menu-open-390")

    assert outside == [], outside
