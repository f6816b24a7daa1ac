"""Usage snapshots: counted in each shop's schema, stored in public."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from shops.models import Shop, ShopUsage
from shops.tasks import refresh_shop_usage_all_shops
from shops.usage import schema_counts, shop_usage_refresh


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _add_product(shop, title):
    from catalog.services.products import product_create

    with schema_context(shop.schema_name):
        product_create(title=title)


def test_counts_come_from_the_shops_own_schema(shop_a, shop_b, media_root):
    _add_product(shop_a, "Mug")
    _add_product(shop_a, "Bowl")
    with schema_context(shop_a.schema_name):
        default_storage.save("images/a.bin", ContentFile(b"x" * 1500))
    a = shop_usage_refresh(shop_id=shop_a.pk)
    b = shop_usage_refresh(shop_id=shop_b.pk)
    assert (a.products, a.orders) == (2, 0)
    assert (b.products, b.orders) == (0, 0)  # beta's schema knows nothing of alpha's
    assert a.media_bytes == 1500 and b.media_bytes == 0
    assert a.database_bytes > 0
    assert a.storage_bytes == a.database_bytes + 1500
    assert ShopUsage.objects.get(shop=shop_a).products == 2


def test_one_query_per_schema(shop_a):
    with CaptureQueriesContext(connection) as queries:
        schema_counts(shop_a.schema_name)
    selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1  # (django-tenants may add its SET search_path)
    assert len(queries) <= 2


def test_refresh_replaces_the_snapshot(shop_a, media_root):
    shop_usage_refresh(shop_id=shop_a.pk)
    _add_product(shop_a, "Mug")
    shop_usage_refresh(shop_id=shop_a.pk)
    assert ShopUsage.objects.filter(shop=shop_a).count() == 1
    assert ShopUsage.objects.get(shop=shop_a).products == 1


def test_closed_or_missing_shops_are_skipped(shop_a, media_root):
    Shop.objects.filter(pk=shop_a.pk).update(status="closed")
    assert shop_usage_refresh(shop_id=shop_a.pk) is None
    assert shop_usage_refresh(shop_id=999_999) is None


def test_periodic_task_refreshes_every_serving_shop(shop_a, shop_b, media_root):
    assert refresh_shop_usage_all_shops() == 2
    assert set(ShopUsage.objects.values_list("shop__subdomain", flat=True)) == {"alpha", "beta"}
