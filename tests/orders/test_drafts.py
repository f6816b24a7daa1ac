"""Draft orders: the merchant's order for a customer, written through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from orders.draft_pricing import draft_price
from orders.models import DraftOrder, DraftOrderLine
from orders.services import (
    draft_order_complete,
    draft_order_delete,
    draft_order_save,
    draft_order_send_invoice,
)
from taxes.services import tax_rate_create
from tests.orders.conftest import place, variant_with_stock

URL = "https://alpha.souk.test/checkout/invoice/x/"


def _draft(**overrides):
    variant = overrides.pop("variant", None) or variant_with_stock(sku="MUG-1", price="12.00")
    kwargs = {
        "email": "Ana@Example.com",
        "currency": "EUR",
        "lines": [
            {"variant_id": variant.pk, "quantity": 2},  # the catalog price
            {"title": "Gift wrapping", "quantity": 1, "unit_price": "3.50", "taxable": False},
        ],
        "shipping_address": {
            "name": "Ana Lima",
            "line1": "1 rue de Rivoli",
            "city": "Paris",
            "postal_code": "75001",
            "country": "fr",
        },
        "shipping_name": "Courier",
        "shipping_price": "6.00",
        "discount_amount": "2.00",
        "discount_reason": "Loyal customer",
    }
    kwargs.update(overrides)
    return draft_order_save(**kwargs)


def test_a_draft_keeps_catalog_and_custom_lines_at_the_merchants_prices(alpha):
    draft = _draft()
    assert draft.email == "ana@example.com"
    assert draft.shipping_address["country"] == "FR"
    mug, wrap = draft.lines.all()
    assert (mug.product_title, mug.sku, mug.quantity, mug.unit_price) == (
        "Linen shirt",
        "MUG-1",
        2,
        Decimal("12.00"),
    )
    assert mug.variant_id is not None
    assert (wrap.variant_id, wrap.title, wrap.unit_price, wrap.taxable) == (
        None,
        "Gift wrapping",
        Decimal("3.50"),
        False,
    )


def test_pricing_spreads_the_discount_and_taxes_only_taxable_lines(alpha):
    tax_rate_create(country="FR", name="TVA", rate=Decimal("0.2000"))
    draft = _draft()
    no_address = draft_price(draft)
    assert (no_address.subtotal, no_address.discount_total, no_address.shipping_total) == (
        Decimal("27.50"),
        Decimal("2.00"),
        Decimal("6.00"),
    )
    assert not no_address.tax_known and no_address.total == Decimal("31.50")
    france = draft_price(draft, country="FR")
    # 24.00 of 27.50 carries 1.75 of the discount: 20 % of 22.25 = 4.45.
    assert france.tax_total == Decimal("4.45")
    assert france.total == Decimal("35.95")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"lines": []}, "lines"),
        ({"lines": [{"title": "", "quantity": 1, "unit_price": "1.00"}]}, "lines"),
        ({"lines": [{"title": "Thing", "quantity": 0, "unit_price": "1.00"}]}, "lines"),
        ({"lines": [{"title": "Thing", "quantity": 1, "unit_price": "-1"}]}, "lines"),
        ({"lines": [{"title": "Thing", "quantity": 1}]}, "lines"),
        ({"lines": [{"variant_id": 999999, "quantity": 1}]}, "lines"),
        ({"discount_amount": "100.00"}, "discount_amount"),
        ({"shipping_price": "-1"}, "shipping_price"),
        ({"shipping_address": {"country": "ZZ"}}, "country"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_written(alpha, overrides, field):
    variant = variant_with_stock(sku="MUG-1", price="12.00")
    with pytest.raises(ValidationError) as caught:
        _draft(variant=variant, **overrides)
    assert field in caught.value.message_dict
    assert not DraftOrder.objects.exists() and not DraftOrderLine.objects.exists()


def test_editing_replaces_the_lines(alpha):
    draft = _draft()
    draft_order_save(
        draft=draft,
        email="ana@example.com",
        currency="EUR",
        lines=[{"title": "Bespoke teapot", "quantity": 1, "unit_price": "80.00"}],
    )
    assert [line.title for line in draft.lines.all()] == ["Bespoke teapot"]
    draft.refresh_from_db()
    assert draft.discount_amount == Decimal("0") and draft.shipping_address == {}


def test_sending_the_invoice_emails_the_link_once_committed(
    alpha, mailoutbox, django_capture_on_commit_callbacks
):
    draft = _draft()
    with django_capture_on_commit_callbacks(execute=True):
        draft_order_send_invoice(draft=draft, invoice_url=URL)
    draft.refresh_from_db()
    assert draft.status == DraftOrder.Status.INVOICE_SENT and draft.invoice_sent_at
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ana@example.com"] and URL in mail.body
    assert "Gift wrapping" in mail.body and "Loyal customer" in mail.body
    assert URL in mail.alternatives[0][0]


def test_a_paid_draft_converts_once_and_cannot_change(alpha):
    draft = _draft()
    first = place(email="ana@example.com")
    second = place(email="ana@example.com")
    draft_order_complete(draft_id=draft.pk, order=first)
    draft.refresh_from_db()
    assert draft.status == DraftOrder.Status.COMPLETED and draft.order == first
    assert first.events.filter(data__draft_order=draft.pk).exists()
    assert draft_order_complete(draft_id=draft.pk, order=first) == draft  # a retry: no-op
    assert first.events.filter(data__draft_order=draft.pk).count() == 1
    with pytest.raises(ValidationError, match="already been paid"):
        draft_order_complete(draft_id=draft.pk, order=second)
    with pytest.raises(ValidationError, match="is paid"):
        draft_order_save(draft=draft, email="x@example.com", currency="EUR", lines=[])
    with pytest.raises(ValidationError, match="is paid"):
        draft_order_send_invoice(draft=draft, invoice_url=URL)
    with pytest.raises(ValidationError, match="is paid"):
        draft_order_delete(draft=draft)
    assert DraftOrder.objects.get().order == first


def test_the_database_refuses_a_paid_draft_without_its_order(alpha):
    draft = _draft()
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftOrder.objects.filter(pk=draft.pk).update(status=DraftOrder.Status.COMPLETED)
    with pytest.raises(IntegrityError), transaction.atomic():
        DraftOrderLine.objects.filter(draft=draft).update(quantity=0)


def test_drafts_are_per_shop(shop_a, shop_b):
    from django_tenants.utils import schema_context

    with schema_context(shop_a.schema_name):
        _draft()
        assert DraftOrder.objects.count() == 1
    with schema_context(shop_b.schema_name):
        assert DraftOrder.objects.count() == 0
