"""The shop admin's frame: the merchant's menu, the shop's branding, no third party,
pages at the shop's home, Publish first, and the banners of states that cost money."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.cms.conftest import HOST_A, HOST_B, login
from tests.support.shop_admin import shop_admin_login, shop_staff_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _plans(db):
    """The seeded plans, put back if a transactional test elsewhere flushed them."""
    from billing.seed import plans_seed

    plans_seed()


def sidebar_menu(html: str) -> list:
    """The main menu as the sidebar receives it: ``[(name, label, children)]``."""
    found = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    props = json.loads(found.group(1))
    main = next(m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")

    def item(node):
        args = node["_args"]
        kind = node["_type"].rsplit(".", 1)[1]
        children = [item(c) for c in args[1]] if kind == "SubMenuItem" else []
        return (args[0]["name"], args[0]["label"], children)

    return [item(node) for node in main["_args"][0]]


def test_the_owner_sees_the_menu_in_the_merchants_words_in_order(client, shop_a):
    login(client, shop_a, HOST_A)
    menu = sidebar_menu(client.get("/admin/", HTTP_HOST=HOST_A).content.decode())
    top = [(name, label) for name, label, _children in menu]
    assert top == [
        ("home", "Home"),
        ("orders", "Orders"),
        ("products", "Products"),
        ("customers", "Customers"),
        ("content", "Content"),
        ("discounts", "Discounts"),
        ("analytics", "Analytics"),
        ("online-store", "Online store"),
        ("settings", "Settings"),
        ("advanced", "Advanced"),
    ]
    children = {name: [c[0] for c in kids] for name, _label, kids in menu}
    assert children["products"] == ["products", "collections", "inventory", "imports"]
    assert children["content"] == ["pages", "menus", "images", "documents"]
    assert children["online-store"] == ["theme", "preferences"]
    assert children["settings"] == [
        "payments",
        "shipping",
        "taxes",
        "tax-settings",
        "domains",
        "team",
        "billing",
        "notifications",
        "apps",
        "activity",
    ]
    # Wagtail's internals are all under Advanced, none beside Shipping and Taxes.
    advanced = set(children["advanced"])
    assert {"sites", "redirects", "workflows", "image-collections", "locked-pages"} <= advanced
    assert "help" not in children and "reports" not in children and "catalog" not in children
    labels = {c[0]: c[1] for _n, _l, kids in menu for c in kids}
    assert labels["image-collections"] == "Image and file collections"
    assert labels["preferences"] == "Preferences"


def test_every_menu_item_has_an_icon_wagtail_draws(client, shop_a):
    from wagtail import hooks

    icons = []
    for register in hooks.get_hooks("register_icons"):
        icons = register(icons)
    known = {path.rsplit("/", 1)[-1].removesuffix(".svg") for path in icons}
    login(client, shop_a, HOST_A)
    html = client.get("/admin/", HTTP_HOST=HOST_A).content.decode()
    used = set(re.findall(r'"icon_name": "([^"]+)"', html)) - {""}
    assert used and used <= known, used - known


def test_support_view_is_a_banner_on_every_page(client, shop_a):
    from accounts.middleware import SESSION_SUPPORT_UNTIL

    login(client, shop_a, HOST_A)
    with schema_context(shop_a.schema_name):
        session = client.session
        session[SESSION_SUPPORT_UNTIL] = timezone.now().timestamp() + 600
        session.save()
    banners = _banners(client)
    assert "read-only" in banners["support"]


def test_staff_with_one_role_see_only_their_section_and_no_advanced(client, shop_a):
    shop_staff_account(shop_a, "clerk@example.com", permissions=["orders"])
    shop_admin_login(client, host=HOST_A, email="clerk@example.com")
    menu = sidebar_menu(client.get("/admin/", HTTP_HOST=HOST_A).content.decode())
    names = [name for name, _label, _children in menu]
    assert names[:2] == ["home", "orders"]
    assert "advanced" not in names and "settings" not in names


def test_pages_open_at_the_shops_home_page_not_wagtails_root(client, shop_a, home_a):
    login(client, shop_a, HOST_A)
    response = client.get("/admin/pages/?q=about", HTTP_HOST=HOST_A)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{home_a.pk}/?q=about"
    html = client.get(f"/admin/pages/{home_a.pk}/", HTTP_HOST=HOST_A).content.decode()
    assert "Wagtail installation" not in html


def test_pages_menu_item_opens_the_home_page(client, shop_a, home_a):
    login(client, shop_a, HOST_A)
    html = client.get("/admin/", HTTP_HOST=HOST_A).content.decode()
    assert f'"url": "/admin/pages/{home_a.pk}/"' in html


def test_publish_is_the_page_editors_main_button_and_no_moderation(client, shop_a, home_a):
    login(client, shop_a, HOST_A)
    html = client.get(f"/admin/pages/{home_a.pk}/edit/", HTTP_HOST=HOST_A).content.decode()
    footer = html[html.index("<footer") :]
    first_button = re.search(r"<button[^>]*>", footer).group(0)
    assert 'name="action-publish"' in first_button
    assert "Moderators approval" not in html
    assert "View on storefront" in html


def test_the_page_list_links_each_live_page_to_the_storefront(client, shop_a, home_a):
    login(client, shop_a, HOST_A)
    html = client.get(f"/admin/pages/{home_a.pk}/", HTTP_HOST=HOST_A).content.decode()
    assert "View on storefront" in html


def test_dashboard_and_title_name_the_shop_and_souk_not_wagtail(client, shop_a):
    login(client, shop_a, HOST_A)
    html = client.get("/admin/", HTTP_HOST=HOST_A).content.decode()
    assert re.search(r'<h1 class="w-h1 w-mt-0">\s*Alpha Goods\s*</h1>', html)
    assert "<title>Dashboard - Alpha Goods · Souk</title>" in html
    assert "cms/admin/souk-mark.svg" in html
    assert "editor guide" not in html and "What's new in Wagtail" not in html
    assert "gravatar" not in html.lower()


# Every host a shop admin page may name: the shop's own (and the platform's, for
# "Team" and sign-on). Anything else is a call to, or a link into, the internet.
ADMIN_PAGES = [
    "/admin/",
    "/admin/orders/",
    "/admin/catalog/products/",
    "/admin/settings/cms/storefrontsettings/",
    "/admin/payments/",
    "/admin/activity/",
    "/admin/account/",
]


# Where a page names a URL the browser may load or follow: attributes, CSS url(),
# and the JSON the admin's scripts read (sidebar, editors). Help texts that show an
# example address ("e.g. http://domain.com/blog/") are prose, not references.
URL_REFERENCES = re.compile(
    r"""(?:\b(?:href|src|srcset|action|formaction|poster|data-[\w-]*url[\w-]*)\s*=\s*["']"""
    r"""|url\(\s*["']?|"url"\s*:\s*")((?:https?:)?//[^"')\s]+)"""
)


def _external_hosts(html: str) -> set[str]:
    hosts = set()
    for url in URL_REFERENCES.findall(html):
        host = urlsplit(url if url.startswith("http") else "http:" + url).hostname
        if host and not (host == "souk.test" or host.endswith(".souk.test")):
            hosts.add(host)
    return hosts


def test_the_external_host_check_sees_a_link_and_an_image():
    html = '<a href="https://guide.wagtail.org/x">x</a><img src="//gravatar.com/a.png">'
    assert _external_hosts(html) == {"guide.wagtail.org", "gravatar.com"}


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_no_admin_page_names_a_host_outside_the_shop_and_platform(client, shop_a, path):
    login(client, shop_a, HOST_A)
    response = client.get(path, HTTP_HOST=HOST_A, follow=True)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert _external_hosts(html) == set(), path


def test_page_editor_names_no_outside_host(client, shop_a, home_a):
    login(client, shop_a, HOST_A)
    html = client.get(f"/admin/pages/{home_a.pk}/edit/", HTTP_HOST=HOST_A).content.decode()
    assert _external_hosts(html) == set()


# --- Banners ---------------------------------------------------------------------


def _banners(client, path="/admin/orders/", host=HOST_A) -> dict[str, str]:
    html = client.get(path, HTTP_HOST=host).content.decode()
    return {
        kind: re.sub(r"<[^>]+>", "", text).strip()
        for kind, text in re.findall(r'data-banner="([a-z_]+)">(.*?)</p>', html, re.S)
    }


def test_a_new_shop_shows_its_trial_and_test_mode_on_every_admin_page(client, shop_a):
    from billing.trials import subscription_trial_start

    subscription_trial_start(shop=shop_a)
    login(client, shop_a, HOST_A)
    banners = _banners(client)
    assert set(banners) == {"trial", "test_mode"}
    assert re.search(r"Your trial ends in \d+ days", banners["trial"])
    assert "4242 4242 4242 4242" in banners["test_mode"]
    assert "Payments" in banners["test_mode"]


def test_past_due_and_suspended_shops_say_so(client, shop_a):
    from billing.models import Subscription
    from billing.trials import subscription_trial_start
    from shops.models import Shop

    subscription_trial_start(shop=shop_a)
    Subscription.objects.filter(shop=shop_a).update(
        status="past_due", grace_deadline=timezone.now() + timezone.timedelta(days=3)
    )
    login(client, shop_a, HOST_A)
    banners = _banners(client)
    assert "Your last payment failed" in banners["past_due"]
    assert "Go to Billing" in banners["past_due"]

    Shop.objects.filter(pk=shop_a.pk).update(status=Shop.Status.SUSPENDED)
    Subscription.objects.filter(shop=shop_a).update(suspended_for_billing=True)
    from shops.routing import directory

    directory.invalidate()
    # A suspended shop's admin sends its owner to Billing; the banner says why.
    banners = _banners(client, "/admin/billing/")
    assert "Your shop is suspended" in banners["suspended"]
    assert "past_due" not in banners


def test_a_live_shop_on_a_paid_plan_shows_no_banner(client, shop_a):
    from billing.models import Subscription
    from billing.trials import subscription_trial_start
    from connect.models import PaymentSettings

    subscription_trial_start(shop=shop_a)
    Subscription.objects.filter(shop=shop_a).update(status="active")
    PaymentSettings.objects.update_or_create(shop=shop_a, defaults={"test_mode": False})
    login(client, shop_a, HOST_A)
    assert _banners(client) == {}


def test_one_shops_state_is_not_shown_in_another(client, shop_a, shop_b):
    from billing.models import Subscription
    from billing.trials import subscription_trial_start

    subscription_trial_start(shop=shop_a)
    Subscription.objects.filter(shop=shop_a).update(
        status="past_due", grace_deadline=timezone.now() + timezone.timedelta(days=3)
    )
    login(client, shop_b, HOST_B)
    banners = _banners(client, host=HOST_B)
    assert "past_due" not in banners and "trial" not in banners


def test_banners_read_their_states_once_per_request(client, shop_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, shop_a, HOST_A)
    client.get("/admin/orders/", HTTP_HOST=HOST_A)  # warm the caches
    with CaptureQueriesContext(connection) as page:
        client.get("/admin/orders/", HTTP_HOST=HOST_A)
    queries = [q["sql"] for q in page.captured_queries]
    assert sum('"billing_subscription"' in q for q in queries) == 1
    assert sum('"connect_paymentsettings"' in q for q in queries) == 1


# --- Words, not reprs -------------------------------------------------------------


def _cells(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]


def test_lists_say_active_and_published_not_true(client, shop_a):
    from django_tenants.utils import schema_context

    from catalog.services import collection_create
    from discounts.services import discount_code_create

    with schema_context(shop_a.schema_name):
        discount_code_create(code="SPRING", value=10)
        discount_code_create(code="OLD", value=5, is_active=False)
        collection_create(title="Lamps")
        collection_create(title="Secret", is_published=False)
    login(client, shop_a, HOST_A)
    for path, words in (
        ("/admin/discounts/codes/", {"Active", "Inactive"}),
        ("/admin/catalog/collections/", {"Published", "Hidden"}),
    ):
        cells = _cells(client.get(path, HTTP_HOST=HOST_A).content.decode())
        assert words <= set(cells), (path, cells)
        assert "True" not in cells and "False" not in cells, (path, cells)


def test_every_activity_entry_has_a_sentence_and_the_log_shows_it(client, shop_a):
    from accounts.models import User
    from shops.activity import SENTENCES
    from shops.audit import shop_event_record
    from shops.models import ShopEvent

    assert set(SENTENCES) == set(ShopEvent.Action)
    maya = User.objects.get(pk=shop_a.owner_id)
    shop_event_record(shop=shop_a, action=ShopEvent.Action.BILLING_TRIAL_STARTED, actor=maya)
    shop_event_record(
        shop=shop_a,
        action=ShopEvent.Action.BILLING_STATUS,
        actor_name="billing",
        before="trialing",
        after="past_due",
    )
    shop_event_record(
        shop=shop_a, action=ShopEvent.Action.DOMAIN_ADDED, actor=maya, domain="lamps.example"
    )
    login(client, shop_a, HOST_A)
    cells = _cells(client.get("/admin/activity/", HTTP_HOST=HOST_A).content.decode())
    assert f"Trial started by {maya.email}" in cells
    assert "Subscription changed from trial to payment overdue" in cells
    assert f"Domain lamps.example added by {maya.email}" in cells
    assert not any("billing.status" in c or "{" in c for c in cells)


def test_the_shops_logo_is_on_its_sign_in_page_and_in_the_admin(client, shop_a, in_a):
    from wagtail.models import Site

    from cms.models import StorefrontSettings
    from tests.cms.conftest import image

    with in_a():
        settings = StorefrontSettings.for_site(Site.objects.get())
        settings.logo = image("Alpha logo", size=(400, 200))
        settings.save()
    html = client.get("/admin/login/", HTTP_HOST=HOST_A).content.decode()
    assert re.search(r'<img src="/media/shop_alpha/images/[^"]+" [^>]*alt="Alpha Goods">', html)
    login(client, shop_a, HOST_A)
    html = client.get("/admin/", HTTP_HOST=HOST_A).content.decode()
    sidebar_logo = re.search(r'<img class="shop-admin-logo" src="([^"]+)" alt="Alpha Goods">', html)
    assert sidebar_logo and "souk-mark" not in sidebar_logo.group(1)


def test_an_unknown_or_duplicate_name_lands_under_advanced_not_lost(rf, shop_a):
    from wagtail.admin.menu import MenuItem

    from cms.admin_menu import merchant_menu

    request = rf.get("/admin/", HTTP_HOST=HOST_A)
    items = [
        MenuItem("Orders", "/admin/orders/", name="orders"),
        MenuItem("Other orders", "/admin/other/", name="orders"),
        MenuItem("Gadget", "/admin/gadget/", name="gadget"),
    ]
    with schema_context(shop_a.schema_name):
        menu = merchant_menu(request, items)
    assert [item.name for item in menu] == ["home", "orders", "advanced"]
    advanced = menu[-1].menu.menu_items_for_request(request)
    assert [item.url for item in advanced] == ["/admin/other/", "/admin/gadget/"]
