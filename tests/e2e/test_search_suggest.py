"""The search box's suggestions in a real browser at 390 px: typing opens an
accessible combobox, arrow keys move through it, Escape closes it, Enter opens the
highlighted product, and a typo on the search page still finds the product.

With ``SOUK_SCREENSHOTS=1`` it also refreshes docs/screenshots/search-*.png.
"""

import os
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from tests.storefront import builders
from themes.services import theme_activate

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
THEMES = ("base", "minimal", "boutique", "bold")


def _wardrobe(shop) -> None:
    with schema_context(shop.schema_name):
        made = [
            builders.product("Crème linen T-shirt", handle="creme-tee"),
            builders.product("Crème wool scarf", handle="creme-scarf"),
            builders.product("Zip hoodie", handle="zip-hoodie"),
            builders.product("Run shoe", handle="run-shoe"),
        ]
        builders.index_for_search(*made)
        builders.collection("Crème collection", handle="creme", products=made[:2])


def _shot(page, name: str) -> None:
    """Refresh docs/screenshots only when asked: a test run must not rewrite tracked
    files."""
    if os.environ.get("SOUK_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(path=str(SCREENSHOTS / f"search-{name}-{width}.png"))


def _type(box, text: str) -> None:
    box.fill("")
    box.press_sequentially(text, delay=30)


def test_typeahead_by_keyboard_at_390_px(committed_shop_factory, browser, shop_url):
    shop = committed_shop_factory("closet", name="Closet")
    _wardrobe(shop)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(shop_url(shop, "/search/"))

    box = page.get_by_role("combobox", name="Search products")
    assert box.get_attribute("aria-expanded") == "false"
    listbox_id = box.get_attribute("aria-controls")
    _type(box, "creme")
    listbox = page.locator(f"#{listbox_id}")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    texts = options.all_inner_texts()
    # Two products, the collection, then "See all results".
    assert len(texts) == 4
    assert {t.splitlines()[0] for t in texts[:2]} == {"Crème linen T-shirt", "Crème wool scarf"}
    assert "Crème collection" in texts[2] and "See all results for “creme”" in texts[3]
    assert page.get_by_role("status").inner_text().startswith("3 suggestions.")
    # The list fits the phone's width: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Arrow keys move the highlight; focus stays in the box.
    box.press("ArrowDown")
    first = options.nth(0)
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert first.get_attribute("aria-selected") == "false"
    box.press("ArrowUp")
    box.press("ArrowUp")  # wraps to "See all results"
    assert box.get_attribute("aria-activedescendant") == options.nth(3).get_attribute("id")
    assert page.evaluate("document.activeElement.id") == box.get_attribute("id")
    box.press("ArrowDown")  # and back to the first
    _shot(page, "suggestions")

    # Escape closes the list and keeps what was typed.
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert not listbox.is_visible() and box.input_value() == "creme"
    assert box.get_attribute("aria-activedescendant") is None

    # Down opens it again; Enter on a suggestion opens that product.
    box.press("ArrowDown")
    assert box.get_attribute("aria-expanded") == "true"
    chosen = options.nth(0).inner_text().splitlines()[0]
    box.press("Enter")
    page.wait_for_url("**/products/**")
    assert page.locator("h1").inner_text() == chosen

    # A typo, submitted without a suggestion, still finds the product on the page.
    page.goto(shop_url(shop, "/search/"))
    box = page.get_by_role("combobox", name="Search products")
    _type(box, "hoodei")
    page.get_by_role("option", name="Zip hoodie").wait_for()
    box.press("Escape")
    box.press("Enter")
    page.wait_for_url("**/search/?q=hoodei")
    assert "Zip hoodie" in page.locator(".product-card__title").all_inner_texts()
    assert "names close to “hoodei”" in page.content()
    _shot(page, "typo")
    context.close()


def test_every_theme_offers_suggestions(committed_shop_factory, page, shop_url):
    shop = committed_shop_factory("wardrobe", name="Wardrobe")
    _wardrobe(shop)
    for name in THEMES:
        with schema_context(shop.schema_name):
            theme_activate(theme=name)
        page.goto(shop_url(shop, "/search/"))
        box = page.get_by_role("combobox", name="Search products")
        _type(box, "zip hoo")
        option = page.get_by_role("option", name="Zip hoodie")
        option.wait_for()
        option.click()
        page.wait_for_url("**/products/zip-hoodie/")
        if name == "base":
            page.goto(shop_url(shop, "/search/"))
            _type(page.get_by_role("combobox", name="Search products"), "creme")
            page.get_by_role("listbox").wait_for()
            page.get_by_role("combobox", name="Search products").press("ArrowDown")
            _shot(page, "suggestions")
            page.goto(shop_url(shop, "/search/?q=hoodei"))
            _shot(page, "typo")


def test_without_javascript_the_box_is_the_plain_form(committed_shop_factory, browser, shop_url):
    shop = committed_shop_factory("plain", name="Plain")
    _wardrobe(shop)
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(shop_url(shop, "/search/"))
    box = page.get_by_role("searchbox", name="Search products")
    box.fill("running shoes")
    box.press("Enter")
    page.wait_for_url("**/search/?q=running+shoes")
    assert page.locator(".product-card__title").all_inner_texts() == ["Run shoe"]
    context.close()
