"""The setup guide on the admin's Home: steps from the shop's state, review, dismiss."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from setup_guide.models import SetupGuide
from setup_guide.selectors import setup_steps
from tests.support.shop_admin import shop_admin_login, shop_staff_account

HOST_A, HOST_B = "alpha.souk.test", "beta.souk.test"


def _done(shop) -> dict[str, bool]:
    with schema_context(shop.schema_name):
        return {step.key: step.done for step in setup_steps(shop=shop)}


def _progress(client, host=HOST_A) -> str:
    body = client.get("/admin/", HTTP_HOST=host).content.decode()
    found = re.search(r"data-setup-progress>([^<]+)<", body)
    return found.group(1) if found else ""


@pytest.fixture
def owner_a(client, shop_a):
    return shop_admin_login(client, host=HOST_A)


def test_a_new_shop_starts_with_nothing_done(shop_a, owner_a):
    assert _done(shop_a) == dict.fromkeys(
        ["product", "theme", "shipping", "taxes", "payments", "domain", "test_order"], False
    )
    body = owner_a.get("/admin/", HTTP_HOST=HOST_A).content.decode()
    assert "0 of 7 done" in body
    # Each step links to the page that completes it; a US shop is told it has no tax.
    for url in [
        "/admin/catalog/products/add/",
        "/admin/theme/",
        "/admin/shipping/zones/",
        "/admin/taxes/rates/",
        "/admin/payments/",
        "/admin/domains/",
    ]:
        assert f'href="{url}"' in body
    assert "No tax is configured" in body


def test_steps_tick_from_the_shops_own_data(shop_a):
    from catalog.services import product_create
    from orders.services import order_place
    from shops.models import Domain
    from tests.orders.conftest import placed_order
    from themes.services import theme_activate

    with schema_context(shop_a.schema_name):
        product_create(title="Figs", variants=[{"sku": "FIG-1", "price": 3}])
        theme_activate(theme="bold")
        order_place(placed=placed_order(), actor="checkout")
    connection.set_schema_to_public()
    Domain.objects.create(domain="figs.example", tenant=shop_a, verified_at=timezone.now())
    done = _done(shop_a)
    assert [k for k, v in done.items() if v] == ["product", "theme", "domain", "test_order"]


def test_the_theme_step_reads_the_shops_theme_settings_not_the_public_row(shop_a):
    """``Shop.theme`` is what a shop started with; the admin writes ThemeSettings."""
    connection.set_schema_to_public()
    shop_a.theme = "bold"
    shop_a.save(update_fields=["theme"])
    assert _done(shop_a)["theme"] is False


def test_changing_a_default_in_the_admin_counts_as_reviewing_it(shop_a):
    from accounts.models import User
    from shipping.models import ShippingZone
    from shipping.services import shipping_zone_update

    with schema_context(shop_a.schema_name):
        staff = User.objects.get()
        shipping_zone_update(zone=ShippingZone.objects.first(), name="Home", user=staff)
    assert _done(shop_a)["shipping"] is True
    assert _done(shop_a)["taxes"] is False


def test_the_merchant_says_a_default_is_right(shop_a, owner_a):
    for step in ("shipping", "taxes", "payments"):
        response = owner_a.post(f"/admin/setup-guide/{step}/reviewed/", HTTP_HOST=HOST_A)
        assert response.status_code == 302
    done = _done(shop_a)
    assert done["shipping"] and done["taxes"] and done["payments"]
    assert _progress(owner_a) == "3 of 7 done"
    refused = owner_a.post("/admin/setup-guide/product/reviewed/", HTTP_HOST=HOST_A)
    assert refused.status_code == 302
    assert _done(shop_a)["product"] is False


def _everything_done(shop, client):
    from catalog.services import product_create
    from orders.services import order_place
    from shops.models import Domain
    from tests.orders.conftest import placed_order
    from themes.services import theme_activate

    with schema_context(shop.schema_name):
        product_create(title="Figs", variants=[{"sku": "FIG-1", "price": 3}])
        theme_activate(theme="bold")
        order_place(placed=placed_order(), actor="checkout")
    connection.set_schema_to_public()
    Domain.objects.create(domain="figs.example", tenant=shop, verified_at=timezone.now())
    for step in ("shipping", "taxes", "payments"):
        client.post(f"/admin/setup-guide/{step}/reviewed/", HTTP_HOST=HOST_A)


def test_the_guide_hides_only_once_everything_is_done(shop_a, owner_a):
    owner_a.post("/admin/setup-guide/dismiss/", HTTP_HOST=HOST_A)
    assert _progress(owner_a) == "0 of 7 done"
    _everything_done(shop_a, owner_a)
    body = owner_a.get("/admin/", HTTP_HOST=HOST_A).content.decode()
    assert "Your shop is set up" in body and "7 of 7 done" in body
    owner_a.post("/admin/setup-guide/dismiss/", HTTP_HOST=HOST_A)
    assert "data-setup-guide" not in owner_a.get("/admin/", HTTP_HOST=HOST_A).content.decode()
    with schema_context(shop_a.schema_name):
        assert SetupGuide.objects.get().dismissed_at is not None


def test_each_shop_keeps_its_own_answers(shop_a, shop_b, owner_a):
    owner_a.post("/admin/setup-guide/shipping/reviewed/", HTTP_HOST=HOST_A)
    assert _done(shop_a)["shipping"] is True
    assert _done(shop_b)["shipping"] is False
    with schema_context(shop_b.schema_name):
        assert not SetupGuide.objects.exists()


def test_staff_without_admin_rights_neither_see_nor_change_it(shop_a, client):
    account = shop_staff_account(shop_a, "clerk@example.com", permissions=["products"])
    shop_admin_login(client, host=HOST_A, email=account.email)
    assert "data-setup-guide" not in client.get("/admin/", HTTP_HOST=HOST_A).content.decode()
    client.post("/admin/setup-guide/shipping/reviewed/", HTTP_HOST=HOST_A)
    assert _done(shop_a)["shipping"] is False


def test_the_panel_costs_the_same_however_much_the_shop_holds(
    shop_a, owner_a, django_assert_max_num_queries
):
    from catalog.services import product_create
    from shipping.services import shipping_zone_create
    from taxes.services import tax_rate_create

    owner_a.get("/admin/", HTTP_HOST=HOST_A)
    with django_assert_max_num_queries(200) as before:
        owner_a.get("/admin/", HTTP_HOST=HOST_A)
    with schema_context(shop_a.schema_name):
        for n in range(15):
            product_create(title=f"P{n}", variants=[{"sku": f"P{n}", "price": 3}])
        for code in ["FR", "DE", "BE", "NL", "IT"]:
            shipping_zone_create(name=code, countries=[code])
            tax_rate_create(country=code, name="VAT", rate="0.2")
    with django_assert_max_num_queries(len(before.captured_queries)):
        owner_a.get("/admin/", HTTP_HOST=HOST_A)


def test_the_panel_alone_asks_a_fixed_handful_of_queries(shop_a, django_assert_max_num_queries):
    with schema_context(shop_a.schema_name), django_assert_max_num_queries(12):
        setup_steps(shop=shop_a)
