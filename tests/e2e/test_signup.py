"""A newcomer signs up and adds a product; an agency gets in with a request code."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def platform(live_server, settings):
    """The platform's URL on the live server; sign-on links carry its port."""
    port = live_server.url.rsplit(":", 1)[1]
    settings.PLATFORM_PORT = port
    return lambda path="/": f"http://souk.test:{port}{path}"


@pytest.fixture
def drop_schemas_after():
    """Shops made through the browser are committed: drop their schemas after."""
    schemas: list[str] = []
    yield schemas
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_newcomer_signs_up_lands_in_admin_and_adds_a_product(page, platform, drop_schemas_after):
    drop_schemas_after.append("shop_fig_tree")
    page.goto(platform("/"))
    page.get_by_role("link", name="Create your shop").click()
    page.get_by_label("E-mail").fill("nadia@example.com")
    page.get_by_label("Password").fill("figs-and-honey-77")
    page.get_by_label("Shop name").fill("Fig Tree")
    # The address is suggested from the name and checked as you type.
    status = page.locator("#subdomain-status")
    # Locator assertions, not string predicates: those are eval'd in the page, which
    # its Content-Security-Policy refuses.
    expect(page.locator("#id_subdomain")).to_have_value("fig-tree")
    expect(status).to_contain_text("fig-tree.souk.test")
    page.get_by_label("Web address").fill("www")
    expect(status).to_contain_text("reserved")
    assert "reserved" in status.inner_text()
    page.get_by_label("Web address").fill("fig-tree")
    expect(status).to_contain_text("fig-tree.souk.test")

    page.get_by_role("button", name="Create my shop").click()
    page.wait_for_url(re.compile(r"^http://fig-tree\.souk\.test:\d+/admin/$"))
    panel = page.locator("[data-setup-guide]")
    expect(panel.locator("[data-setup-progress]")).to_have_text("0 of 7 done")

    panel.get_by_role("link", name="Add a product").click()
    page.wait_for_url("**/admin/catalog/products/add/")
    page.fill("input[name=title]", "Dried figs")
    # One product without options is one variant: its price is the first row's.
    page.locator("tbody[data-pe-rows] input[name=variant-price]").first.fill("6.50")
    page.get_by_label("Active — on sale in the shop").check()
    page.locator("form button[type=submit]", has_text="Save").first.click()
    page.wait_for_url(re.compile(r"/admin/catalog/products/"))
    page.goto(page.url.split("/admin/")[0] + "/admin/")
    expect(page.locator("[data-setup-progress]")).to_have_text("1 of 7 done")


def test_agency_requests_access_owner_approves_agency_enters(
    browser, committed_shop_factory, platform, live_server
):
    from accounts import agencies
    from accounts.models import Membership, User

    shop = committed_shop_factory("olive", name="Olive Press")
    connection.set_schema_to_public()
    owner = User.objects.get(pk=shop.owner_id)
    Membership.objects.create(account=owner, shop=shop, role="owner")
    dev = User.objects.create_user(email="dev@studio.example", password="studio-pass-55")
    agency = agencies.agency_create(name="Studio Nine", by=dev)

    owner_page = browser.new_context().new_page()
    dev_page = browser.new_context().new_page()
    for p in (owner_page, dev_page):
        p.set_default_timeout(15_000)

    def log_in(p, email, password):
        p.goto(platform("/login/"))
        p.get_by_label("E-mail").fill(email)
        p.get_by_label("Password").fill(password)
        p.get_by_role("button", name="Log in").click()
        p.wait_for_url("**/shops/")

    # The owner finds the collaborator request code on the shop's team page.
    log_in(owner_page, owner.email, "correct-horse-9")
    owner_page.get_by_role("link", name="Team").click()
    owner_page.get_by_role("button", name="Show my code").click()
    code = owner_page.locator("#collaborator-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{12}", code)

    # The agency member asks for access with it, limited to products.
    log_in(dev_page, "dev@studio.example", "studio-pass-55")
    dev_page.goto(platform(f"/agencies/{agency.pk}/"))
    dev_page.get_by_label("Shop address").fill("olive")
    dev_page.get_by_label("Collaborator request code").fill(code)
    dev_page.locator("form:has(input[value=request]) input[value=products]").check()
    dev_page.get_by_role("button", name="Send request").click()
    assert "Request sent" in dev_page.content()

    # The owner approves.
    owner_page.reload()
    assert "Studio Nine" in owner_page.content()
    owner_page.get_by_role("button", name="Approve").click()
    assert "Request approved." in owner_page.content()

    # The agency member enters the shop admin from the dashboard.
    dev_page.goto(platform(f"/agencies/{agency.pk}/"))
    dev_page.locator("button[data-enter=olive]").click()
    dev_page.wait_for_url(re.compile(r"^http://olive\.souk\.test:\d+/admin/$"))
    assert dev_page.get_by_role("link", name="Products").count() or "Products" in dev_page.content()

    # ...and the owner sees it in the shop's activity log.
    owner_page.goto(platform("/shops/"))
    owner_page.locator("button[data-enter=olive]").click()
    owner_page.wait_for_url(re.compile(r"/admin/$"))
    owner_page.goto(owner_page.url + "activity/")
    log = owner_page.content()
    assert "dev@studio.example (agency) opened the shop admin" in log
