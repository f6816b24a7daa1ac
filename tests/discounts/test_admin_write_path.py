"""Every discount admin form writes through ``discounts.services``.

The form only checks what was typed; what the service normalises (a free-shipping
code holds no value, a code for everything holds no collections) and its audit entry
show that the write went through it. Bad posts show the error and write nothing.
"""

from __future__ import annotations

from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from discounts import viewsets
from discounts.models import DiscountCode
from discounts.services import discount_code_create
from tests.support.admin_forms import ALPHA, OWNER, admin_post, audit_entry
from tests.support.service_calls import service_calls

LIST = "/admin/discounts/codes/"


def test_create_normalises_through_the_service(shop_a, owner_client, catalog):
    sale = catalog["sale"]
    response = admin_post(
        owner_client,
        LIST + "add/",
        code="SHIPFREE",
        kind="free_shipping",
        value="7",
        applies_to="all",
        collections=[str(sale.pk)],
    )
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        discount = DiscountCode.objects.get(code="SHIPFREE")
        assert discount.value == 0
        assert not discount.collections.exists()
    assert audit_entry(shop_a, "wagtail.create", discount).user.email == OWNER


def test_edit_normalises_through_the_service(shop_a, owner_client, alpha):
    discount = discount_code_create(code="SPRING", kind="percentage", value=15)
    response = admin_post(owner_client, f"{LIST}edit/{discount.pk}/", kind="free_shipping")
    assert response.status_code == 302, response.context["form"].errors
    discount.refresh_from_db()
    assert (discount.kind, discount.value) == ("free_shipping", 0)
    assert audit_entry(shop_a, "wagtail.edit", discount).user.email == OWNER


def test_a_bad_post_shows_the_error_and_writes_nothing(shop_a, owner_client):
    response = admin_post(owner_client, LIST + "add/", code="HUGE", kind="percentage", value="150")
    assert response.status_code == 200
    assert response.context["form"].errors["value"] == [
        "Enter a percentage above 0 and at most 100."
    ]
    with schema_context(shop_a.schema_name):
        assert not DiscountCode.objects.exists()
        created = ModelLogEntry.objects.filter(action="wagtail.create")
        assert not created.filter(content_type__model="discountcode").exists()


def test_delete_goes_through_the_service(shop_a, owner_client, alpha, monkeypatch):
    calls = service_calls(monkeypatch, viewsets, "discount_code_delete")
    discount = discount_code_create(code="GONE", kind="fixed", value=5)
    response = owner_client.post(f"{LIST}delete/{discount.pk}/", HTTP_HOST=ALPHA)
    assert response.status_code == 302
    assert [c["discount"].code for c in calls] == ["GONE"]
    assert not DiscountCode.objects.exists()
    assert audit_entry(shop_a, "wagtail.delete", discount).user.email == OWNER


def test_bulk_delete_goes_through_the_service(shop_a, owner_client, alpha):
    codes = [discount_code_create(code=f"BULK{i}", kind="fixed", value=5) for i in range(2)]
    ids = "&".join(f"id={d.pk}" for d in codes)
    owner_client.post(f"/admin/bulk/discounts/discountcode/delete/?{ids}", HTTP_HOST=ALPHA)
    assert not DiscountCode.objects.exists()
    for discount in codes:
        assert audit_entry(shop_a, "wagtail.delete", discount).user.email == OWNER
