"""Shop B can never use, see or change shop A's discount codes, zones or tax rates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from discounts.models import DiscountCode
from discounts.services import discount_code_create, discount_evaluate, discount_redeem
from discounts.types import DiscountInvalid, DiscountLine
from shipping.selectors import shipping_quote, shipping_rates
from shipping.services import shipping_zone_create
from taxes.services import tax_rate_create, taxes_compute
from taxes.types import TaxableLine
from tests.catalog.conftest import BETA, login

LINE = DiscountLine(variant_id=1, product_id=1, quantity=1, unit_price=Decimal("10.00"))


@pytest.fixture
def a_pricing(shop_a, shop_b):
    """Several codes, a zone and a rate in A (ids past B's), one code of B's own."""
    with schema_context(shop_a.schema_name):
        codes = [
            discount_code_create(code=f"ALPHA{i}", kind="percentage", value=10) for i in range(3)
        ]
        zone = shipping_zone_create(
            name="Alpha Europe", countries=["FR"], rates=[{"name": "Alpha post", "price": "4"}]
        )
        rate = tax_rate_create(country="FR", name="Alpha TVA", rate="0.2")
        shipping_rate = zone.rates.get()
    with schema_context(shop_b.schema_name):
        discount_code_create(code="BETA", kind="fixed", value=1)
    return {"code": codes[-1], "zone": zone, "shipping_rate": shipping_rate, "tax": rate}


def test_a_code_of_a_is_unknown_in_b(a_pricing, shop_b):
    with schema_context(shop_b.schema_name):
        with pytest.raises(DiscountInvalid, match="not a valid discount code"):
            discount_evaluate(currency="USD", code="ALPHA2", lines=[LINE])
        with pytest.raises(DiscountInvalid, match="not a valid discount code"):
            discount_redeem(code="ALPHA2", email="x@example.com", order_id=1)
        # A's code names are free in B.
        discount_code_create(code="alpha2", kind="fixed", value=1)
    with schema_context("shop_alpha"):
        assert DiscountCode.objects.get(code="ALPHA2").times_used == 0


def test_b_has_none_of_a_rates(a_pricing, shop_b):
    with schema_context(shop_b.schema_name):
        # Only B's own rest-of-world rate (every shop starts with one), none of A's.
        quotes = shipping_rates(country="FR", subtotal=Decimal(10), weight_grams=1)
        assert [q.name for q in quotes] == ["International shipping"]
        rate_id = a_pricing["shipping_rate"].pk
        assert (
            shipping_quote(rate_id=rate_id, country="FR", subtotal=Decimal(10), weight_grams=1)
            is None
        )
        lines = [TaxableLine(key=1, amount=Decimal(10))]
        assert taxes_compute(currency="USD", country="FR", lines=lines).total == Decimal("0.00")


@pytest.mark.parametrize(
    ("prefix", "key"),
    [("discounts/codes", "code"), ("shipping/zones", "zone"), ("taxes/rates", "tax")],
)
def test_b_admin_404s_on_a_objects(a_pricing, client, prefix, key):
    login(client, BETA, "owner-beta@example.com")
    pk = a_pricing[key].pk
    for url in (f"/admin/{prefix}/edit/{pk}/", f"/admin/{prefix}/delete/{pk}/"):
        assert client.get(url, HTTP_HOST=BETA).status_code == 404, url
        assert client.post(url, {"name": "pwned"}, HTTP_HOST=BETA).status_code == 404, url
    listing = client.get(f"/admin/{prefix}/", HTTP_HOST=BETA).content.decode()
    assert "ALPHA" not in listing and "Alpha" not in listing
    with schema_context("shop_alpha"):
        assert type(a_pricing[key]).objects.filter(pk=pk).exists()
