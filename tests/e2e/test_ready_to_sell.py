"""A merchant signs up, adds one product (through the product service the editor
calls), and the shop sells at once — at home and to
the rest of the world — with no other set-up: the zones, tax, home page and menus
every new shop starts with (cms.shop_setup), in test mode (the built-in gateway).

Screenshots of the setup guide, the new shop's home page and the shipping zone form
go to the artifacts folder always (to look at), and to docs/screenshots with
SOUK_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django_tenants.utils import schema_context
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))


def _shot(page, name: str) -> None:
    size = page.viewport_size
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"ready-{name}-{width}.png"), full_page=True)
        if os.environ.get("SOUK_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"ready-{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


@pytest.fixture
def drop_schemas_after():
    schemas: list[str] = []
    yield schemas
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def shopper(browser):
    """A shopper's browser without JavaScript: checkout works as plain forms."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _buy(shopper, home: str, *, country: str, city: str, postal_code: str) -> str:
    """From the shop's home page to the thank-you page; returns the shipping line."""
    shopper.goto(home)
    shopper.locator(".cms-product-card a").first.click()
    shopper.get_by_role("button", name="Add to cart").click()
    shopper.wait_for_url("**/cart/")
    shopper.get_by_role("link", name="Check out").click()
    shopper.wait_for_url("**/checkout/contact/")
    shopper.get_by_label("Email").fill(f"buyer-{country.lower()}@example.com")
    shopper.get_by_role("button", name="Continue to address").click()
    shopper.wait_for_url("**/checkout/address/")
    shopper.get_by_label("Full name").fill("Ana Lima")
    shopper.get_by_label("Address", exact=True).fill("1 Main Street")
    shopper.get_by_label("City").fill(city)
    shopper.get_by_label("Country").select_option(country)
    shopper.get_by_label("Postal code").fill(postal_code)
    shopper.get_by_role("button", name="Continue to shipping").click()
    shopper.wait_for_url("**/checkout/shipping/")
    option = shopper.locator("input[name=rate_id]").first
    option.check()
    shipping = shopper.locator("label:has(input[name=rate_id])").first.inner_text()
    shopper.get_by_role("button", name="Continue to payment").click()
    shopper.wait_for_url("**/checkout/payment/")
    shopper.get_by_label("Card number").fill("4242 4242 4242 4242")
    shopper.get_by_label("Name on card").fill("Ana Lima")
    shopper.get_by_label("Expiry (MM/YY)").fill("12/40")
    shopper.get_by_label("Security code").fill("123")
    shopper.get_by_role("button", name=re.compile("^Pay now")).click()
    shopper.wait_for_url("**/checkout/thank-you/**")
    return shipping


def test_a_new_shop_takes_test_orders_at_home_and_abroad_with_no_set_up(
    page, shopper, platform_url, drop_schemas_after
):
    from catalog.services import product_create
    from orders.models import Order
    from shops.models import Shop

    drop_schemas_after.append("shop_boulangerie")
    page.goto(platform_url("/signup/"))
    page.get_by_label("E-mail").fill("claire@example.com")
    page.get_by_label("Password").fill("croissants-au-beurre-7")
    page.get_by_label("Shop name").fill("Boulangerie Claire")
    page.get_by_label("Web address").fill("boulangerie")
    expect(page.locator("#subdomain-status")).to_contain_text("boulangerie.souk.test")
    page.get_by_label("Country").select_option("FR")
    page.get_by_role("button", name="Create my shop").click()
    page.wait_for_url(re.compile(r"^http://boulangerie\.souk\.test:\d+/admin/$"))
    shop_root = page.url.split("/admin/")[0]

    # The setup guide: nothing done yet, every step a link; France has a VAT rate.
    guide = page.locator("[data-setup-guide]")
    expect(guide.locator("[data-setup-progress]")).to_have_text("0 of 7 done")
    assert "TVA 20% (France); your prices include tax." in guide.inner_text()

    # One product. The admin's "Add a product" link leads to the product editor (its own
    # browser test: tests/e2e/test_product_editor.py); here it is made by the same
    # service the editor calls: active, and sold even without stock counted.
    expect(guide.get_by_role("link", name="Add a product")).to_have_attribute(
        "href", "/admin/catalog/products/add/"
    )
    connection.set_schema_to_public()
    with schema_context(Shop.objects.get(subdomain="boulangerie").schema_name):
        product_create(
            title="Pain de campagne",
            status="active",
            variants=[{"sku": "PAIN-1", "price": "6.50", "inventory_policy": "continue"}],
        )
    page.goto(shop_root + "/admin/")
    expect(page.locator("[data-setup-progress]")).to_have_text("1 of 7 done")
    _shot(page, "setup-guide")

    # The shipping zones it started with: France, and the rest of the world.
    page.locator("[data-step=shipping]").get_by_role("link", name="Review shipping").click()
    page.wait_for_url("**/admin/shipping/zones/")
    assert "Rest of world: every country not in another zone" in page.content()
    page.get_by_role("link", name="France", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/shipping/zones/edit/\d+/"))
    page.get_by_placeholder("Search countries").fill("fran")
    expect(page.get_by_label("France", exact=True)).to_be_checked()
    expect(page.get_by_label("Germany", exact=True)).to_be_hidden()
    page.get_by_placeholder("Search countries").fill("")
    _shot(page, "shipping-zone")

    # The storefront: a hero, the product, the policies in the footer.
    shopper.goto(shop_root + "/")
    assert shopper.get_by_role("heading", name="Boulangerie Claire").is_visible()
    assert "Pain de campagne" in shopper.locator(".cms-products").inner_text()
    footer = shopper.locator("footer").inner_text()
    assert "Refund policy" in footer and "Terms of service" in footer
    _shot(shopper, "home")

    # Test orders: at home (the domestic zone) and abroad (the rest of the world).
    home_rate = _buy(shopper, shop_root + "/", country="FR", city="Lyon", postal_code="69001")
    world_rate = _buy(shopper, shop_root + "/", country="JP", city="Kyoto", postal_code="600-8216")
    assert "Standard shipping" in home_rate and "International shipping" in world_rate

    connection.set_schema_to_public()
    shop = Shop.objects.get(subdomain="boulangerie")
    assert (shop.country, shop.currency) == ("FR", "EUR")
    with schema_context(shop.schema_name):
        orders = {o.shipping_address["country"]: o for o in Order.objects.all()}
    assert set(orders) == {"FR", "JP"}
    assert orders["FR"].shipping_total == Decimal("5.00")
    assert orders["JP"].shipping_total == Decimal("15.00")
    # 20 % French VAT is inside the 6.50 price at home; exports are not taxed here.
    assert orders["FR"].tax_total == Decimal("1.08") and orders["JP"].tax_total == 0

    # The guide ticks the test order.
    page.goto(shop_root + "/admin/")
    expect(page.locator("[data-step=test_order]")).to_have_attribute("data-step-done", "1")
