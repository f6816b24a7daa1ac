"""The order page: two columns, plural items, the test badge, payment method, tags, and
a refund that shows its summary before any money moves."""

from __future__ import annotations

from decimal import Decimal

from django_tenants.utils import schema_context

from orders.models import Order
from payments.models import Payment
from tests.orders.conftest import ALPHA, BETA, login, paid_order, variant_with_stock

LIST = "/admin/orders/"


def _in(shop, fn, *args, **kwargs):
    with schema_context(shop.schema_name):
        return fn(*args, **kwargs)


def _test_order(**kwargs):
    order = paid_order(**kwargs)
    Order.objects.filter(pk=order.pk).update(test=True)
    Payment.objects.create(
        order=order,
        provider="test",
        amount=order.total,
        currency=order.currency,
        idempotency_key=f"k{order.pk}",
        reference=f"test_{order.pk}",
        card_last4="4242",
        card_brand="visa",
    )
    return order


def test_the_page_reads_as_a_store(shop_a, owner_client):
    one = _in(shop_a, _test_order, lines=[(None, 1, "10.00")])
    two = _in(shop_a, paid_order, lines=[(None, 2, "10.00")], email="ada@example.com")
    page = owner_client.get(f"{LIST}{one.pk}/", HTTP_HOST=ALPHA).content.decode()
    assert 'class="order-columns"' in page and 'class="order-side"' in page
    assert "data-customer-card" in page and "Timeline" in page
    assert "1 item<" in page and "1 items" not in page
    assert "data-discount-line" not in page  # no "Discount −0.00"
    assert "data-test-badge" in page and "Test order" in page
    assert "Visa •••• 4242" in page
    assert "2 orders" in page  # this customer's orders, linked to the filtered list
    other = owner_client.get(f"{LIST}{two.pk}/", HTTP_HOST=ALPHA).content.decode()
    assert "2 items<" in other and "data-test-badge" not in other
    assert "None recorded" in other
    listing = owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()
    assert listing.count("data-test-badge") == 1
    assert "2 items" in listing and "1 item<" in listing


def test_refund_shows_its_summary_first_then_moves_the_money(
    shop_a, owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    variant = _in(shop_a, variant_with_stock, on_hand=5)
    order = _in(shop_a, _test_order, lines=[(variant, 2, "10.00")], shipping="0.00")
    line = _in(shop_a, lambda: order.lines.get())
    detail = owner_client.get(f"{LIST}{order.pk}/", HTTP_HOST=ALPHA).content.decode()
    # Restock and notify are ticked by default, like the cancel form's restock.
    assert 'name="restock" id="refund_restock" checked' in detail
    assert 'name="notify" id="refund_notify" checked' in detail
    summary = owner_client.get(
        f"{LIST}{order.pk}/refund/confirm/",
        {f"refund_line_{line.pk}": "1", "restock": "on", "notify": "on", "reason": "Torn"},
        HTTP_HOST=ALPHA,
    ).content.decode()
    assert "Refund €12.00 on order #1001? The money goes back now." in summary
    assert "<strong>Restock items:</strong> Yes" in summary
    assert "<strong>Email the customer:</strong> Yes" in summary
    assert _in(shop_a, lambda: Order.objects.get().refunded_total) == Decimal("0")
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            f"{LIST}{order.pk}/refund/",
            {
                f"refund_line_{line.pk}": "1",
                "restock": "True",
                "notify": "True",
                "reason": "Torn",
            },
            HTTP_HOST=ALPHA,
        )
    with schema_context(shop_a.schema_name):
        order.refresh_from_db()
        assert order.refunded_total == Decimal("12.00")
        from inventory.selectors import available_quantities

        # ``place`` writes the order without selling stock: 5 on hand, 1 put back.
        assert available_quantities([variant.pk])[variant.pk] == 6
    assert len(mailoutbox) == 1 and "€12.00" in mailoutbox[0].body


def test_tags_are_saved_through_the_service_and_per_shop(shop_a, shop_b, owner_client, client):
    order = _in(shop_a, paid_order)
    owner_client.post(
        f"{LIST}{order.pk}/tags/", {"tags": "Wholesale, gift ,wholesale"}, HTTP_HOST=ALPHA
    )
    with schema_context(shop_a.schema_name):
        order.refresh_from_db()
        assert order.tags == ["wholesale", "gift"]
        assert order.events.filter(message="Tags: wholesale, gift.").exists()
    login(client, BETA, "owner-beta@example.com")
    response = client.post(f"{LIST}{order.pk}/tags/", {"tags": "x"}, HTTP_HOST=BETA)
    assert response.status_code == 404
    assert client.get(f"{LIST}{order.pk}/", HTTP_HOST=BETA).status_code == 404
