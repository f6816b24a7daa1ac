"""A merchant logs into their shop admin, edits the home page; shoppers see it."""

import pytest

pytestmark = pytest.mark.browser


def test_merchant_edits_home_page_and_storefront_shows_it(
    committed_shop_factory, page, shop_url, admin_login
):
    shop = committed_shop_factory("corner", name="Corner Store")
    other = committed_shop_factory("other", name="Other Shop")

    page.goto(shop_url(shop))
    assert page.locator("h1").inner_text() == "Corner Store"

    admin_login(shop)

    # Open the home page from the page explorer, as a merchant would: Pages opens at
    # the shop's home page, whose actions menu has "Edit".
    page.goto(shop_url(shop, "/admin/pages/"))
    assert page.locator("h1").first.inner_text().endswith("Corner Store")
    page.locator("header [data-w-dropdown-target='toggle']").first.click()
    page.locator("header").get_by_role("link", name="Edit", exact=True).click()
    # A new shop's home page opens with a hero banner: its heading is what shoppers read.
    page.locator("input[name$='-value-heading']").first.fill("Fresh bread every morning")
    # Publish is the editor's main button, not hidden in the save menu.
    page.locator("button[name=action-publish]").click()
    page.wait_for_url("**/admin/pages/**")
    assert "published" in page.content()

    page.goto(shop_url(shop))
    assert "Fresh bread every morning" in page.content()

    # The other shop is untouched, and the merchant's session means nothing there.
    page.goto(shop_url(other))
    assert "Fresh bread" not in page.content()
    page.goto(shop_url(other, "/admin/"))
    assert "/admin/login/" in page.url
