"""In a browser: what an agency sees before and after the owner approves it, the
request code on the Team page, the message at the limit on shops, and a Settings
staff member on the Domains page. At 1280 and 390 px; with SOUK_SCREENSHOTS=1 the
pictures are refreshed in docs/screenshots/ (always written to the artifacts folder)."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(os.environ.get("SOUK_E2E_ARTIFACTS", "/tmp/souk-e2e"))
WIDTHS = (1280, 390)


def _shots(page, name: str) -> None:
    """The page at each width, full length."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        filename = f"{name}-{width}.png"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / filename), full_page=True)
        if os.environ.get("SOUK_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / filename), full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


@pytest.fixture
def platform(live_server, settings):
    port = live_server.url.rsplit(":", 1)[1]
    settings.PLATFORM_PORT = port
    return lambda path="/": f"http://souk.test:{port}{path}"


def _log_in(browser, platform, email, password):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(platform("/login/"))
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/shops/")
    return page


def test_agency_dashboard_team_code_shop_limit_and_domains(
    browser, committed_shop_factory, platform, settings
):
    from accounts import agencies
    from accounts.models import CollaboratorAccess, Membership, ShopStats, User
    from billing.seed import plans_seed
    from billing.trials import subscription_trial_start

    settings.MAX_SHOPS_PER_ACCOUNT = 1
    plans_seed()  # a transactional test before this one may have flushed the seeded plans
    shop = committed_shop_factory("olive", name="Olive Press")
    connection.set_schema_to_public()
    owner = User.objects.get(pk=shop.owner_id)
    owner.set_password("olive-owner-55")
    owner.save()
    Membership.objects.create(account=owner, shop=shop, role="owner")
    subscription_trial_start(shop=shop)
    ShopStats.objects.create(
        shop=shop,
        currency="EUR",
        orders_today=2,
        orders_30d=41,
        sales_30d=Decimal("1873.20"),
        refreshed_at=timezone.now(),
    )
    dev = User.objects.create_user(email="dev@studio.example", password="studio-pass-55")
    agency = agencies.agency_create(name="Studio Nine", by=dev)
    code = agencies.collaborator_code_for(shop=shop, by=owner)
    agencies.collaborator_request(
        agency=agency, by=dev, subdomain="olive", code=code, permissions=["products"]
    )

    # Pending: the shop's name, nothing else.
    dev_page = _log_in(browser, platform, "dev@studio.example", "studio-pass-55")
    dev_page.goto(platform(f"/agencies/{agency.pk}/"))
    pending = dev_page.locator("#pending-requests")
    assert "Olive Press" in pending.inner_text()
    assert "1,873.20" not in dev_page.content() and "Starter" not in dev_page.content()
    _shots(dev_page, "agency-pending")

    # The owner sees the request and the code on the Team page.
    owner_page = _log_in(browser, platform, owner.email, "olive-owner-55")
    owner_page.get_by_role("link", name="Team").click()
    assert code in owner_page.locator("#collaborator-code").inner_text()
    _shots(owner_page, "team-collaborators")
    owner_page.get_by_role("button", name="Approve").click()
    assert "Request approved." in owner_page.content()
    assert CollaboratorAccess.objects.get(agency=agency).status == "approved"

    # Approved: the figures are the agency's to see.
    dev_page.reload()
    assert "1,873.20" in dev_page.content() and "Starter" in dev_page.content()
    assert dev_page.locator("#pending-requests").count() == 0
    _shots(dev_page, "agency-approved")

    # The owner is at the limit on shops: the message says what to do.
    owner_page.goto(platform("/shops/new/"))
    owner_page.get_by_label("Shop name").fill("Second Press")
    owner_page.get_by_label("Web address").fill("second-press")
    owner_page.get_by_role("button", name="Create my shop").click()
    body = owner_page.content()
    assert "the most it may have" in body and "a paid plan that allows more" in body
    _shots(owner_page, "shop-new-limit")

    # A Settings staff member manages domains in the shop admin.
    staff = User.objects.create_user(email="ops@olive.example", password="olive-ops-55")
    Membership.objects.create(account=staff, shop=shop, role="staff", permissions=["settings"])
    staff_page = _log_in(browser, platform, "ops@olive.example", "olive-ops-55")
    staff_page.locator("button[data-enter=olive]").click()
    staff_page.wait_for_url(re.compile(r"^http://olive\.souk\.test:\d+/admin/$"))
    staff_page.goto(staff_page.url + "domains/")
    staff_page.fill("#id_domain", "shop.olive-press.example")
    staff_page.get_by_role("button", name="Add domain").click()
    staff_page.wait_for_url(re.compile(r"/admin/domains/$"))
    assert "shop.olive-press.example" in staff_page.content()
    _shots(staff_page, "domains-settings-role")
