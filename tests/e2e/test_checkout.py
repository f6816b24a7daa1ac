"""A shopper buys with a discount code through every checkout step; the merchant ships it.

The shopper's browser runs without JavaScript: the storefront and checkout must work
as plain forms (the variant picker's "Show this option" button, post/redirect/get).
The merchant uses the Wagtail admin with JavaScript, as merchants do.

Shop set-up (product, stock, discount, shipping, tax) goes through the services in
the shop's schema; everything the people do goes through the browser.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from catalog.services import product_create
from discounts.models import DiscountCode
from discounts.services import discount_code_create
from inventory.services import stock_set
from orders.models import Order
from shipping.services import shipping_zone_create
from taxes.services import tax_rate_create

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Navy / M costs more than the others, so the price shows which variant was picked.
# 2 × 50.00 = 100.00; SPRING10 takes 10.00; France: 5.00 shipping, 20 % VAT on 90.00.
SUBTOTAL, DISCOUNT, SHIPPING, TAX, TOTAL = "100.00", "10.00", "5.00", "18.00", "113.00"


def _shop_setup(shop) -> None:
    with schema_context(shop.schema_name):
        product = product_create(
            title="Linen Shirt",
            vendor="Atelier Nord",
            description="Washed linen, cut loose.",
            status="active",
            options=[("Size", ["S", "M"]), ("Colour", ["Sand", "Navy"])],
            variants=[
                {"option1": "S", "option2": "Sand", "price": Decimal("40.00"), "sku": "LS-S-SAND"},
                {"option1": "S", "option2": "Navy", "price": Decimal("40.00"), "sku": "LS-S-NAVY"},
                {"option1": "M", "option2": "Sand", "price": Decimal("40.00"), "sku": "LS-M-SAND"},
                {"option1": "M", "option2": "Navy", "price": Decimal("50.00"), "sku": "LS-M-NAVY"},
            ],
        )
        for variant in product.variants.all():
            stock_set(variant=variant, on_hand=5)
        discount_code_create(
            code="SPRING10", kind=DiscountCode.Kind.PERCENTAGE, value=Decimal("10")
        )
        shipping_zone_create(
            name="Europe",
            countries=["FR", "BE"],
            rates=[{"name": "Colissimo", "price": Decimal("5.00")}],
        )
        tax_rate_create(country="FR", name="TVA", rate=Decimal("0.2000"))


@pytest.fixture
def shopper(browser):
    """The shopper's page: a browser context of its own, without JavaScript."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _shot(page, name: str) -> None:
    """Refresh docs/screenshots only when asked (SOUK_SCREENSHOTS=1): a test run must
    not rewrite tracked files."""
    if not os.environ.get("SOUK_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"checkout-{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def _money(amount: str) -> str:
    return f"${amount}"


def _check_out_to_payment(page) -> None:
    """From the cart page, through contact, address and shipping, to review and pay."""
    page.get_by_role("link", name="Check out").click()

    page.wait_for_url("**/checkout/contact/")
    page.get_by_label("Email").fill("ana@example.com")
    page.get_by_role("button", name="Continue to address").click()

    page.wait_for_url("**/checkout/address/")
    page.get_by_label("Full name").fill("Ana Lima")
    page.get_by_label("Address", exact=True).fill("1 rue de Rivoli")
    page.get_by_label("City").fill("Paris")
    page.get_by_label("Country").select_option("FR")
    page.get_by_label("Postal code").fill("75001")
    page.get_by_role("button", name="Continue to shipping").click()

    page.wait_for_url("**/checkout/shipping/")
    page.get_by_label(re.compile("Colissimo")).check()
    page.get_by_role("button", name="Continue to payment").click()
    page.wait_for_url("**/checkout/payment/")


def _pay(page, number: str) -> None:
    page.get_by_label("Card number").fill(number)
    page.get_by_label("Name on card").fill("Ana Lima")
    page.get_by_label("Expiry (MM/YY)").fill("12/40")
    page.get_by_label("Security code").fill("123")
    page.get_by_role("button", name=re.compile("^Pay now")).click()


def test_shopper_buys_with_a_discount_and_the_merchant_fulfils(
    committed_shop_factory, shopper, page, shop_url, mailoutbox, admin_login
):
    shop = committed_shop_factory("linen", name="Linen House")
    _shop_setup(shop)

    # Search from the storefront and open the product.
    shopper.goto(shop_url(shop))
    shopper.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    shopper.get_by_label("Search products").fill("linen")
    shopper.get_by_role("button", name="Search", exact=True).click()
    assert "1 result" in shopper.locator("#results-heading").inner_text()
    shopper.get_by_role("link", name="Linen Shirt").click()
    shopper.wait_for_url("**/products/linen-shirt/")

    # Pick M / Navy with the no-JS picker: the form reloads the page with that variant.
    shopper.get_by_label("Size").select_option("M")
    shopper.get_by_label("Colour").select_option("Navy")
    shopper.get_by_role("button", name="Show this option").click()
    shopper.wait_for_url(re.compile(r"option1=M&option2=Navy"))
    assert shopper.locator("[data-variant-title]").inner_text() == "M / Navy"
    assert shopper.locator("[data-sku]").inner_text() == "LS-M-NAVY"
    assert "50.00" in shopper.locator("[data-price-block]").inner_text()
    shopper.get_by_label("Quantity").fill("2")
    _shot(shopper, "product")
    shopper.get_by_role("button", name="Add to cart").click()

    # The cart, then the code.
    shopper.wait_for_url("**/cart/")
    assert shopper.locator(".cart-line").count() == 1
    assert "M / Navy" in shopper.locator(".cart-line").inner_text()
    shopper.get_by_label("Discount code").fill("spring10")
    shopper.get_by_role("button", name="Apply").click()
    shopper.wait_for_url("**/cart/")
    assert shopper.locator("[data-discount]").inner_text() == f"−{_money(DISCOUNT)}"
    assert shopper.locator("[data-subtotal]").inner_text() == _money(SUBTOTAL)
    _shot(shopper, "cart")

    _check_out_to_payment(shopper)
    review = shopper.locator(".checkout-review")
    assert review.locator("[data-subtotal]").inner_text() == _money(SUBTOTAL)
    assert review.locator("[data-discount]").inner_text() == f"−{_money(DISCOUNT)}"
    assert review.locator("[data-shipping]").inner_text() == _money(SHIPPING)
    assert review.locator("[data-tax]").inner_text() == _money(TAX)
    assert review.locator("[data-total]").inner_text() == _money(TOTAL)
    _shot(shopper, "review")

    _pay(shopper, "4242 4242 4242 4242")
    shopper.wait_for_url("**/checkout/thank-you/**")
    with schema_context(shop.schema_name):
        order = Order.objects.get()
        line = order.lines.get()
    assert shopper.locator("[data-order-number]").inner_text() == f"Order #{order.number}"
    assert shopper.locator("[data-line-total]").inner_text() == _money(SUBTOTAL)
    assert shopper.locator("[data-total]").inner_text() == _money(TOTAL)
    _shot(shopper, "confirmation")

    assert (order.subtotal, order.discount_total, order.shipping_total) == (
        Decimal(SUBTOTAL),
        Decimal(DISCOUNT),
        Decimal(SHIPPING),
    )
    assert (order.tax_total, order.total) == (Decimal(TAX), Decimal(TOTAL))
    assert order.discount_code == "SPRING10"  # the merchant's spelling, not the typed one
    assert order.financial_status == Order.FinancialStatus.PAID
    assert (line.sku, line.quantity, line.unit_price) == ("LS-M-NAVY", 2, Decimal("50.00"))

    # The merchant finds the order in the admin and ships it.
    admin_login(shop)
    # Orders is a section of the menu (orders, draft orders, abandoned checkouts).
    page.get_by_role("button", name="Orders", exact=True).click()
    page.get_by_role("link", name="Orders", exact=True).click()
    page.wait_for_url("**/admin/orders/")
    page.get_by_role("link", name=f"#{order.number}", exact=True).click()
    page.wait_for_url(f"**/admin/orders/{order.pk}/")
    fulfil = page.locator("#fulfil-form")
    fulfil.get_by_label("Carrier").fill("La Poste")
    fulfil.get_by_label("Tracking number").fill("6A12345678901")
    fulfil.get_by_role("button", name="Fulfil").click()
    page.wait_for_url(f"**/admin/orders/{order.pk}/")
    assert "Items fulfilled." in page.content()
    assert page.get_by_text("Fulfilled", exact=True).first.is_visible()
    assert "6A12345678901" in page.locator("main").inner_text()

    with schema_context(shop.schema_name):
        order.refresh_from_db()
    assert order.fulfilment_status == Order.FulfilmentStatus.FULFILLED
    shipping = [m for m in mailoutbox if "6A12345678901" in m.body]
    assert len(shipping) == 1
    assert shipping[0].to == ["ana@example.com"]
    assert "La Poste" in shipping[0].body


def test_a_declined_card_says_why_and_keeps_the_cart(committed_shop_factory, shopper, shop_url):
    shop = committed_shop_factory("decline", name="Decline Shop")
    _shop_setup(shop)

    shopper.goto(shop_url(shop, "/products/linen-shirt/?option1=S&option2=Sand"))
    shopper.get_by_role("button", name="Add to cart").click()
    shopper.wait_for_url("**/cart/")
    _check_out_to_payment(shopper)
    _pay(shopper, "4000 0000 0000 0002")

    shopper.wait_for_load_state()
    assert "/checkout/payment/" in shopper.url
    assert "Your card was declined" in shopper.get_by_role("alert").first.inner_text()
    with schema_context(shop.schema_name):
        assert not Order.objects.exists()

    shopper.goto(shop_url(shop, "/cart/"))
    assert shopper.locator(".cart-line").count() == 1
    assert "S / Sand" in shopper.locator(".cart-line").inner_text()
