"""The example headless storefront (docs/examples/headless.html), served from another
origin, lists a collection and checks out with the test gateway through the Storefront
API (CORS for the token's origin); and Settings → Apps, where the merchant makes the
tokens. Screenshots of both at 390 and 1280 px go to docs/screenshots/."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
SCREENSHOTS = ROOT / "docs" / "screenshots"
WIDTHS = (390, 1280)


@pytest.fixture
def example_origin():
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(EXAMPLES))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_headless_example_checks_out(
    browser, committed_shop_factory, live_server, example_origin, csp_violations
):
    from api.services import storefront_token_create
    from catalog.services import collection_create
    from orders.models import Order
    from tests.cart.builders import variant
    from tests.checkout.conftest import shop_setup

    shop = committed_shop_factory("headless", name="Headless Mugs")
    with schema_context(shop.schema_name):
        shop_setup()
        mug = variant(title="Blue mug", price="10.00", stock=5)
        variant(title="Red mug", price="12.00", stock=5)
        collection_create(title="Mugs", handle="mugs", products=[mug.product])
        token = storefront_token_create(name="Example", allowed_origins=[example_origin]).token
    port = live_server.url.rsplit(":", 1)[1]
    api = f"http://headless.souk.test:{port}/api/storefront/2026-12/"
    url = f"{example_origin}/headless.html?api={api}&token={token}&collection=mugs"

    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(url)
        page.get_by_role("button", name="Add Blue mug to cart").click()
        page.wait_for_function("document.getElementById('cart-count').textContent === '1'")
        assert page.get_by_text("Red mug").count() == 0  # only the collection's products
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"api-headless-{width}.png"), full_page=True)
        page.get_by_role("button", name="Check out").click()
        page.get_by_label("E-mail").fill("ana@example.com")
        page.get_by_label("Full name").fill("Ana Lima")
        page.get_by_label("Address").fill("1 rue de Rivoli")
        page.get_by_label("City").fill("Paris")
        page.get_by_label("Postal code").fill("75001")
        page.get_by_role("button", name="Continue to shipping").click()
        page.get_by_role("button", name="Pay").wait_for()
        assert "Total" in page.locator("#totals").inner_text()
        page.get_by_role("button", name="Pay").click()
        done = page.get_by_test_id("done")
        done.wait_for()
        assert "is placed" in done.inner_text()
        page.screenshot(path=str(SCREENSHOTS / f"api-headless-paid-{width}.png"), full_page=True)
        context.close()
    with schema_context(shop.schema_name):
        assert Order.objects.count() == 2
    assert not csp_violations


def test_settings_apps_page(browser, committed_shop_factory, admin_login, shop_url):
    shop = committed_shop_factory("appsadmin", name="Apps Admin")
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        admin_login(shop, on=page)
        page.goto(shop_url(shop, "/admin/apps/"))
        page.get_by_label("Name", exact=True).first.fill(f"ERP {width}")
        page.locator("form[data-testid=create-app] input[value=read_orders]").check()
        page.get_by_role("button", name="Create app and token").click()
        token = page.get_by_test_id("token").input_value()
        assert token.startswith("souk_at_")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"api-token-{width}.png"), full_page=True)
        page.goto(shop_url(shop, "/admin/apps/"))
        assert token not in page.content()
        page.screenshot(path=str(SCREENSHOTS / f"api-apps-{width}.png"), full_page=True)
        context.close()
