"""Orders are per shop: B's admin, export and selectors never reach A's orders.

Both shops are cloned from one template, so A's first order and B's first order
have the same id and the same number: a leak would show the wrong shop's data
rather than a 404, which is what these tests look for.
"""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from orders.models import Order
from orders.selectors import order_by_token
from tests.orders.conftest import login, place
from tests.support.sequences import align_identity_sequences

ALPHA = "alpha.souk.test"
BETA = "beta.souk.test"


@pytest.fixture
def orders(shop_a, shop_b):
    align_identity_sequences(shop_a, shop_b)
    with schema_context(shop_a.schema_name):
        a_only = place(email="secret-alpha@example.com", name="Alpha Shopper")
        a_second = place(email="alpha-two@example.com")
    with schema_context(shop_b.schema_name):
        b_first = place(email="beta@example.com", name="Beta Shopper")
    assert a_only.pk == b_first.pk and a_only.number == b_first.number
    return {"a": a_only, "a_second": a_second, "b": b_first}


@pytest.fixture
def beta_client(client, shop_b):
    return login(client, BETA, "owner-beta@example.com")


def test_bs_admin_404s_on_as_order(orders, beta_client):
    response = beta_client.get(f"/admin/orders/{orders['a_second'].pk}/", HTTP_HOST=BETA)
    assert response.status_code == 404
    # Same id in both shops: B sees its own order, never A's.
    page = beta_client.get(f"/admin/orders/{orders['a'].pk}/", HTTP_HOST=BETA).content.decode()
    assert "beta@example.com" in page and "secret-alpha" not in page


def test_bs_actions_cannot_touch_as_order(orders, shop_a, beta_client):
    response = beta_client.post(
        f"/admin/orders/{orders['a_second'].pk}/cancel/", {"reason": "x"}, HTTP_HOST=BETA
    )
    assert response.status_code == 404
    with schema_context(shop_a.schema_name):
        assert not Order.objects.filter(cancelled_at__isnull=False).exists()


def test_bs_list_and_csv_export_hold_no_alpha_order(orders, beta_client):
    page = beta_client.get("/admin/orders/", HTTP_HOST=BETA).content.decode()
    assert "beta@example.com" in page and "alpha" not in page.lower().split("<main")[-1]
    response = beta_client.get("/admin/orders/export/", HTTP_HOST=BETA)
    text = b"".join(response.streaming_content).decode()
    assert "beta@example.com" in text
    assert "alpha" not in text.lower()


def test_as_owner_cannot_use_bs_admin(orders, client):
    login(client, ALPHA, "owner-alpha@example.com")
    response = client.get("/admin/orders/", HTTP_HOST=BETA)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_as_status_token_finds_nothing_in_b(orders, shop_b):
    with schema_context(shop_b.schema_name):
        assert order_by_token(orders["a"].token) is None
