"""The storefront settings and menus forms write through ``cms.services``.

Wagtail's settings forms would save the same row; the tests prove the path by the
service call (the service still runs, for real) and its audit entry, and that a bad
post shows its error and writes nothing.
"""

from __future__ import annotations

import json

from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry, Site

from cms import menu_editor, wagtail_hooks
from cms.models import NavigationSettings, StorefrontSettings
from tests.cms.conftest import HOST_A, login
from tests.support.admin_forms import form_data
from tests.support.service_calls import service_calls

OWNER = "owner-alpha@example.com"


def _site_pk(shop):
    with schema_context(shop.schema_name):
        return Site.objects.get(is_default_site=True).pk


def _post(client, url, **fields):
    data = {**form_data(client.get(url, HTTP_HOST=HOST_A).context["form"]), **fields}
    return client.post(url, data, HTTP_HOST=HOST_A)


def _entries(shop, model):
    with schema_context(shop.schema_name):
        setting = model.for_site(Site.objects.get(is_default_site=True))
        return list(
            ModelLogEntry.objects.for_instance(setting)
            .filter(action="wagtail.edit")
            .select_related("user")
        )


def test_storefront_settings_go_through_the_service(client, shop_a, monkeypatch):
    login(client, shop_a, HOST_A)
    calls = service_calls(monkeypatch, wagtail_hooks, "storefront_settings_update")
    url = f"/admin/settings/cms/storefrontsettings/{_site_pk(shop_a)}/"
    response = _post(client, url, announcement="Free shipping", contact_phone="+33 1 23")
    assert response.status_code == 302, response.context["form"].errors
    assert len(calls) == 1 and calls[0]["user"].email == OWNER
    with schema_context(shop_a.schema_name):
        settings = StorefrontSettings.for_site(Site.objects.get(is_default_site=True))
        assert (settings.announcement, settings.contact_phone) == ("Free shipping", "+33 1 23")
    (entry,) = _entries(shop_a, StorefrontSettings)
    assert entry.user.email == OWNER


def test_a_bad_link_is_refused_and_nothing_written(client, shop_a):
    login(client, shop_a, HOST_A)
    url = f"/admin/settings/cms/storefrontsettings/{_site_pk(shop_a)}/"
    response = _post(client, url, announcement="Sale", announcement_link="javascript:alert(1)")
    assert response.status_code == 200
    assert "announcement_link" in response.context["form"].errors
    with schema_context(shop_a.schema_name):
        settings = StorefrontSettings.for_site(Site.objects.get(is_default_site=True))
        assert settings.announcement != "Sale"
    assert not _entries(shop_a, StorefrontSettings)


def test_menus_go_through_the_service(client, shop_a, monkeypatch):
    login(client, shop_a, HOST_A)
    calls = service_calls(monkeypatch, menu_editor, "menu_save")
    tree = [{"label": "Journal", "type": "url", "target": "/blog/", "children": []}]
    response = client.post("/admin/menus/header/", {"tree": json.dumps(tree)}, HTTP_HOST=HOST_A)
    assert response.status_code == 302
    assert len(calls) == 1 and calls[0]["user"].email == OWNER and calls[0]["menu"] == "header"
    with schema_context(shop_a.schema_name):
        nav = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
        assert [item.value["label"] for item in nav.header_menu] == ["Journal"]
    # The menus every shop starts with are logged without a user; this edit is the owner's.
    (entry,) = [e for e in _entries(shop_a, NavigationSettings) if e.user is not None]
    assert entry.user.email == OWNER


def test_the_old_menus_form_leads_to_the_editor(client, shop_a):
    login(client, shop_a, HOST_A)
    url = f"/admin/settings/cms/navigationsettings/{_site_pk(shop_a)}/"
    response = client.get(url, HTTP_HOST=HOST_A)
    assert response.status_code == 302 and response["Location"] == "/admin/menus/header/"
