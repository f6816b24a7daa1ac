"""A merchant composes a landing page in the shop admin; a shopper sees it. The demo home page."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))


def _shot(page, name: str) -> Path:
    """Always to the artifacts folder (to look at); to docs/ only with SOUK_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"cms-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("SOUK_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"cms-{name}.png"), full_page=True)
    return path


def _add_block(page, label: str) -> None:
    """Open the stream's last "+" and pick a block type by its label."""
    page.locator("button[title='Insert a block']").last.click()
    page.get_by_role("option", name=label).click()


def test_merchant_builds_a_landing_page_and_a_shopper_sees_it(
    committed_shop_factory, page, shop_url, admin_login
):
    from cms.models import HomePage
    from tests.storefront import builders

    shop = committed_shop_factory("corner", name="Corner Store")
    with schema_context(shop.schema_name):
        home_id = HomePage.objects.get().pk
        lamp = builders.product(
            "Brass Lamp",
            handle="brass-lamp",
            variants=[{"price": "89.00", "inventory_policy": "continue"}],
        )
        vase = builders.product(
            "Stone Vase",
            handle="stone-vase",
            variants=[{"price": "45.00", "inventory_policy": "continue"}],
        )
        builders.collection("Living room", handle="living-room", products=[lamp, vase])

    admin_login(shop)
    page.goto(shop_url(shop, f"/admin/pages/add/cms/landingpage/{home_id}/"))
    page.fill("input[name=title]", "Autumn edit")
    _add_block(page, "Hero banner")
    expect(page.locator("input[name$='-value-heading']")).to_have_count(1)
    page.locator("input[name$='-value-heading']").first.fill("Warm light for long evenings")
    page.locator("textarea[name$='-value-text']").first.fill("Lamps and vases, picked by hand.")
    _add_block(page, "Product grid")
    headings = page.locator("input[name$='-value-heading']")
    # The new block renders after the click returns; .last must be its field, not the hero's.
    expect(headings).to_have_count(2)
    headings.nth(1).fill("The living room")
    page.get_by_role("button", name="Choose collection").last.click()
    page.locator(".modal").get_by_role("link", name="Living room").click()
    page.locator(".modal").wait_for(state="hidden")
    page.get_by_role("tab", name="Promote").click()
    page.fill("input[name=slug]", "autumn")
    publish = page.locator("button[name=action-publish]")
    if not publish.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    publish.click()
    page.wait_for_url("**/admin/pages/**")
    assert "published" in page.content(), _shot(page, "publish-failed")

    shopper = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        view = shopper.new_page()
        view.goto(shop_url(shop, "/autumn/"))
        assert view.locator("h1").inner_text() == "Warm light for long evenings"
        grid = view.locator(".cms-product-grid")
        assert grid.get_by_text("Brass Lamp").is_visible()
        assert grid.get_by_text("Stone Vase").is_visible()
        assert "89.00" in grid.inner_text()
        _shot(view, "landing-page")
    finally:
        shopper.close()


def test_demo_home_page_looks_composed(committed_shop_factory, page, shop_url):
    from demo.catalog_seed import catalog_seed
    from demo.catalogs import CATALOGS
    from demo.content import seed_content

    shop = committed_shop_factory("harbour", name="Harbour Coffee Roasters")
    demo = {"name": shop.name, "catalog": "harbour", "intro": "Small-batch coffee."}
    with schema_context(shop.schema_name):
        catalog_seed(catalog=CATALOGS["harbour"])
        seed_content(shop=shop, demo=demo, stdout=io.StringIO())

    page.goto(shop_url(shop))
    assert page.locator(".cms-hero__heading").inner_text() == "Roasted on the quay, every Tuesday"
    assert page.locator(".cms-product-card").count() >= 4
    assert page.locator(".cms-menu--header").get_by_text("Journal").is_visible()
    # The FAQ opens without JavaScript's help: details/summary.
    _shot(page, "demo-home")
    page.goto(shop_url(shop, "/faq/"))
    page.locator("summary").first.click()
    assert page.locator("details[open]").count() == 1
    page.goto(shop_url(shop, "/journal/"))
    assert page.locator(".cms-post-card").count() == 3
    _shot(page, "demo-journal")
