"""A merchant finds a customer in the shop admin, opens their page and adds a new one;
at desktop and phone widths."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))


def _shot(page, name: str) -> Path:
    """Always to the artifacts folder (to look at); to docs/ only with SOUK_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"customers-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("SOUK_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"customers-{name}.png"), full_page=True)
    return path


@pytest.fixture
def shopper(browser):
    """The invited customer's own browser (JavaScript on, a phone's width)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"{width}px of content in a {viewport}px window"


def _seed(shop):
    from customers.services import customer_create, customer_for_order
    from tests.orders.conftest import paid_order, place

    with schema_context(shop.schema_name):
        customer_create(
            email="ada@example.com",
            first_name="Ada",
            last_name="Lovelace",
            phone="+44 20 7946 0000",
            tags="VIP, newsletter",
            note="Prefers gift wrapping. Call before delivery.",
            accepts_marketing=True,
        )
        for lines in ([(None, 1, "20.00")], [(None, 2, "35.00")], [(None, 1, "12.50")]):
            paid_order(email="ada@example.com", name="Ada Lovelace", lines=lines)
        for n, (name, email) in enumerate(
            [
                ("Grace Hopper", "grace@example.com"),
                ("Alan Turing", "alan@example.com"),
                ("Katherine Johnson", "katherine@example.com"),
                ("Edsger Dijkstra", "edsger@example.com"),
            ]
        ):
            customer_for_order(email=email, name=name)
            (paid_order if n % 2 else place)(email=email, name=name)


def test_merchant_finds_opens_and_adds_customers(
    committed_shop_factory, page, shopper, shop_url, admin_login, mailoutbox
):
    shop = committed_shop_factory("patron", name="Patron Goods")
    _seed(shop)
    admin_login(shop)

    # The Customers menu item opens the list.
    page.goto(shop_url(shop, "/admin/customers/"))
    table = page.locator("table#customers")
    expect(table.locator("tbody tr")).to_have_count(5)
    assert "Ada Lovelace" in table.inner_text()
    _shot(page, "list-1280")

    # Filter: VIPs with at least two orders, sorted by amount spent.
    page.locator("details.souk-filter-panel > summary").click()
    page.get_by_label("Orders from").fill("2")
    page.get_by_label("Tag").select_option("VIP")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**tag=VIP**")
    expect(table.locator("tbody tr")).to_have_count(1)
    page.get_by_label("Save this filter as a segment").fill("Loyal VIPs")
    page.get_by_role("button", name="Save segment").click()
    page.wait_for_url("**segment=**")
    assert "Segment “Loyal VIPs” saved." in page.content()
    page.goto(shop_url(shop, "/admin/customers/segments/"))
    assert "Loyal VIPs" in page.locator("table#segments").inner_text()

    # The customer page: figures, orders linking to the order, addresses, notes, timeline.
    page.goto(shop_url(shop, "/admin/customers/?q=lovelace"))
    page.get_by_role("link", name="Ada Lovelace").click()
    page.wait_for_url("**/admin/customers/*/")
    assert page.locator("#orders-count").inner_text() == "3"
    expect(page.locator("table#customer-orders tbody tr")).to_have_count(3)
    assert "12 Analytical Row" in page.content()
    assert "Prefers gift wrapping" in page.locator("#note").inner_text()
    assert "Subscribed to email marketing" in page.locator("#marketing").inner_text()
    assert page.locator("#timeline li").count() >= 4
    _shot(page, "detail-1280")
    detail_url = page.url
    page.locator("table#customer-orders a").first.click()
    page.wait_for_url("**/admin/orders/*/")

    # Add a customer by hand (a phone order), then edit their tags.
    page.goto(shop_url(shop, "/admin/customers/"))
    page.get_by_role("link", name="Add customer").click()
    page.get_by_label("Email", exact=True).fill("Mary@Example.com")
    page.get_by_label("First name").fill("Mary")
    page.get_by_label("Last name").fill("Somerville")
    page.get_by_label("Tags").fill("wholesale")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/admin/customers/*/")
    assert "mary@example.com" in page.content()
    assert "wholesale" in page.locator("#tags").inner_text()
    mary_url = page.url

    # Invite Mary to open an account; she chooses a password through the e-mailed link.
    page.get_by_role("button", name="Send account invite").click()
    expect(page.locator(".messages")).to_contain_text("Account invite sent to mary@example.com")
    _shot(page, "invite-sent-1280")
    [mail] = [m for m in mailoutbox if "/account/activate/" in m.body]
    link = re.search(r"http://\S+/account/activate/\S+?/", mail.body).group(0)
    shopper.goto(link)
    expect(shopper.get_by_role("heading", name="Open your account")).to_be_visible()
    _no_sideways_scroll(shopper)
    _shot(shopper, "activate-390")
    shopper.get_by_label("Choose a password").fill("quince-harbour-82")
    shopper.get_by_role("button", name="Open my account").click()
    shopper.wait_for_url("**/account/")
    assert "mary@example.com" in shopper.content()
    page.goto(mary_url)
    assert "Has an account" in page.content()
    expect(page.get_by_role("button", name="Send account invite")).to_have_count(0)
    page.get_by_role("link", name="Edit customer").click()
    page.get_by_label("Email", exact=True).fill("ada@example.com")  # someone else's
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-message")).to_have_text(
        "A customer with this email already exists."
    )
    _shot(page, "edit-error-1280")

    # Phone width: the list and the page fit, with nothing to scroll sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(shop_url(shop, "/admin/customers/"))
    _no_sideways_scroll(page)
    _shot(page, "list-390")
    page.goto(detail_url)
    _no_sideways_scroll(page)
    _shot(page, "detail-390")
