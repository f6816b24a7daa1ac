"""``generate_catalog``: bulk-loaded products equal to what the services would make."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min
from django_tenants.utils import schema_context

from catalog.models import Product, ProductImage, Variant
from catalog.services import product_refresh_derived
from demo.catalog_generator import catalog_generate, generated_products
from inventory.models import StockLevel


def test_generates_products_variants_images_and_stock(alpha):
    report = catalog_generate(products=200, variants_per_product=3, batch=70)

    assert (report.products, report.variants, report.images) == (200, 600, 200)
    assert Product.objects.count() == 200 and Variant.objects.count() == 600
    assert report.stock_levels == StockLevel.objects.count() == 600
    assert ProductImage.objects.values("image").distinct().count() <= 10
    per_product = Product.objects.annotate(n=Count("variants")).values_list("n", flat=True)
    assert set(per_product) == {3}
    handles = list(generated_products().values_list("handle", flat=True))
    assert len(handles) == 200 and min(handles).startswith("gen-0000001-")
    assert Product.objects.filter(status="active").count() > 150
    assert report.rows_per_second > 0


def test_derived_fields_match_the_services(alpha):
    catalog_generate(products=200, variants_per_product=3, batch=64)

    rows = Product.objects.annotate(lo=Min("variants__price"), hi=Max("variants__price"))
    assert all((p.min_price, p.max_price) == (p.lo, p.hi) for p in rows)
    sample = list(Product.objects.order_by("id")[::37])
    generated = {p.pk: p.search_vector for p in sample}
    product_refresh_derived(products=sample)
    refreshed = dict(Product.objects.filter(pk__in=generated).values_list("pk", "search_vector"))
    assert refreshed == generated
    # in_stock as the services compute it: the whole-shop repair finds nothing to fix.
    from catalog.services import catalog_listing_reconcile

    assert Product.objects.filter(in_stock=True).exists()
    assert catalog_listing_reconcile() == 0
    sku = Variant.objects.order_by("id").first().sku
    assert Product.objects.search(sku).exists()


def test_refuses_a_second_run_unless_appending(alpha):
    catalog_generate(products=50, variants_per_product=2)
    with pytest.raises(ValidationError, match="--append"):
        catalog_generate(products=50, variants_per_product=2)
    assert Product.objects.count() == 50

    catalog_generate(products=30, variants_per_product=2, append=True)

    assert Product.objects.count() == 80
    assert generated_products().order_by("-handle").first().handle.startswith("gen-0000080-")


@pytest.mark.parametrize("bad", [{"products": 0}, {"products": 5, "variants_per_product": 0}])
def test_bad_sizes_are_refused(alpha, bad):
    with pytest.raises(ValidationError):
        catalog_generate(**bad)
    assert not Product.objects.exists()


def test_command(shop_a, capsys):
    call_command("generate_catalog", shop="alpha", products=200, variants_per_product=3)
    out = capsys.readouterr().out
    assert "200 products, 600 variants" in out and "rows/s" in out
    with schema_context(shop_a.schema_name):
        assert Product.objects.count() == 200

    with pytest.raises(CommandError, match="--append"):
        call_command("generate_catalog", shop="alpha", products=10)
    with pytest.raises(CommandError, match="No shop"):
        call_command("generate_catalog", shop="nowhere", products=10)
