"""Every catalog admin form writes through ``catalog.services``.

Each test posts the real form over HTTP as the signed-in owner and asserts what only
the service does — the plan's product limit, the derived columns (price range,
option values, search), whitespace collapsed in names, the catalogue version, the
audit entry with the staff user — and that a bad post shows its error and writes
nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from billing.models import Plan
from billing.trials import subscription_trial_start
from catalog.models import Collection, Product
from catalog.services import collection_create, product_create
from catalog.versions import catalog_version
from tests.catalog.conftest import ALPHA, form_data
from tests.catalog_admin.conftest import editor_data, product_post

PRODUCTS = "/admin/catalog/products/"
COLLECTIONS = "/admin/catalog/collections/"
OWNER = "owner-alpha@example.com"


def _form(client, url):
    response = client.get(url, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    return form_data(response.context["form"])


def _new_product(client, **fields):
    data = product_post(
        title="Blue   lamp",
        options=[("Size", ["S", "M"])],
        rows=[
            {"key": ["S"], "price": "3", "sku": "LAMP-S"},
            {"key": ["M"], "price": "5.50", "sku": "LAMP-M"},
        ],
    )
    data.update(fields)
    return client.post(PRODUCTS + "add/", data, HTTP_HOST=ALPHA)


def _editor(client, url):
    response = client.get(url, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    return editor_data(response.context["form"])


def _entries(shop, action, obj):
    with schema_context(shop.schema_name):
        return list(
            ModelLogEntry.objects.for_instance(obj).filter(action=action).select_related("user")
        )


def _existing(shop, title="Desk"):
    with schema_context(shop.schema_name):
        return product_create(
            title=title,
            options=[("Size", ["S", "M"])],
            variants=[
                {"option1": "S", "price": 10, "sku": f"{title}-S"},
                {"option1": "M", "price": 12, "sku": f"{title}-M"},
            ],
        )


# --- Products -------------------------------------------------------------------------


def test_product_create_goes_through_the_service(
    shop_a, owner_client, django_capture_on_commit_callbacks
):
    with schema_context(shop_a.schema_name):
        before = catalog_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = _new_product(owner_client)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        product = Product.objects.get(variants__sku="LAMP-S")
        assert product.title == "Blue lamp"  # text_clean: inner spaces collapsed
        assert (product.min_price, product.max_price) == (Decimal("3.00"), Decimal("5.50"))
        assert product.option_values == ["M", "S"]
        assert list(Product.objects.search("LAMP-M")) == [product]
        assert catalog_version() != before
    (entry,) = _entries(shop_a, "wagtail.create", product)
    assert entry.user.email == OWNER


def test_product_create_over_the_plan_limit_is_refused_on_the_form(shop_a, owner_client):
    Plan.objects.filter(code="starter").update(max_products=1)
    subscription_trial_start(shop=shop_a)
    _existing(shop_a)
    response = _new_product(owner_client)
    assert response.status_code == 200
    assert "Starter plan allows 1 products" in response.content.decode()
    with schema_context(shop_a.schema_name):
        assert not Product.objects.filter(variants__sku="LAMP-S").exists()


def test_product_create_with_a_bad_variant_writes_nothing(shop_a, owner_client):
    response = _new_product(owner_client, **{"variant-price": ["3", "abc"]})
    assert response.status_code == 200
    assert response.context["form"].grid[1].errors["price"] == "Enter an amount."
    with schema_context(shop_a.schema_name):
        assert not Product.objects.exists()


def test_product_edit_with_its_variants_goes_through_the_service(
    shop_a, owner_client, django_capture_on_commit_callbacks
):
    product = _existing(shop_a)
    url = f"{PRODUCTS}edit/{product.pk}/"
    data = _editor(owner_client, url)
    data["title"] = "Standing   desk"
    data["variant-price"][0] = "8"
    # "M" renamed "XL": the M variant goes (confirmed), an XL variant comes.
    data["option1_values"] = "S, XL"
    data["variant-key"][1] = '["XL"]'
    data["confirm_removal"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, data, HTTP_HOST=ALPHA)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        product.refresh_from_db()
        assert product.title == "Standing desk"
        assert (product.min_price, product.max_price) == (Decimal("8.00"), Decimal("12.00"))
        assert product.option_values == ["S", "XL"]
    (entry,) = _entries(shop_a, "wagtail.edit", product)
    assert entry.user.email == OWNER


def test_product_edit_deleting_a_variant_refreshes_the_price_range(shop_a, owner_client):
    product = _existing(shop_a)
    url = f"{PRODUCTS}edit/{product.pk}/"
    data = _editor(owner_client, url)
    data["option1_values"] = "S"
    for name in [k for k in data if k.startswith("variant-")]:
        data[name] = data[name][:1]
    data["confirm_removal"] = "on"
    response = owner_client.post(url, data, HTTP_HOST=ALPHA)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        product.refresh_from_db()
        assert list(product.variants.values_list("sku", flat=True)) == ["Desk-S"]
        assert (product.min_price, product.max_price) == (Decimal("10.00"), Decimal("10.00"))
        assert product.option_values == ["S"]


def test_product_edit_refused_by_the_service_shows_the_error_and_writes_nothing(
    shop_a, owner_client
):
    product = _existing(shop_a)
    url = f"{PRODUCTS}edit/{product.pk}/"
    data = _editor(owner_client, url)
    data.update({"title": "Renamed", "option2_name": "size", "option2_values": "x"})
    response = owner_client.post(url, data, HTTP_HOST=ALPHA)
    assert response.status_code == 200
    assert "Two options have the same name." in response.content.decode()
    with schema_context(shop_a.schema_name):
        product.refresh_from_db()
        assert product.title == "Desk" and product.option2_name == ""
    assert not _entries(shop_a, "wagtail.edit", product)


def test_product_delete_goes_through_the_service(
    shop_a, owner_client, django_capture_on_commit_callbacks
):
    product = _existing(shop_a)
    with schema_context(shop_a.schema_name):
        before = catalog_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(f"{PRODUCTS}delete/{product.pk}/", HTTP_HOST=ALPHA)
    assert response.status_code == 302
    with schema_context(shop_a.schema_name):
        assert not Product.objects.filter(pk=product.pk).exists()
        assert catalog_version() != before
    (entry,) = _entries(shop_a, "wagtail.delete", product)
    assert entry.user.email == OWNER


def test_product_bulk_delete_goes_through_the_service(
    shop_a, owner_client, django_capture_on_commit_callbacks
):
    desk, chair = _existing(shop_a), _existing(shop_a, title="Chair")
    with schema_context(shop_a.schema_name):
        before = catalog_version()
    url = f"/admin/bulk/catalog/product/delete/?id={desk.pk}&id={chair.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(url, HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        assert not Product.objects.exists()
        assert catalog_version() != before
    for product in (desk, chair):
        (entry,) = _entries(shop_a, "wagtail.delete", product)
        assert entry.user.email == OWNER


def test_bulk_publish_goes_through_the_service(shop_a, owner_client):
    product = _existing(shop_a)
    owner_client.post(f"/admin/bulk/catalog/product/publish/?id={product.pk}", HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        product.refresh_from_db()
        assert product.status == "active" and product.published_at is not None
    (entry,) = _entries(shop_a, "catalog.product.publish", product)
    assert entry.user.email == OWNER


# --- Collections ----------------------------------------------------------------------


def _new_collection(client, **fields):
    data = _form(client, COLLECTIONS + "add/")
    data.update({"title": "Summer   sale", "kind": "manual", "match": "all", **fields})
    return client.post(COLLECTIONS + "add/", data, HTTP_HOST=ALPHA)


def test_collection_create_goes_through_the_service(
    shop_a, owner_client, django_capture_on_commit_callbacks
):
    desk, chair = _existing(shop_a), _existing(shop_a, title="Chair")
    with schema_context(shop_a.schema_name):
        before = catalog_version()
    members = {
        "memberships-TOTAL_FORMS": "2",
        "memberships-0-product": str(chair.pk),
        "memberships-0-ORDER": "1",
        "memberships-1-product": str(desk.pk),
        "memberships-1-ORDER": "2",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _new_collection(owner_client, **members)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        collection = Collection.objects.get()
        assert collection.title == "Summer sale"
        assert collection.handle == "summer-sale"
        assert list(collection.memberships.values_list("product_id", flat=True)) == [
            chair.pk,
            desk.pk,
        ]
        assert catalog_version() != before
    (entry,) = _entries(shop_a, "wagtail.create", collection)
    assert entry.user.email == OWNER


def test_collection_with_a_bad_rule_writes_nothing(shop_a, owner_client):
    rule = {
        "rules-TOTAL_FORMS": "1",
        "rules-0-field": "price",
        "rules-0-relation": "greater_than",
        "rules-0-value": "abc",
        "rules-0-ORDER": "1",
    }
    response = _new_collection(owner_client, kind="automatic", **rule)
    assert response.status_code == 200
    sub = response.context["form"].formsets["rules"].forms[0]
    assert "“abc” is not a price." in sub.errors["value"]
    with schema_context(shop_a.schema_name):
        assert not Collection.objects.exists()


def test_collection_edit_and_delete_go_through_the_service(
    shop_a, owner_client, django_capture_on_commit_callbacks
):
    with schema_context(shop_a.schema_name):
        collection = collection_create(
            title="Hats", rules=[("tag", "equals", "hat")], kind="automatic"
        )
        before = catalog_version()
    url = f"{COLLECTIONS}edit/{collection.pk}/"
    data = _form(owner_client, url)
    data.update({"title": "Hats   and caps", "rules-0-value": "  cap "})
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url, data, HTTP_HOST=ALPHA)
    assert response.status_code == 302, response.context["form"].errors
    with schema_context(shop_a.schema_name):
        collection.refresh_from_db()
        assert collection.title == "Hats and caps"
        assert list(collection.rules.values_list("value", flat=True)) == ["cap"]
        edited = catalog_version()
        assert edited != before
    (entry,) = _entries(shop_a, "wagtail.edit", collection)
    assert entry.user.email == OWNER
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(f"{COLLECTIONS}delete/{collection.pk}/", HTTP_HOST=ALPHA)
    with schema_context(shop_a.schema_name):
        assert not Collection.objects.exists()
        assert catalog_version() != edited
    assert _entries(shop_a, "wagtail.delete", collection)
