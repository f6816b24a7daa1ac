"""A merchant reads the Home dashboard's sales overview and a report, on a laptop and on
a phone; screenshots of both are kept (docs/screenshots with SOUK_SCREENSHOTS=1)."""

from __future__ import annotations

import os
import random
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))
WIDTHS = (1280, 390)


def _shot(page, name: str) -> Path:
    """The whole page: Wagtail scrolls its main column, not the document, so the
    viewport is made as tall as the content first."""
    width = page.viewport_size["width"]
    height = page.evaluate(
        "Math.max(document.documentElement.scrollHeight,"
        " ...[...document.querySelectorAll('main, .content-wrapper')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": max(900, height + 40)})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"analytics-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("SOUK_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"analytics-{name}.png"), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})
    return path


def _sales_history(shop) -> None:
    """Sixty days of orders through the services, dated back, then the aggregates
    rebuilt from them (what ``analytics_rebuild`` does for a shop's older orders)."""
    from catalog.services import collection_create
    from orders.figures import orders_figures_rebuild
    from orders.models import Order
    from orders.services import order_mark_paid, order_refund
    from tests.analytics.conftest import place_with
    from tests.orders.conftest import variant_with_stock

    rng = random.Random(14)
    with schema_context(shop.schema_name):
        products = [
            variant_with_stock(title=title, price=price, on_hand=5000)
            for title, price in (
                ("Linen shirt", 49),
                ("Wool scarf", 35),
                ("Canvas tote", 19),
                ("Leather belt", 59),
                ("Cotton socks", 9),
            )
        ]
        collection_create(
            title="Summer", handle="summer", products=[p.product for p in products[:3]]
        )
        now = timezone.now()
        for n in range(140):
            variant = rng.choice(products)
            quantity = rng.randint(1, 3)
            code = rng.choice(["", "", "", "WELCOME10", "SUMMER"])
            discount = (variant.price * quantity / 10).quantize(Decimal("0.01")) if code else 0
            order = place_with(
                email=f"customer{rng.randint(1, 60)}@example.com",
                lines=[(variant, quantity, str(variant.price), str(discount))],
                discount_code=code,
                country=rng.choice(["DE", "DE", "FR", "GB", "US", "NL"]),
            )
            order = order_mark_paid(order=order, amount=order.total, reference="pi", actor="t")
            if n % 11 == 0:
                order_refund(order=order, amount="5.00", reason="damaged", actor="owner")
            age = timedelta(days=59 * (1 - n / 140) ** 1.3, hours=rng.randint(0, 12))
            Order.objects.filter(pk=order.pk).update(placed_at=now - age)
            order.refunds.update(created_at=now - age + timedelta(hours=1))
        orders_figures_rebuild()


def test_dashboard_and_a_report_on_a_laptop_and_a_phone(
    committed_shop_factory, page, shop_url, admin_login
):
    shop = committed_shop_factory("ledger", name="Ledger & Co")
    _sales_history(shop)
    admin_login(shop)

    page.goto(shop_url(shop, "/admin/?period=30d"))
    panel = page.locator("section.souk-analytics")
    assert panel.get_by_role("heading", name="Sales overview").is_visible()
    assert panel.locator(".souk-card").count() == 4
    assert panel.locator(".souk-chart svg").count() == 4
    assert "$" in panel.locator("[data-metric=sales] .souk-card__value").inner_text()

    # The period picker: 7 days, then a custom period, each beside the one before it.
    panel.get_by_role("link", name="Last 7 days").click()
    page.wait_for_url("**/admin/?period=7d")
    assert "compared with" in page.locator(".souk-analytics__range").inner_text()
    page.locator(".souk-period__custom summary").first.click()
    today = timezone.localdate()
    page.locator("input[name=from]").first.fill((today - timedelta(days=13)).isoformat())
    page.locator("input[name=to]").first.fill(today.isoformat())
    page.get_by_role("button", name="Show").first.click()
    page.wait_for_url("**period=custom**")
    page.goto(shop_url(shop, "/admin/?period=30d"))

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{overflow}px of sideways scroll at {width}px"
        _shot(page, f"dashboard-{width}")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="View reports").click()
    page.get_by_role("link", name="Sales by product").click()
    page.wait_for_url("**/admin/analytics/products/**")
    table = page.locator("table.souk-report__table")
    assert "Linen shirt" in table.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    assert download.value.suggested_filename.startswith("products-")

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{overflow}px of sideways scroll at {width}px"
        _shot(page, f"report-products-{width}")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(shop_url(shop, "/admin/analytics/sales/?period=90d"))
    _shot(page, "report-sales-1280")
