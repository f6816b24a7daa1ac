"""Orders fixtures: shop A's schema, a stocked variant, and orders placed like checkout."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from orders.types import Address, OrderTotals, PlacedLine, PlacedOrder, PlacedTaxLine
from tests.support.shop_admin import shop_admin_login

ALPHA = "alpha.souk.test"
BETA = "beta.souk.test"
_tokens = itertools.count(1)


@pytest.fixture
def alpha(shop_a):
    """Run the test body inside shop A's schema."""
    with schema_context(shop_a.schema_name):
        yield shop_a


def variant_with_stock(*, title: str = "Linen shirt", sku: str = "", price=25, on_hand: int = 10):
    """A product with one variant and ``on_hand`` units at the default location."""
    from catalog.services import product_create
    from inventory.services import stock_set

    product = product_create(title=title, status="active", variants=[{"price": price, "sku": sku}])
    variant = product.variants.get()
    stock_set(variant=variant, on_hand=on_hand)
    return variant


def placed_order(
    *,
    token: str | None = None,
    email: str = "ada@example.com",
    name: str = "Ada Lovelace",
    lines: list[tuple] | None = None,
    shipping=Decimal("5.00"),
    tax_rate=Decimal("0.20"),
    prices_include_tax: bool = False,
    customer_id: int | None = None,
) -> PlacedOrder:
    """A PlacedOrder as checkout builds it.

    ``lines``: ``(variant_or_None, quantity, unit_price[, line_discount])``; tax is
    ``tax_rate`` of each discounted line, added to the total (prices exclude tax).
    """
    lines = lines if lines is not None else [(None, 2, Decimal("10.00"))]
    placed_lines = []
    for entry in lines:
        variant, quantity, unit_price = entry[:3]
        discount = Decimal(entry[3]) if len(entry) > 3 else Decimal("0.00")
        unit_price = Decimal(unit_price)
        tax = ((unit_price * quantity - discount) * tax_rate).quantize(Decimal("0.01"))
        placed_lines.append(
            PlacedLine(
                variant_id=getattr(variant, "pk", None),
                product_title=str(variant.product) if variant else "Teapot",
                variant_title="",
                sku=getattr(variant, "sku", "") or "",
                quantity=quantity,
                unit_price=unit_price,
                line_discount=discount,
                tax_amount=tax,
            )
        )
    subtotal = sum((line.unit_price * line.quantity for line in placed_lines), Decimal("0.00"))
    discount_total = sum((line.line_discount for line in placed_lines), Decimal("0.00"))
    tax_total = sum((line.tax_amount for line in placed_lines), Decimal("0.00"))
    total = subtotal - discount_total + Decimal(shipping)
    if not prices_include_tax:
        total += tax_total
    return PlacedOrder(
        checkout_token=token or f"checkout-{next(_tokens)}",
        email=email,
        currency="EUR",
        lines=placed_lines,
        totals=OrderTotals(
            subtotal=subtotal,
            discount_total=discount_total,
            shipping_total=Decimal(shipping),
            tax_total=tax_total,
            total=total,
            prices_include_tax=prices_include_tax,
        ),
        shipping_address=Address(
            name=name, line1="12 Analytical Row", city="London", postal_code="N1 1AA", country="GB"
        ),
        shipping_method_name="Standard",
        tax_lines=[PlacedTaxLine(name="VAT 20%", rate=tax_rate, amount=tax_total)],
        customer_id=customer_id,
    )


def place(**kwargs):
    """Place an order from ``placed_order(**kwargs)``; the Order."""
    from orders.services import order_place

    order, created = order_place(placed=placed_order(**kwargs), actor="checkout")
    assert created
    return order


def paid_order(**kwargs):
    from orders.services import order_mark_paid

    order = place(**kwargs)
    return order_mark_paid(order=order, amount=order.total, reference="pi_1", actor="payments")


def login(client, host, email):
    """``client`` signed in to the admin on ``host`` as the platform account
    ``email``, by single sign-on (shop staff have no password)."""
    return shop_admin_login(client, host=host, email=email)


@pytest.fixture
def owner_client(client, shop_a):
    return login(client, ALPHA, "owner-alpha@example.com")
