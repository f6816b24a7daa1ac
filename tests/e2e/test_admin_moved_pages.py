"""The shop-admin pages whose code moved apps (first steps, Domains) and the product
list's price column, in a browser at phone and desktop widths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))
WIDTHS = (390, 1280)


def _shots(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"admin-{name}-{width}.png"), full_page=True)


def test_first_steps_domains_and_prices_in_the_shop_admin(
    committed_shop_factory, page, shop_url, admin_login
):
    from catalog.services import product_create

    shop = committed_shop_factory("yenshop", name="Yen Shop")
    shop.currency = "JPY"
    shop.save(update_fields=["currency"])
    with schema_context(shop.schema_name):
        product_create(
            title="Tea bowl",
            status="active",
            options=[("Size", ["Small", "Large"])],
            variants=[{"option1": "Small", "price": 1450}, {"option1": "Large", "price": 2000}],
        )
    admin_login(shop)

    expect(page.locator("#setup-guide-title")).to_be_visible()
    _shots(page, "dashboard-first-steps")

    page.goto(shop_url(shop, "/admin/domains/"))
    expect(page.get_by_role("heading", name="Domains").first).to_be_visible()
    expect(page.get_by_text("yenshop.souk.test").first).to_be_visible()
    _shots(page, "domains")

    page.goto(shop_url(shop, "/admin/catalog/products/"))
    expect(page.get_by_text("¥1,450 – ¥2,000")).to_be_visible()
    _shots(page, "products-price-range")
