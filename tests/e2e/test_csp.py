"""The Content-Security-Policy in a real browser: the storefront and a shop's
Wagtail admin work with it on, and the browser reports no violation (the e2e
conftest fails any test whose page reports one)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"


@pytest.mark.browser
def test_storefront_and_shop_admin_work_in_a_browser_with_the_policy_on(
    committed_shop_factory, browser, shop_url, csp_violations, admin_login
):
    from demo.catalog_seed import catalog_seed
    from demo.catalogs import CATALOGS
    from demo.content import seed_content

    shop = committed_shop_factory("csp", name="Policy Goods")
    demo = {"name": shop.name, "catalog": "harbour", "intro": "Small-batch coffee."}
    with schema_context(shop.schema_name):
        catalog_seed(catalog=CATALOGS["harbour"])
        seed_content(shop=shop, demo=demo, stdout=io.StringIO())
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(shop_url(shop))
        assert page.locator("h1").first.is_visible()
        page.screenshot(path=str(SHOTS / f"csp-storefront-{width}.png"), full_page=False)
        admin_login(shop, on=page)
        page.goto(shop_url(shop, "/admin/pages/"))
        page.locator("a[title='Edit this page']").first.click()
        page.wait_for_selector("form#page-edit-form")
        page.screenshot(path=str(SHOTS / f"csp-shop-admin-{width}.png"), full_page=False)
        context.close()
    assert not csp_violations, csp_violations
