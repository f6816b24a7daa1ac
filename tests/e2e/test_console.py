"""A platform admin logs into the console, finds a shop and suspends it in two steps."""

import pytest
from django_otp.oath import totp

from tests.support.two_factor import confirmed_device

pytestmark = pytest.mark.browser


def test_platform_admin_searches_and_suspends_a_shop(committed_shop_factory, page, live_server):
    from accounts.models import User
    from shops.models import Shop

    port = live_server.url.rsplit(":", 1)[1]
    console = f"http://souk.test:{port}/console"
    target = committed_shop_factory("target", name="Target Shop")
    committed_shop_factory("bystander", name="Bystander Shop")
    root = User.objects.create_superuser(email="root@souk.test", password="correct-horse-9")
    device = confirmed_device(root)

    page.goto(f"{console}/shops/")
    assert "/console/login/" in page.url
    page.fill("input[name=username]", "root@souk.test")
    page.fill("input[name=password]", "correct-horse-9")
    page.click("button[type=submit]")
    # Platform staff pass a second factor before the console opens.
    page.wait_for_url("**/login/two-factor/")
    page.fill("input[name=code]", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit]")
    page.wait_for_url("**/console/shops/")

    page.fill("input[name=q]", "target")
    page.click("form.filters button[type=submit]")
    rows = page.locator("[data-testid=shops] tbody tr")
    assert rows.count() == 1
    rows.first.locator("a").click()
    page.wait_for_url(f"**/console/shops/{target.pk}/")

    page.click("text=Suspend…")
    page.fill("input[name=confirm_subdomain]", "bystander")  # the wrong shop's name
    page.click("button.danger")
    assert "to confirm" in page.content()
    assert Shop.objects.get(pk=target.pk).status == "active"

    page.fill("input[name=confirm_subdomain]", "target")
    page.fill("input[name=reason]", "chargebacks")
    page.click("button.danger")
    page.wait_for_url(f"**/console/shops/{target.pk}/")
    assert "is suspended" in page.content()
    assert "chargebacks" in page.locator("[data-testid=activity]").inner_text()
    assert Shop.objects.get(pk=target.pk).status == "suspended"
    assert Shop.objects.get(subdomain="bystander").status == "active"
