"""Discount codes in shop A's Wagtail admin, as the shop's owner."""

from __future__ import annotations

from django_tenants.utils import schema_context

from discounts.models import DiscountCode
from discounts.services import discount_code_create
from tests.support.admin_forms import ALPHA, form_data

LIST = "/admin/discounts/codes/"
ADD = LIST + "add/"


def _post(client, url, **fields):
    form = client.get(url, HTTP_HOST=ALPHA).context["form"]
    data = {**form_data(form), **fields}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(url, data, HTTP_HOST=ALPHA)


def test_the_menu_lists_codes_with_their_use(shop_a, owner_client):
    with schema_context(shop_a.schema_name):
        discount_code_create(code="SPRING", kind="percentage", value=15, usage_limit=100)
    page = owner_client.get(LIST, HTTP_HOST=ALPHA).content.decode()
    assert "SPRING" in page and "0 / 100" in page
    assert "Discounts" in owner_client.get("/admin/", HTTP_HOST=ALPHA).content.decode()


def test_create_a_code(shop_a, owner_client):
    response = _post(owner_client, ADD, code=" WELCOME5 ", kind="fixed", value="5.00")
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        created = DiscountCode.objects.get()
        assert (created.code, created.kind, created.value) == ("WELCOME5", "fixed", 5)


def test_free_shipping_ignores_the_value(shop_a, owner_client):
    response = _post(owner_client, ADD, code="SHIP", kind="free_shipping", value="")
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        assert DiscountCode.objects.get().value == 0


def _errors(response, field):
    assert response.status_code == 200
    return response.context["form"].errors.get(field, [])


def test_duplicate_code_in_another_case_is_explained(shop_a, owner_client):
    with schema_context(shop_a.schema_name):
        discount_code_create(code="SUMMER", kind="percentage", value=10)
    response = _post(owner_client, ADD, code="summer", kind="percentage", value="10")
    assert _errors(response, "code") == ["The code “summer” already exists (codes ignore case)."]


def test_percentage_over_100_is_explained(shop_a, owner_client):
    response = _post(owner_client, ADD, code="HUGE", kind="percentage", value="150")
    assert _errors(response, "value") == ["Enter a percentage above 0 and at most 100."]
    with schema_context(shop_a.schema_name):
        assert not DiscountCode.objects.exists()


def test_collections_mode_without_collections_is_explained(shop_a, owner_client):
    response = _post(owner_client, ADD, code="C", kind="fixed", value="1", applies_to="collections")
    assert _errors(response, "collections") == ["Choose at least one collection."]


def test_edit_keeps_times_used(shop_a, owner_client):
    with schema_context(shop_a.schema_name):
        code = discount_code_create(code="KEEP", kind="fixed", value=1)
        DiscountCode.objects.filter(pk=code.pk).update(times_used=3)
    url = f"{LIST}edit/{code.pk}/"
    response = _post(owner_client, url, value="2.00", times_used="0")
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        code.refresh_from_db()
        assert (code.value, code.times_used) == (2, 3)
