"""Orders in the shop admin, in a real browser: a draft order the customer pays from its
invoice, an abandoned checkout recovered from its e-mail, and the order page on a phone.

The shopper's browser runs without JavaScript (the storefront works as plain forms);
the merchant uses the admin with JavaScript. Shop set-up goes through the services.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from catalog.services import product_create
from checkout.models import CheckoutSession
from checkout.tasks import checkout_recovery_emails_queue
from inventory.services import stock_set
from orders.models import DraftOrder, Order
from shipping.services import shipping_zone_create
from taxes.services import tax_rate_create

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Every run keeps its own copies here, to look at; docs/ only with SOUK_SCREENSHOTS=1.
LOOK = Path(os.environ.get("SOUK_LOOK_DIR", "/tmp/souk-orders-screenshots"))


def _shop_setup(shop) -> None:
    with schema_context(shop.schema_name):
        product = product_create(
            title="Stoneware Mug",
            status="active",
            variants=[{"price": Decimal("18.00"), "sku": "MUG-BLUE"}],
        )
        stock_set(variant=product.variants.get(), on_hand=5)
        shipping_zone_create(
            name="Europe", countries=["FR"], rates=[{"name": "Colissimo", "price": Decimal("5.00")}]
        )
        tax_rate_create(country="FR", name="TVA", rate=Decimal("0.2000"))


@pytest.fixture
def shopper(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _shot(page, name: str) -> None:
    LOOK.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    # Tall enough to hold the whole page: the admin scrolls inside its own main area,
    # which a full-page screenshot of the document would cut at the viewport.
    for width, height in ((390, 2600), (1280, 1500)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(150)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
        page.screenshot(path=str(LOOK / f"orders-{name}-{width}.png"), full_page=True)
        if os.environ.get("SOUK_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"orders-{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def _pay(page) -> None:
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Name on card").fill("Ana Lima")
    page.get_by_label("Expiry (MM/YY)").fill("12/40")
    page.get_by_label("Security code").fill("123")
    page.get_by_role("button", name=re.compile("^Pay now")).click()


def test_a_draft_order_made_by_the_merchant_is_paid_by_the_customer(
    committed_shop_factory, page, shopper, mailoutbox, admin_login
):
    shop = committed_shop_factory("phoneorder", name="Phone Order Shop")
    _shop_setup(shop)

    admin_login(shop)
    page.goto(page.url + "draft-orders/")
    page.get_by_role("link", name="Create draft order").click()
    page.wait_for_url("**/admin/draft-orders/new/")
    page.get_by_label("Customer e-mail").fill("ana@example.com")
    page.get_by_label("Full name").fill("Ana Lima")
    page.get_by_label("Address:", exact=True).fill("1 rue de Rivoli")
    page.get_by_label("City").fill("Paris")
    page.get_by_label("Postal code").fill("75001")
    page.get_by_label("Country").select_option("FR")
    lines = page.locator("[data-draft-line]")
    lines.nth(0).get_by_label("SKU").fill("MUG-BLUE")
    lines.nth(0).get_by_label("Quantity").fill("2")
    lines.nth(0).get_by_label("Price").fill("15.00")  # the merchant's price, not 18.00
    lines.nth(1).get_by_label("Item").fill("Hand-painted name")
    lines.nth(1).get_by_label("Quantity").fill("1")
    lines.nth(1).get_by_label("Price").fill("10.00")
    page.get_by_label("Shipping method").fill("Courier")
    page.get_by_label("Shipping price").fill("6.00")
    _shot(page, "draft-edit")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/admin/draft-orders/\d+/$"))
    # 30.00 + 10.00 + 6.00 shipping + 20 % TVA on 40.00 (8.00).
    assert page.locator("[data-draft-total]").inner_text() == "$54.00"
    _shot(page, "draft")
    page.get_by_role("button", name="Send invoice").click()
    page.wait_for_url(re.compile(r"/admin/draft-orders/\d+/$"))
    assert "Invoice sent to ana@example.com." in page.content()

    [mail] = [m for m in mailoutbox if "/checkout/invoice/" in m.body]
    assert mail.to == ["ana@example.com"]
    link = re.search(r"http://\S+/checkout/invoice/\S+/", mail.body).group(0)

    shopper.goto(link)
    shopper.wait_for_url("**/checkout/payment/")
    review = shopper.locator(".checkout-review")
    assert "Hand-painted name" in review.inner_text()
    assert review.locator("[data-total]").inner_text() == "$54.00"
    _pay(shopper)
    shopper.wait_for_url("**/checkout/thank-you/**")
    # A second click on the e-mail's link: the order, not a second payment.
    shopper.goto(link)
    shopper.wait_for_url("**/checkout/thank-you/**")

    with schema_context(shop.schema_name):
        order = Order.objects.get()
        draft = DraftOrder.objects.get()
        assert draft.order == order and draft.status == DraftOrder.Status.COMPLETED
        assert order.total == Decimal("54.00") and order.test
    page.goto(page.url.rsplit("/draft-orders/", 1)[0] + "/draft-orders/")
    assert "Paid" in page.locator("main").inner_text()
    _shot(page, "draft-list")
    page.go_back()
    assert page.locator("[data-draft-status]").inner_text() == "Paid"
    page.locator("[data-draft-order]").click()
    page.wait_for_url(f"**/admin/orders/{order.pk}/")
    assert "from draft order" in page.locator("main").inner_text()


def test_an_abandoned_checkout_is_recovered_from_its_email(
    committed_shop_factory, page, shopper, browser, mailoutbox, admin_login, shop_url
):
    shop = committed_shop_factory("comeback", name="Come Back Shop")
    _shop_setup(shop)

    shopper.goto(shop_url(shop, "/products/stoneware-mug/"))
    shopper.get_by_role("button", name="Add to cart").click()
    shopper.wait_for_url("**/cart/")
    shopper.get_by_role("link", name="Check out").click()
    shopper.wait_for_url("**/checkout/contact/")
    shopper.get_by_label("Email").fill("leo@example.com")
    shopper.get_by_role("button", name="Continue to address").click()
    shopper.wait_for_url("**/checkout/address/")
    shopper.get_by_label("Full name").fill("Léo Martin")
    shopper.get_by_label("Address", exact=True).fill("3 quai de Bourbon")
    shopper.get_by_label("City").fill("Paris")
    shopper.get_by_label("Country").select_option("FR")
    shopper.get_by_label("Postal code").fill("75004")
    shopper.get_by_role("button", name="Continue to shipping").click()
    shopper.wait_for_url("**/checkout/shipping/")
    # ... and leaves. Two hours later, beat's scan finds the checkout.
    with schema_context(shop.schema_name):
        CheckoutSession.objects.update(updated_at=timezone.now() - timedelta(hours=2))
        assert checkout_recovery_emails_queue() == 1
    [mail] = mailoutbox
    assert mail.to == ["leo@example.com"] and "Stoneware Mug" in mail.body
    link = re.search(r"http://\S+/checkout/recover/\S+/", mail.body).group(0)

    admin_login(shop)
    page.goto(page.url + "abandoned-checkouts/")
    row = page.locator('[data-abandoned="leo@example.com"]')
    assert "1 item · $18.00" in row.inner_text() and "Sent" in row.inner_text()
    _shot(page, "abandoned")

    # The link, opened on another device (a fresh browser), brings the cart back.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    other = phone.new_page()
    other.set_default_timeout(15_000)
    other.goto(link)
    other.wait_for_url("**/checkout/shipping/")
    other.get_by_label(re.compile("Colissimo")).check()
    other.get_by_role("button", name="Continue to payment").click()
    other.wait_for_url("**/checkout/payment/")
    assert "Stoneware Mug" in other.locator(".checkout-review").inner_text()
    _pay(other)
    other.wait_for_url("**/checkout/thank-you/**")
    phone.close()

    with schema_context(shop.schema_name):
        assert Order.objects.get().email == "leo@example.com"
        CheckoutSession.objects.update(updated_at=timezone.now() - timedelta(hours=5))
        assert checkout_recovery_emails_queue() == 0
    assert len(mailoutbox) == 2  # the recovery e-mail and the order confirmation
    page.reload()
    assert "1 checkout completed after a recovery e-mail." in page.content()
    assert page.locator("[data-abandoned]").count() == 0


def test_the_order_page_on_a_phone_and_a_desktop(
    committed_shop_factory, page, shopper, admin_login, shop_url
):
    shop = committed_shop_factory("orderpage", name="Order Page Shop")
    _shop_setup(shop)
    shopper.goto(shop_url(shop, "/products/stoneware-mug/"))
    shopper.get_by_label("Quantity").fill("2")
    shopper.get_by_role("button", name="Add to cart").click()
    shopper.wait_for_url("**/cart/")
    shopper.get_by_role("link", name="Check out").click()
    shopper.get_by_label("Email").fill("mia.wallace-longname@example.com")
    shopper.get_by_role("button", name="Continue to address").click()
    shopper.get_by_label("Full name").fill("Mia Wallace")
    shopper.get_by_label("Address", exact=True).fill("12 avenue des Champs-Élysées")
    shopper.get_by_label("City").fill("Paris")
    shopper.get_by_label("Country").select_option("FR")
    shopper.get_by_label("Postal code").fill("75008")
    shopper.get_by_role("button", name="Continue to shipping").click()
    shopper.get_by_label(re.compile("Colissimo")).check()
    shopper.get_by_role("button", name="Continue to payment").click()
    shopper.wait_for_url("**/checkout/payment/")
    _pay(shopper)
    shopper.wait_for_url("**/checkout/thank-you/**")
    with schema_context(shop.schema_name):
        order = Order.objects.get()

    admin_login(shop)
    page.goto(page.url + "orders/")
    assert page.locator("[data-test-badge]").first.is_visible()
    _shot(page, "list")
    page.get_by_role("link", name=f"#{order.number}", exact=True).first.click()
    page.wait_for_url(f"**/admin/orders/{order.pk}/")
    main = page.locator("main")
    assert page.locator("[data-item-count]").inner_text() == "2 items"
    assert page.locator("[data-payment-method]").inner_text() == "Visa •••• 4242 (test)"
    assert "Discount" not in main.inner_text()
    assert page.locator("[data-test-badge]").is_visible()
    _shot(page, "detail")

    # Refund one mug: the summary first, then the money.
    page.locator("#refund-form").locator("xpath=..").locator("summary").click()
    refund = page.locator("#refund-form")
    refund.get_by_label("Stoneware Mug").fill("1")
    refund.get_by_role("button", name="Review refund").click()
    page.wait_for_url("**/refund/confirm/**")
    assert "Refund $21.60 on order" in page.content()  # 18.00 + 20 % TVA
    assert "Restock items:</strong> Yes" in page.content()
    _shot(page, "refund-summary")
    with schema_context(shop.schema_name):
        assert Order.objects.get().refunded_total == 0
    page.get_by_role("button", name="Refund $21.60").click()
    page.wait_for_url(f"**/admin/orders/{order.pk}/")
    assert "Refund recorded." in page.content()
    with schema_context(shop.schema_name):
        assert Order.objects.get().refunded_total == Decimal("21.60")
