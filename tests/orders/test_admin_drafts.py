"""The draft-order admin over HTTP: create with catalog and custom lines, send, per shop."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from orders.models import DraftOrder
from orders.services import draft_order_save
from tests.orders.conftest import ALPHA, BETA, login, variant_with_stock

LIST = "/admin/draft-orders/"


def _form(**overrides):
    data = {
        "email": "ana@example.com",
        "name": "Ana Lima",
        "line1": "1 rue de Rivoli",
        "city": "Paris",
        "postal_code": "75001",
        "country": "FR",
        "shipping_name": "Courier",
        "shipping_price": "4.00",
        "discount_amount": "",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-sku": "MUG-1",
        "lines-0-quantity": "2",
        "lines-1-title": "Engraving",
        "lines-1-quantity": "1",
        "lines-1-unit_price": "15.00",
    }
    data.update(overrides)
    return data


def test_create_send_and_see_the_invoice_link(
    shop_a, owner_client, mailoutbox, django_capture_on_commit_callbacks
):
    with schema_context(shop_a.schema_name):
        variant_with_stock(sku="MUG-1", price="12.00")
    assert "Create draft order" in owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()
    bad = owner_client.post(f"{LIST}new/", _form(**{"lines-0-sku": "NOPE"}), HTTP_HOST=ALPHA)
    assert bad.status_code == 200
    assert "Line 1 needs a SKU from your catalog" in bad.content.decode()
    created = owner_client.post(f"{LIST}new/", _form(), HTTP_HOST=ALPHA)
    assert created.status_code == 302
    with schema_context(shop_a.schema_name):
        draft = DraftOrder.objects.get()
        assert [(line.title, str(line.unit_price)) for line in draft.lines.all()] == [
            ("Linen shirt", "12.00"),
            ("Engraving", "15.00"),
        ]
    page = owner_client.get(created["Location"], HTTP_HOST=ALPHA).content.decode()
    assert "3 items" in page and f"/checkout/invoice/{draft.token}/" in page
    assert "$43.00" in page  # 24 + 15 + 4 shipping; no French tax rate set
    with django_capture_on_commit_callbacks(execute=True):
        sent = owner_client.post(f"{LIST}{draft.pk}/send-invoice/", HTTP_HOST=ALPHA)
    assert sent.status_code == 302
    assert len(mailoutbox) == 1
    assert f"http://alpha.souk.test/checkout/invoice/{draft.token}/" in mailoutbox[0].body
    edit = owner_client.get(f"{LIST}{draft.pk}/edit/", HTTP_HOST=ALPHA).content.decode()
    assert 'value="MUG-1"' in edit and 'value="Engraving"' in edit


def test_list_costs_the_same_queries_for_3_or_30_drafts(shop_a, owner_client):
    def add(n):
        with schema_context(shop_a.schema_name):
            for i in range(n):
                draft_order_save(
                    email=f"c{i}@example.com",
                    currency="USD",
                    lines=[{"title": "Thing", "quantity": 2, "unit_price": "3.00"}],
                )

    def count():
        owner_client.get(LIST, HTTP_HOST=ALPHA)
        with CaptureQueriesContext(connection) as ctx:
            response = owner_client.get(LIST, HTTP_HOST=ALPHA)
        assert response.status_code == 200 and "$6.00" in response.content.decode()
        return len(ctx.captured_queries)

    add(3)
    few = count()
    add(27)
    assert count() == few


def test_another_shop_sees_nothing(shop_a, shop_b, client):
    with schema_context(shop_a.schema_name):
        draft = draft_order_save(
            email="draftee@example.com",
            currency="USD",
            lines=[{"title": "Thing", "quantity": 1, "unit_price": "3.00"}],
        )
    login(client, BETA, "owner-beta@example.com")
    assert client.get(f"{LIST}{draft.pk}/", HTTP_HOST=BETA).status_code == 404
    assert client.post(f"{LIST}{draft.pk}/send-invoice/", HTTP_HOST=BETA).status_code == 404
    assert "draftee@example.com" not in client.get(LIST, HTTP_HOST=BETA).content.decode()
