"""The product listing's price column is in the shop's currency, as babel writes it."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django_tenants.utils import schema_context

from catalog.models import Product
from catalog_admin.viewsets import price_range as _price_range


def test_a_yen_shop_shows_whole_yen_with_its_sign(shop_a):
    shop_a.currency = "JPY"
    shop_a.save(update_fields=["currency"])
    with schema_context(shop_a.schema_name), translation.override("en"):
        assert _price_range(Product(min_price=Decimal("1450"), max_price=Decimal("2000"))) == (
            "¥1,450 – ¥2,000"
        )
        assert _price_range(Product(min_price=Decimal("1450"), max_price=Decimal("1450"))) == (
            "¥1,450"
        )
        assert _price_range(Product(min_price=None, max_price=None)) == "—"


def test_a_dollar_shop_keeps_its_cents(shop_a):
    with schema_context(shop_a.schema_name), translation.override("en"):
        assert _price_range(Product(min_price=Decimal("12"), max_price=Decimal("18.5"))) == (
            "$12.00 – $18.50"
        )
