"""Content › Menus: the tree the editor shows, and ``menu_save`` checking it whole."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django_tenants.utils import schema_context
from wagtail.models import Site

from cms.menus import MAX_ENTRIES, menu_targets, menu_tree
from cms.models import NavigationSettings, StandardPage
from cms.services import menu_save
from tests.cms.conftest import HOST_A, HOST_B, login, publish
from tests.storefront import builders
from tests.support.shop_admin import shop_admin_login, shop_staff_account

pytestmark = pytest.mark.django_db


def _nav():
    return NavigationSettings.for_site(Site.objects.get(is_default_site=True))


def _site():
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def targets(shop_a, home_a):
    with schema_context(shop_a.schema_name):
        about = publish(home_a, StandardPage(title="About us", slug="about"))
        mug = builders.product("Enamel Mug", handle="enamel-mug")
        kitchen = builders.collection("Kitchen", handle="kitchen", products=[mug])
    return {"page": about.pk, "product": mug.pk, "collection": kitchen.pk}


def _tree(t):
    return [
        {
            "label": "Shop",
            "type": "collection",
            "target": t["collection"],
            "children": [
                {"label": "", "type": "product", "target": t["product"]},
                {"label": "Sale", "type": "url", "target": "/collections/sale/"},
            ],
        },
        {"label": "", "type": "page", "target": t["page"], "children": []},
        {"label": "Help", "type": "url", "target": "", "children": [
            {"label": "Mail us", "type": "url", "target": "mailto:hi@example.com"},
        ]},
    ]  # fmt: skip


def test_a_tree_is_saved_and_read_back_with_titles(shop_a, targets):
    with schema_context(shop_a.schema_name):
        menu_save(site=_site(), menu="header", entries=_tree(targets))
        tree = menu_tree(_nav(), "header")
    assert [e["title"] for e in tree] == ["Kitchen", "About us", ""]
    assert [e["label"] for e in tree] == ["Shop", "", "Help"]
    assert [c["title"] for c in tree[0]["children"]] == ["Enamel Mug", "/collections/sale/"]
    assert tree[2]["children"][0]["target"] == "mailto:hi@example.com"
    assert not any(e.get("missing") for e in tree)


def test_the_storefront_shows_the_new_order_at_once(shop_a, targets):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    def header():
        request = RequestFactory().get("/", HTTP_HOST=HOST_A)
        with schema_context(shop_a.schema_name):
            return render_to_string(
                "cms/partials/header_menu.html", {"request": request}, request=request
            )

    with schema_context(shop_a.schema_name):
        menu_save(site=_site(), menu="header", entries=_tree(targets))
    first = header()
    assert first.index("Shop") < first.index("About us")
    reordered = _tree(targets)
    reordered.reverse()
    with schema_context(shop_a.schema_name):
        menu_save(site=_site(), menu="header", entries=reordered)
    again = header()  # the cached chrome was dropped by the save
    assert again.index("About us") < again.index("Shop")


@pytest.mark.parametrize(
    ("entries", "path", "message"),
    [
        ([{"label": "X", "type": "url", "target": "javascript:alert(1)"}], "1", "web address"),
        ([{"label": "X", "type": "url", "target": ""}], "1", "Choose where this entry goes"),
        ([{"label": "X", "type": "product", "target": 987654}], "1", "no longer exists"),
        ([{"label": "X", "type": "page", "target": 1}], "1", "no longer exists"),  # the root
        ([{"label": "X" * 81, "type": "url", "target": "/a/"}], "1", "at most 80"),
        (
            [{"label": "A", "type": "url", "target": "/a/", "children": [
                {"label": "B", "type": "url", "target": "/b/", "children": [
                    {"label": "C", "type": "url", "target": "/c/"}]}]}],
            "1.1",
            "two levels",
        ),
        (
            [{"label": "A", "type": "url", "target": "/a/", "children": [
                {"label": "B", "type": "url", "target": ""}]}],
            "1.1",
            "Choose where",
        ),
        ([{"label": "X", "type": "bogus", "target": "/a/"}], "1", "could not be read"),
    ],
)  # fmt: skip
def test_a_bad_entry_is_refused_by_path_and_nothing_is_written(shop_a, entries, path, message):
    with schema_context(shop_a.schema_name):
        menu_save(
            site=_site(), menu="header", entries=[{"label": "Kept", "type": "url", "target": "/k/"}]
        )
        with pytest.raises(ValidationError) as error:
            menu_save(site=_site(), menu="header", entries=entries)
        assert message in " ".join(error.value.message_dict[path])
        assert [i.value["label"] for i in _nav().header_menu] == ["Kept"]


def test_a_tree_that_is_not_a_list_or_too_long_is_refused(shop_a):
    with schema_context(shop_a.schema_name):
        with pytest.raises(ValidationError):
            menu_save(site=_site(), menu="header", entries={"label": "x"})
        many = [
            {"label": f"{i}", "type": "url", "target": f"/{i}/"} for i in range(MAX_ENTRIES + 1)
        ]
        with pytest.raises(ValidationError) as error:
            menu_save(site=_site(), menu="header", entries=many)
        assert "at most" in error.value.messages[0]
        with pytest.raises(ValidationError):
            menu_save(site=_site(), menu="sidebar", entries=[])


def test_reading_a_menu_costs_the_same_for_few_or_many_entries(
    shop_a, targets, django_assert_max_num_queries
):
    with schema_context(shop_a.schema_name):
        few = _tree(targets)
        menu_save(site=_site(), menu="footer", entries=few)
        nav = _nav()
        with django_assert_max_num_queries(3):
            menu_tree(nav, "footer")
        menu_save(site=_site(), menu="footer", entries=few * 10)
        nav = _nav()
        with django_assert_max_num_queries(3):
            assert len(menu_tree(nav, "footer")) == 30


def test_the_chooser_finds_targets(shop_a, targets):
    with schema_context(shop_a.schema_name):
        assert [r["title"] for r in menu_targets("product", "enamel")] == ["Enamel Mug"]
        assert menu_targets("collection", "")[0]["hint"] == "/collections/kitchen/"
        assert "About us" in [r["title"] for r in menu_targets("page", "")]
        assert menu_targets("nonsense", "x") == []


# --- Over HTTP --------------------------------------------------------------------


def test_the_editor_page_carries_the_tree(client, shop_a, targets):
    login(client, shop_a, HOST_A)
    with schema_context(shop_a.schema_name):
        menu_save(site=_site(), menu="header", entries=_tree(targets))
    response = client.get("/admin/menus/header/", HTTP_HOST=HOST_A)
    page = response.content.decode()
    assert response.status_code == 200
    data = json.loads(
        page.split('id="menu-editor-data" type="application/json">', 1)[1].split("</script>")[0]
    )
    assert [e["title"] for e in data["tree"]] == ["Kitchen", "About us", ""]
    assert "cms/menu-editor.js" in page and "<script>" not in page.split("menu-editor-data")[1]
    assert client.get("/admin/menus/", HTTP_HOST=HOST_A)["Location"] == "/admin/menus/header/"


def test_a_refused_tree_comes_back_with_messages_and_as_typed(client, shop_a):
    login(client, shop_a, HOST_A)
    with schema_context(shop_a.schema_name):
        before = _nav().footer_menu.raw_data  # the policy pages a new shop starts with
    tree = [
        {"label": "Fine", "type": "url", "target": "/fine/"},
        {"label": "Evil", "type": "url", "target": "javascript:alert(1)"},
    ]
    response = client.post("/admin/menus/footer/", {"tree": json.dumps(tree)}, HTTP_HOST=HOST_A)
    assert response.status_code == 400
    data = response.context["editor"]
    assert list(data["errors"]) == ["2"] and [e["label"] for e in data["tree"]] == ["Fine", "Evil"]
    bad = client.post("/admin/menus/footer/", {"tree": "{not json"}, HTTP_HOST=HOST_A)
    assert bad.status_code == 400 and "could not be read" in bad.content.decode()
    with schema_context(shop_a.schema_name):
        assert list(_nav().footer_menu.raw_data) == list(before)


def test_the_chooser_endpoint(client, shop_a, targets):
    login(client, shop_a, HOST_A)
    response = client.get("/admin/menus/targets/?type=product&q=mug", HTTP_HOST=HOST_A)
    assert response.json()["results"][0]["title"] == "Enamel Mug"


def test_content_staff_may_edit_menus_and_orders_staff_may_not(shop_a):
    shop_staff_account(shop_a, "writer@example.com", permissions=["content"])
    writer = shop_admin_login(Client(), host=HOST_A, email="writer@example.com")
    assert writer.get("/admin/menus/header/", HTTP_HOST=HOST_A).status_code == 200
    shop_staff_account(shop_a, "packer@example.com", permissions=["orders"])
    packer = shop_admin_login(Client(), host=HOST_A, email="packer@example.com")
    refused = packer.post("/admin/menus/header/", {"tree": json.dumps([])}, HTTP_HOST=HOST_A)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert packer.get("/admin/menus/targets/?type=page", HTTP_HOST=HOST_A).status_code == 302


def test_one_shops_menu_is_not_anothers(client, shop_a, shop_b, targets):
    with schema_context(shop_a.schema_name):
        menu_save(site=_site(), menu="header", entries=_tree(targets))
    login(client, shop_b, HOST_B)
    page = client.get("/admin/menus/header/", HTTP_HOST=HOST_B).content.decode()
    assert "Kitchen" not in page and "About us" not in page
    found = client.get("/admin/menus/targets/?type=product&q=", HTTP_HOST=HOST_B).json()
    assert found["results"] == []


def test_one_menus_item_in_the_admin_menu(client, shop_a):
    login(client, shop_a, HOST_A)
    page = client.get("/admin/", HTTP_HOST=HOST_A).content.decode()
    assert "/admin/menus/" in page
    assert "/admin/settings/cms/navigationsettings/" not in page  # Wagtail's own item is gone
