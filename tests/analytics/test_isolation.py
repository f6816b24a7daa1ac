"""One shop's sales never appear in another shop's aggregates, dashboard or reports."""

from __future__ import annotations

from django.utils.datastructures import MultiValueDict
from django_tenants.utils import schema_context

from analytics.models import DailyProductSales, DailySales, OrderContribution
from analytics.panels import dashboard_context
from orders.figures import orders_figures_rebuild
from tests.analytics.conftest import place_with
from tests.orders.conftest import BETA, login


def test_aggregates_stay_in_their_shop(shop_a, shop_b, client):
    with schema_context(shop_a.schema_name):
        place_with(email="ada@example.com")
        assert DailySales.objects.get().orders == 1
    with schema_context(shop_b.schema_name):
        assert not DailySales.objects.exists()
        assert not OrderContribution.objects.exists()
        assert dashboard_context(MultiValueDict())["cards"][1]["value"] == "0"
        # A rebuild in B reads B's orders only and leaves A's rows alone.
        assert orders_figures_rebuild() == 0
    with schema_context(shop_a.schema_name):
        assert DailySales.objects.get().orders == 1
        assert DailyProductSales.objects.count() == 1

    login(client, BETA, "owner-beta@example.com")
    report = client.get("/admin/analytics/products/", HTTP_HOST=BETA).content.decode()
    assert "Teapot" not in report and "No sales in this period." in report
    export = client.get("/admin/analytics/products/export/", HTTP_HOST=BETA).content.decode()
    assert "Teapot" not in export and len(export.strip().splitlines()) == 1
