"""The "best selling" sort from order lines, and the "in stock only" filter from stock.

Orders are placed, cancelled and refunded through the orders services, stock moves
through the inventory services: the denormalised ``units_sold`` and ``in_stock`` are
checked against what those services really wrote.
"""

from decimal import Decimal

import pytest
from django.core.cache import caches
from django_tenants.utils import schema_context

from catalog.models import Product
from catalog.versions import catalog_version_key
from config.celery import app
from inventory.services import reservation_convert, reservation_release, stock_reserve, stock_set
from storefront.tasks import catalog_sales_refresh, catalog_sales_refresh_all_shops
from tests.orders.conftest import paid_order, place
from tests.storefront import builders
from tests.storefront.test_collection_page import titles

pytestmark = pytest.mark.django_db


def _version(shop):
    return caches["platform"].get(catalog_version_key(shop.schema_name))


@pytest.fixture
def three(in_a):
    """Three products, each with one variant holding 50 units; "Old" made first."""
    with in_a():
        made = {
            name: builders.product(
                name, handle=name.lower(), variants=[{"price": "10", "stock": 50}]
            )
            for name in ("Old", "Middle", "New")
        }
        return {name: p.variants.get() for name, p in made.items()}


def test_best_selling_counts_units_of_orders_kept(
    get, three, shop_a, django_capture_on_commit_callbacks
):
    with schema_context(shop_a.schema_name):
        place(lines=[(three["Old"], 3, Decimal("10.00"))])
        paid_order(
            lines=[(three["Middle"], 2, Decimal("10.00")), (three["Old"], 1, Decimal("10.00"))]
        )
        cancelled = place(lines=[(three["New"], 9, Decimal("10.00"))])
        from orders.services import order_cancel

        order_cancel(order=cancelled, reason="Changed their mind", actor="merchant")
    # Before the refresh: nothing sold yet as far as the sort knows (by id, newest made first).
    assert titles(get("/collections/all/", sort="best-selling")) == ["New", "Middle", "Old"]
    with schema_context(shop_a.schema_name):
        with django_capture_on_commit_callbacks(execute=True):
            result = catalog_sales_refresh.delay().get()
        assert result["units_sold_changed"] == 2
        sold = dict(Product.objects.values_list("title", "units_sold"))
    assert sold == {"Old": 4, "Middle": 2, "New": 0}  # the cancelled order counts for nothing
    assert titles(get("/collections/all/", sort="best-selling")) == ["Old", "Middle", "New"]


def test_refreshing_again_without_sales_writes_nothing_and_keeps_the_version(
    three, shop_a, django_capture_on_commit_callbacks
):
    with schema_context(shop_a.schema_name):
        place(lines=[(three["New"], 1, Decimal("10.00"))])
        with django_capture_on_commit_callbacks(execute=True):
            catalog_sales_refresh.delay().get()
        before = _version(shop_a)
        with django_capture_on_commit_callbacks(execute=True):
            assert catalog_sales_refresh.delay().get()["units_sold_changed"] == 0
        assert _version(shop_a) == before


def test_refunded_units_are_not_sold(three, shop_a):
    from orders.services import order_refund

    with schema_context(shop_a.schema_name):
        order = paid_order(lines=[(three["Old"], 5, Decimal("10.00"))])
        line = order.lines.get()
        order_refund(order=order, lines={line.pk: 2}, reason="Two returned", actor="merchant")
        catalog_sales_refresh.delay().get()
        assert Product.objects.get(title="Old").units_sold == 3


def test_the_sales_refresh_of_one_shop_leaves_the_other_alone(shop_a, shop_b, three):
    assert app.conf.task_always_eager
    with schema_context(shop_b.schema_name):
        theirs = builders.product(
            "Beta seller", handle="beta-seller", variants=[{"price": "5", "stock": 9}]
        )
        place(lines=[(theirs.variants.get(), 4, Decimal("5.00"))])
    with schema_context(shop_a.schema_name):
        place(lines=[(three["Old"], 2, Decimal("10.00"))])
        catalog_sales_refresh.delay().get()
    with schema_context(shop_b.schema_name):
        assert Product.objects.get().units_sold == 0
    # The fan-out, sent from the public schema, reaches every shop.
    assert catalog_sales_refresh_all_shops.delay().get() >= 2
    with schema_context(shop_b.schema_name):
        assert Product.objects.get().units_sold == 4


# -- in stock ------------------------------------------------------------------------


def test_in_stock_filter_reads_stock_and_the_continue_policy(get, in_a):
    with in_a():
        builders.product("Stocked", variants=[{"price": "10", "stock": 2}])
        builders.product("Sold out", variants=[{"price": "10", "stock": 0}])
        builders.product("No stock row", variants=[{"price": "10", "stock": None}])
        builders.product(
            "Backorderable",
            variants=[{"price": "10", "stock": 0, "inventory_policy": "continue"}],
        )
        builders.product(
            "One size left",
            variants=[
                {"price": "10", "option1": "S", "stock": 0},
                {"price": "30", "option1": "M", "stock": 1},
            ],
            option_names=("Size",),
        )
    shown = titles(get("/collections/all/", available="1"))
    assert sorted(shown) == ["Backorderable", "One size left", "Stocked"]
    # Combined with a price or an option, the in-stock variant must be the matching one.
    assert sorted(titles(get("/collections/all/", available="1", max_price="20"))) == [
        "Backorderable",
        "Stocked",
    ]
    assert "One size left" not in titles(get("/collections/all/", available="1", option="S"))
    assert "One size left" in titles(get("/collections/all/", available="1", option="M"))


def test_in_stock_follows_stock_services_and_reservations(
    get, in_a, shop_a, django_capture_on_commit_callbacks
):
    with in_a():
        product = builders.product("Last one", variants=[{"price": "10", "stock": 1}])
        variant = product.variants.get()
    assert titles(get("/collections/all/", available="1")) == ["Last one"]

    with in_a(), django_capture_on_commit_callbacks(execute=True):
        stock_reserve(token="cart-1", lines=[(variant, 1)])  # the last unit is held
    assert titles(get("/collections/all/", available="1")) == []
    with in_a():
        assert not Product.objects.get(pk=product.pk).in_stock

    with in_a(), django_capture_on_commit_callbacks(execute=True):
        reservation_release(token="cart-1")
    assert titles(get("/collections/all/", available="1")) == ["Last one"]

    with in_a(), django_capture_on_commit_callbacks(execute=True):
        stock_reserve(token="cart-2", lines=[(variant, 1)])
        reservation_convert(token="cart-2")  # sold
    assert titles(get("/collections/all/", available="1")) == []
    with in_a(), django_capture_on_commit_callbacks(execute=True):
        stock_set(variant=variant, on_hand=3, reason="received")
    assert titles(get("/collections/all/", available="1")) == ["Last one"]


def test_the_version_moves_only_when_in_stock_flips(
    in_a, shop_a, django_capture_on_commit_callbacks
):
    with in_a():
        variant = builders.product("Plenty", variants=[{"price": "10", "stock": 5}]).variants.get()
        with django_capture_on_commit_callbacks(execute=True):
            pass
        before = _version(shop_a)
        with django_capture_on_commit_callbacks(execute=True):
            stock_set(variant=variant, on_hand=4, reason="count")  # still in stock
        assert _version(shop_a) == before
        with django_capture_on_commit_callbacks(execute=True):
            stock_set(variant=variant, on_hand=0, reason="count")
        assert _version(shop_a) != before


def test_product_page_shows_a_sold_out_variant_as_unavailable(get, in_a):
    with in_a():
        builders.product(
            "Boots",
            handle="boots",
            option_names=("Size",),
            variants=[
                {"price": "80", "option1": "40", "stock": 0},
                {"price": "80", "option1": "41", "stock": 3},
            ],
        )
    html = get("/products/boots/").content.decode()
    assert "https://schema.org/OutOfStock" in html and "https://schema.org/InStock" in html
    # The first available variant is chosen by default.
    assert titles(get("/collections/all/", available="1")) == ["Boots"]
