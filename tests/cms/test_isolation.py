"""Shop A's pages, images, documents, menus, submissions and sign-ups are out of shop B's reach.

Wagtail's own tables (pages, images, documents, form submissions) and ours live in
each shop's schema; these tests try to reach A's rows from B's storefront and B's
admin (open, choose, search, export) and find nothing.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django_tenants.utils import schema_context

from tests.cms.conftest import HOST_A, HOST_B, block, image, login, publish
from tests.storefront import builders
from tests.support.sequences import align_identity_sequences

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_data(shop_a, shop_b):
    """Rows in shop A that shop B must never see, with ids that also exist in B."""
    from wagtail.documents import get_document_model
    from wagtail.models import Site

    from cms.models import (
        ContactFormField,
        ContactPage,
        HomePage,
        NavigationSettings,
        NewsletterSignup,
        StandardPage,
    )

    align_identity_sequences(shop_a, shop_b)
    with schema_context(shop_b.schema_name):
        b_home = HomePage.objects.get()
        b_page = publish(b_home, StandardPage(title="Beta page", slug="beta-page"))
        b_image = image("Beta photo")
        b_doc = get_document_model().objects.create(
            title="Beta terms", file=ContentFile(b"beta", name="beta-terms.txt")
        )
    with schema_context(shop_a.schema_name):
        home = HomePage.objects.get()
        secret = publish(
            home,
            StandardPage(
                title="Alpha hidden offer",
                slug="hidden-offer",
                body=[block("rich_text") | {"value": "<p>Alpha only</p>"}],
            ),
        )
        picture = image("Alpha secret photo")
        doc = get_document_model().objects.create(
            title="Alpha price list", file=ContentFile(b"alpha", name="alpha-prices.txt")
        )
        contact = ContactPage(title="Alpha contact", slug="contact")
        contact.form_fields = [ContactFormField(label="Message", field_type="multiline")]
        contact = publish(home, contact)
        contact.get_submission_class().objects.create(
            page=contact, form_data={"message": "Alpha customer secret"}
        )
        NewsletterSignup.objects.create(email="alpha-fan@example.com")
        builders.product("Alpha secret teapot", handle="alpha-teapot")
        nav = NavigationSettings.for_site(Site.objects.get())
        nav.header_menu = [
            {"type": "item", "value": {"label": "Alpha menu link", "url": "/alpha/"}}
        ]
        nav.save()
    return {
        "page": secret,
        "image": picture,
        "doc": doc,
        "contact": contact,
        "b_ids": (b_page.pk, b_image.pk, b_doc.pk),
    }


def test_wagtail_content_tables_are_per_shop_schema(a_data, shop_a, shop_b):
    tables = [
        "wagtailcore_page",
        "wagtailimages_image",
        "wagtaildocs_document",
        "wagtailforms_formsubmission",
        "cms_newslettersignup",
        "cms_navigationsettings",
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, array_agg(table_schema::text) FROM information_schema.tables "
            "WHERE table_name = ANY(%s) GROUP BY table_name",
            [tables],
        )
        found = dict(cursor.fetchall())
    for table in tables:
        assert shop_a.schema_name in found[table] and shop_b.schema_name in found[table]
        assert "public" not in found[table]


def test_storefront_of_b_serves_nothing_of_a(a_data, client, shop_a):
    assert client.get("/hidden-offer/", HTTP_HOST=HOST_A).status_code == 200
    assert client.get("/hidden-offer/", HTTP_HOST=HOST_B).status_code == 404
    page_b = client.get("/beta-page/", HTTP_HOST=HOST_B).content.decode()
    assert "Beta page" in page_b and "Alpha menu link" not in page_b
    assert "Alpha menu link" in client.get("/hidden-offer/", HTTP_HOST=HOST_A).content.decode()
    doc = a_data["doc"]
    response = client.get(f"/documents/{doc.pk}/{doc.filename}", HTTP_HOST=HOST_B)
    assert response.status_code == 404
    client.post("/newsletter/", {"email": "beta-fan@example.com"}, HTTP_HOST=HOST_B)
    with schema_context(shop_a.schema_name):
        from cms.models import NewsletterSignup

        assert list(NewsletterSignup.objects.values_list("email", flat=True)) == [
            "alpha-fan@example.com"
        ]


ADMIN_SEARCHES = [
    ("/admin/pages/search/", "Alpha hidden offer"),
    ("/admin/choose-page/search/", "Alpha hidden offer"),
    ("/admin/images/", "Alpha secret photo"),
    ("/admin/images/chooser/results/", "Alpha secret photo"),
    ("/admin/documents/", "Alpha price list"),
    ("/admin/documents/chooser/results/", "Alpha price list"),
    ("/admin/newsletter/", "alpha-fan@example.com"),
    ("/admin/snippets/choose/catalog/product/", "Alpha secret teapot"),
]


@pytest.mark.parametrize(("url", "secret"), ADMIN_SEARCHES)
def test_b_admin_cannot_search_or_choose_a_content(a_data, client, shop_a, shop_b, url, secret):
    q = secret.split()[0].split("@")[0]
    login(client, shop_a, HOST_A)
    seen_by_a = client.get(url, {"q": q}, HTTP_HOST=HOST_A)
    assert seen_by_a.status_code == 200 and secret in seen_by_a.content.decode(), "control"
    login(client, shop_b, HOST_B)
    response = client.get(url, {"q": q}, HTTP_HOST=HOST_B)
    assert response.status_code == 200
    assert secret not in response.content.decode()


def test_b_admin_cannot_open_a_rows_by_id(a_data, client, shop_b):
    login(client, shop_b, HOST_B)
    b_page, b_image, b_doc = a_data["b_ids"]
    checks = [
        (f"/admin/pages/{a_data['page'].pk}/edit/", "Alpha hidden offer"),
        (f"/admin/images/{a_data['image'].pk}/", "Alpha secret photo"),
        (f"/admin/documents/edit/{a_data['doc'].pk}/", "Alpha price list"),
        (f"/admin/forms/submissions/{a_data['contact'].pk}/", "Alpha customer secret"),
        ("/admin/forms/", "Alpha contact"),
        ("/admin/newsletter/?export=csv", "alpha-fan@example.com"),
        ("/admin/settings/cms/navigationsettings/", "Alpha menu link"),
        ("/admin/menus/header/", "Alpha menu link"),
        ("/admin/menus/footer/", "Alpha menu link"),
    ]
    for url, secret in checks:
        response = client.get(url, HTTP_HOST=HOST_B)
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert response.status_code in (200, 302, 404), url
        assert secret not in body, url
    # The ids were aligned: B's own rows answer at the same ids, so a leak would show.
    assert {a_data["page"].pk, a_data["image"].pk, a_data["doc"].pk} & {b_page, b_image, b_doc}
