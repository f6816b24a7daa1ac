"""A draft order's invoice paid through the storefront checkout, over HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from checkout.exceptions import CheckoutError
from checkout.models import CheckoutSession
from checkout.services import checkout_place_order, checkout_review
from checkout.services.drafts import checkout_for_draft
from inventory.selectors import available_quantities
from orders.models import DraftOrder, Order
from orders.services import draft_order_save
from payments.models import PaymentAttempt
from tests.cart.builders import variant
from tests.checkout.conftest import ADDRESS, CARD_OK, shop_setup

HOST = "alpha.souk.test"
BETA = "beta.souk.test"
CARD = {"number": "4242 4242 4242 4242", "name": "Ana Lima", "expiry": "12/40", "cvc": "123"}


def _draft(*, address=True, custom_only=False):
    lines = [{"title": "Engraving", "quantity": 1, "unit_price": "15.00", "taxable": False}]
    mug = None
    if not custom_only:
        mug = variant(title="Blue mug", price="10.00", stock=5)
        lines.insert(0, {"variant_id": mug.pk, "quantity": 2, "unit_price": "8.00"})
    draft = draft_order_save(
        email="ana@example.com",
        currency="USD",
        lines=lines,
        shipping_address=ADDRESS if address else None,
        shipping_name="Courier",
        shipping_price="4.00",
        discount_amount="1.00",
        discount_reason="Phone order",
    )
    return draft, mug


@pytest.fixture
def shop(shop_a):
    with schema_context(shop_a.schema_name):
        shop_setup()  # 20 % TVA in France
        yield shop_a


def test_the_invoice_link_opens_a_checkout_with_the_drafts_prices_and_pays_once(client, shop):
    with schema_context(shop.schema_name):
        draft, mug = _draft()
    opened = client.get(f"/checkout/invoice/{draft.token}/", HTTP_HOST=HOST)
    # E-mail and address come from the draft, shipping from the merchant: straight to pay.
    assert opened["Location"] == "/checkout/payment/"
    page = client.get("/checkout/payment/", HTTP_HOST=HOST).content.decode()
    # 2 × 8.00 (not the catalog's 10.00) + 15.00 − 1.00 + 4.00 shipping; TVA 20 % on the
    # mug's 16.00 less its share of the discount (0.52): 3.10.
    assert "Engraving" in page and "Courier" in page
    assert "data-total>$37.10" in page
    paid = client.post("/checkout/payment/", CARD, HTTP_HOST=HOST)
    assert paid.status_code == 302 and "/checkout/thank-you/" in paid["Location"]
    again = client.post("/checkout/payment/", CARD, HTTP_HOST=HOST)
    assert again.status_code == 302  # no checkout left in the session: nothing charged
    with schema_context(shop.schema_name):
        order = Order.objects.get()
        draft.refresh_from_db()
        assert draft.status == DraftOrder.Status.COMPLETED and draft.order == order
        assert order.total == Decimal("37.10") and order.subtotal == Decimal("31.00")
        assert order.discount_total == Decimal("1.00") and order.shipping_total == Decimal("4.00")
        assert order.test is True
        assert order.payments.get().method_label == "Visa •••• 4242"
        assert [(line.title, line.unit_price) for line in order.lines.all()] == [
            ("Blue mug", Decimal("8.00")),
            ("Engraving", Decimal("15.00")),
        ]
        assert available_quantities([mug.pk])[mug.pk] == 3
        assert not CheckoutSession.objects.filter(state="open").exists()
    # The link, opened again, shows the order instead of a second checkout.
    reopened = client.get(f"/checkout/invoice/{draft.token}/", HTTP_HOST=HOST)
    assert reopened["Location"] == f"/checkout/thank-you/{order.token}/"


def test_without_an_address_the_customer_gives_one_and_tax_follows_it(client, shop):
    with schema_context(shop.schema_name):
        draft, _mug = _draft(address=False, custom_only=True)
    assert client.get(f"/checkout/invoice/{draft.token}/", HTTP_HOST=HOST)["Location"] == (
        "/checkout/address/"
    )
    # Any country will do: the merchant set the shipping charge.
    moved = client.post("/checkout/address/", {**ADDRESS, "country": "JP"}, HTTP_HOST=HOST)
    assert moved["Location"] == "/checkout/shipping/"
    assert client.get("/checkout/shipping/", HTTP_HOST=HOST)["Location"] == "/checkout/payment/"
    assert "data-total>$18.00" in client.get("/checkout/payment/", HTTP_HOST=HOST).content.decode()
    paid = client.post("/checkout/payment/", CARD, HTTP_HOST=HOST)
    assert "/checkout/thank-you/" in paid["Location"]
    with schema_context(shop.schema_name):
        order = Order.objects.get()
        # Custom lines only: nothing held or sold, no tax in Japan.
        assert order.total == Decimal("18.00") and order.tax_total == Decimal("0")
        assert order.shipping_address["country"] == "JP"


def test_a_draft_is_paid_once_whatever_checkout_pays_it(shop):
    with schema_context(shop.schema_name):
        draft, _mug = _draft(custom_only=True)
        first = checkout_for_draft(draft=draft)
        assert checkout_for_draft(draft=draft) == first  # one open checkout per draft
        checkout_review(session=first)
        first.refresh_from_db()
        with pytest.raises(IntegrityError), transaction.atomic():
            CheckoutSession.objects.create(draft_order=draft, email=first.email)
        first_paid = checkout_place_order(session=first, card=CARD_OK, currency="USD")
        assert first_paid.placed
        # A stale checkout of the paid draft (written around the service) is refused
        # before anything is charged.
        late = CheckoutSession.objects.create(
            draft_order=draft, email=first.email, shipping_address=first.shipping_address
        )
        refused = checkout_place_order(session=late, card=CARD_OK, currency="USD")
        assert not refused.placed and "already been paid" in refused.message
        assert Order.objects.count() == 1
        assert not PaymentAttempt.objects.filter(checkout_token=str(late.token)).exists()
        draft.refresh_from_db()
        with pytest.raises(CheckoutError):
            checkout_for_draft(draft=draft)


def test_an_invoice_link_is_per_shop(client, shop, shop_b):
    with schema_context(shop.schema_name):
        draft, _mug = _draft()
    assert client.get(f"/checkout/invoice/{draft.token}/", HTTP_HOST=BETA).status_code == 404
    assert client.get("/checkout/invoice/not-a-token/", HTTP_HOST=HOST).status_code == 404
