"""A merchant creates a product with a 3×4 variant matrix, stock and three pictures
dragged in; removes a colour (confirmed); bulk-edits 50 variants in one save. Phone
(390 px) and desktop screenshots of the editor, the list and the bulk editor."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django_tenants.utils import schema_context
from PIL import Image as PILImage
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))

# A synthetic drop of one picture on the drop zone, as a file dragged from the desktop.
DROP_ONE_PICTURE = """async (selector) => {
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 48;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#2a7"; ctx.fillRect(0, 0, 64, 48);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  const data = new DataTransfer();
  data.items.add(new File([blob], "dropped-green.png", { type: "image/png" }));
  const zone = document.querySelector(selector);
  const init = { dataTransfer: data, bubbles: true, cancelable: true };
  zone.dispatchEvent(new DragEvent("dragover", init));
  zone.dispatchEvent(new DragEvent("drop", init));
}"""


def _shot(page, name: str, *, width: int, reload: bool) -> Path:
    page.set_viewport_size({"width": width, "height": 900})
    if reload:  # Wagtail lays its menu out for the width it loads at
        page.reload()
    # Wagtail's admin scrolls inside its own layout: a viewport as tall as the page
    # puts everything in the picture.
    height = page.evaluate(
        "Math.max(document.body.scrollHeight, document.querySelector('main')?.scrollHeight || 0)"
    )
    page.set_viewport_size({"width": width, "height": min(max(height, 900), 6000)})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"products-{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("SOUK_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"products-{name}-{width}.png"), full_page=True)
    return path


def _no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"


def _both_widths(page, name: str, *, reload: bool = True) -> None:
    """Screenshots at 1280 and 390 px; at 390 nothing may stick out sideways.

    ``reload=False`` for a form with typed values (a reload would lose them).
    """
    _shot(page, name, width=1280, reload=reload)
    _shot(page, name, width=390, reload=reload)
    _no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    if reload:
        page.reload()


def _png(tmp_path: Path, name: str, colour: str) -> Path:
    path = tmp_path / name
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 90), colour).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _save(page) -> None:
    page.locator("form button[type=submit]", has_text="Save").first.click()


def test_product_with_a_3x4_matrix_stock_and_three_pictures(
    committed_shop_factory, page, shop_url, admin_login, tmp_path
):
    from catalog.models import Product
    from inventory.models import StockLevel

    shop = committed_shop_factory("corner", name="Corner Store")
    admin_login(shop)
    page.goto(shop_url(shop, "/admin/catalog/products/add/"))
    expect(page.locator("form[data-pe-ready]")).to_have_count(1)

    page.fill("input[name=title]", "Linen shirt")
    page.locator(".Draftail-Editor [contenteditable=true]").click()
    page.keyboard.type("Cool in summer.")
    page.fill("input[name=option1_name]", "Size")
    page.fill("input[name=option1_values]", "S, M, L")
    page.fill("input[name=option2_name]", "Colour")
    page.fill("input[name=option2_values]", "red, blue, green, black")
    rows = page.locator("tbody[data-pe-rows] tr.pe-row")
    expect(rows).to_have_count(12)
    expect(page.locator("[data-pe-count]")).to_have_text("12 variants")
    page.fill("[data-pe-price-all]", "25")
    page.locator("[data-pe-price-apply]").click()
    stock = page.locator("tbody[data-pe-rows] input[name^='variant-stock-']")
    expect(stock).to_have_count(12)
    for n in range(12):
        stock.nth(n).fill(str(n + 1))
    page.locator("tbody[data-pe-rows] input[name=variant-sku]").nth(0).fill("LS-S-RED")

    # Two pictures chosen at once through the drop zone's input, one dropped on it.
    page.set_input_files(
        "[data-pe-file]", [_png(tmp_path, "front.png", "navy"), _png(tmp_path, "back.png", "tan")]
    )
    expect(page.locator("[data-pe-image-list] [data-pe-image]")).to_have_count(2)
    page.evaluate(DROP_ONE_PICTURE, "[data-pe-drop]")
    items = page.locator("[data-pe-image-list] [data-pe-image]")
    expect(items).to_have_count(3)
    expect(items.nth(2).locator("img")).not_to_have_attribute("src", "")
    # The dropped picture first: moved earlier twice.
    items.nth(2).locator("[data-pe-move='-1']").click()
    items.nth(1).locator("[data-pe-move='-1']").click()
    items.nth(0).locator("input[name=image-alt]").fill("Green swatch")
    items.nth(1).locator("input[name=image-alt]").fill("Shirt from the front")
    page.get_by_label("Active — on sale in the shop").check()
    _both_widths(page, "editor-new", reload=False)
    _save(page)
    page.wait_for_url("**/admin/catalog/products/")

    with schema_context(shop.schema_name):
        product = Product.objects.get(title="Linen shirt")
        assert product.status == "active"
        assert product.variants.count() == 12
        assert "Cool in summer." in product.description
        counts = sorted(
            StockLevel.objects.filter(variant__product=product).values_list("on_hand", flat=True)
        )
        assert counts == list(range(1, 13))
        images = list(product.images.select_related("image").order_by("position"))
        assert [i.alt_text for i in images] == ["Green swatch", "Shirt from the front", ""]
        assert images[0].image.title == "dropped green"
        assert product.variants.get(option1="S", option2="red").sku == "LS-S-RED"
        edit_url = f"/admin/catalog/products/edit/{product.pk}/"

    # The list: picture, status in words, stock, price with currency.
    page.goto(shop_url(shop, "/admin/catalog/products/"))
    row = page.locator("tr", has_text="Linen shirt")
    expect(row.locator("img.pe-list-thumb")).to_have_count(1)
    expect(row).to_contain_text("Active")
    expect(row).to_contain_text("78 in stock for 12 variants")
    expect(row).to_contain_text("$25.00")
    _both_widths(page, "list")

    # Removing "black" shows its three variants struck through and asks first.
    page.goto(shop_url(shop, edit_url))
    expect(page.locator("form[data-pe-ready]")).to_have_count(1)
    page.fill("input[name=option2_values]", "red, blue, green")
    expect(page.locator("tr.pe-row--gone")).to_have_count(3)
    expect(page.locator("[data-pe-removal]")).to_be_visible()
    expect(page.locator("[data-pe-removal-text]")).to_contain_text(
        "S / black, M / black, L / black"
    )
    _both_widths(page, "editor-remove-value", reload=False)
    _save(page)
    expect(page.locator(".pe-removal .error-message, [data-pe-removal-text]")).to_contain_text(
        "Confirm"
    )
    with schema_context(shop.schema_name):
        assert Product.objects.get(title="Linen shirt").variants.count() == 12
    page.get_by_label("Yes, delete these variants and their stock").check()
    _save(page)
    page.wait_for_url("**/admin/catalog/products/")
    with schema_context(shop.schema_name):
        assert Product.objects.get(title="Linen shirt").variants.count() == 9

    # "View on storefront" opens the product's page.
    page.goto(shop_url(shop, edit_url))
    link = page.get_by_role("link", name="View on storefront")
    expect(link).to_have_attribute("href", "/products/linen-shirt/")


def test_bulk_edit_of_50_variants_in_one_save(committed_shop_factory, page, shop_url, admin_login):
    from decimal import Decimal

    from catalog.models import Product, Variant
    from catalog.services import product_create
    from inventory.models import StockLevel

    shop = committed_shop_factory("bulky", name="Bulk Store")
    with schema_context(shop.schema_name):
        for p in range(5):
            values = [f"v{i}" for i in range(10)]
            product_create(
                title=f"Candle {p}",
                status="draft",
                options=[("Scent", values)],
                variants=[{"option1": v, "price": 10, "sku": f"C{p}-{v}"} for v in values],
            )
    admin_login(shop)
    page.goto(shop_url(shop, "/admin/catalog/products/"))
    page.locator("input[data-bulk-action-select-all-checkbox]").first.check()
    page.locator("[data-bulk-action-footer] .bulk-actions-buttons").get_by_text(
        "Edit variants"
    ).click()
    page.wait_for_url("**/admin/products/bulk-edit/**")
    prices = page.locator("input[name^='price-']")
    expect(prices).to_have_count(50)
    counts = page.locator("input[name^='on_hand-']")
    for n in range(50):
        prices.nth(n).fill(f"{12 + n}.00")
        counts.nth(n).fill(str(n))
    page.locator("select[name^='status-']").first.select_option("active")
    # One bad cell: the page comes back with all 50 typed values and saves nothing.
    prices.nth(30).fill("12,5O")
    page.get_by_role("button", name="Save all 50 rows").click()
    expect(page.locator(".be-row--error")).to_have_count(1)
    expect(page.locator("input[name^='price-']").nth(49)).to_have_value("61.00")
    expect(page.locator("input[name^='on_hand-']").nth(49)).to_have_value("49")
    with schema_context(shop.schema_name):
        assert not Variant.objects.exclude(price=Decimal("10.00")).exists()
    _both_widths(page, "bulk-editor-error", reload=False)
    page.locator("input[name^='price-']").nth(30).fill("42.00")
    page.get_by_role("button", name="Save all 50 rows").click()
    expect(page.locator(".messages")).to_contain_text("50 variants’ prices, 49 stock counts")
    with schema_context(shop.schema_name):
        prices_saved = sorted(Variant.objects.values_list("price", flat=True))
        assert len(prices_saved) == 50 and Decimal("42.00") in prices_saved
        assert Decimal("10.00") not in prices_saved
        assert StockLevel.objects.filter(on_hand=49).count() == 1
        assert Product.objects.filter(status="active").count() == 1
    _both_widths(page, "bulk-editor")
