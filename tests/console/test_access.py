"""The console is for platform admins only: every URL, every method."""

import pytest
from django.urls import reverse
from django_otp.oath import totp

from tests.console.conftest import PlatformClient
from tests.support.two_factor import confirmed_device, force_login_verified


def _urls(shop_id: int) -> list[tuple[str, str]]:
    urls = [("get", reverse("console:overview", urlconf="config.urls_public"))]
    urls.append(("get", reverse("console:shops", urlconf="config.urls_public")))
    for name in ("shop", "suspend", "delete"):
        urls.append(
            ("get", reverse(f"console:{name}", args=[shop_id], urlconf="config.urls_public"))
        )
    for name in ("suspend", "delete", "reactivate", "export", "support"):
        urls.append(
            ("post", reverse(f"console:{name}", args=[shop_id], urlconf="config.urls_public"))
        )
    urls.append(("get", reverse("console:export_download", args=[1], urlconf="config.urls_public")))
    return urls


def test_anonymous_visitors_are_sent_to_the_console_login(shop_a, anonymous):
    for method, url in _urls(shop_a.pk):
        response = getattr(anonymous, method)(url, {"confirm_subdomain": "alpha"})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/console/login/?next="), url
    shop_a.refresh_from_db()
    assert shop_a.status == "active"


@pytest.mark.parametrize("who", ["nobody", "shop_owner"])
def test_signed_in_accounts_without_the_permission_get_403(shop_a, nobody, who):
    from accounts.models import User

    user = nobody if who == "nobody" else User.objects.get(email="owner-alpha@example.com")
    client = PlatformClient()
    client.force_login(user)
    for method, url in _urls(shop_a.pk):
        response = getattr(client, method)(url, {"confirm_subdomain": "alpha"})
        assert response.status_code == 403, url
    shop_a.refresh_from_db()
    assert shop_a.status == "active"


def test_a_granted_permission_opens_the_console(shop_a, support_person):
    client = PlatformClient()
    force_login_verified(client, support_person)
    assert client.get("/console/").status_code == 200
    assert client.get(f"/console/shops/{shop_a.pk}/").status_code == 200


def test_login_page_logs_a_platform_admin_in(platform_admin, anonymous):
    device = confirmed_device(platform_admin)
    page = anonymous.get("/console/login/")
    assert page.status_code == 200
    response = anonymous.post(
        "/console/login/?next=/console/shops/",
        {"username": "admin@souk.test", "password": "correct-horse-9", "next": "/console/shops/"},
    )
    # The password is right; the second factor comes next (tests/security/test_two_factor.py).
    assert response.status_code == 302
    assert response["Location"] == "/login/two-factor/"
    response = anonymous.post("/login/two-factor/", {"code": f"{totp(device.bin_key):06d}"})
    assert response["Location"] == "/console/shops/"
    assert anonymous.get("/console/shops/").status_code == 200


def test_wrong_password_is_refused_with_a_message(platform_admin, anonymous):
    response = anonymous.post(
        "/console/login/", {"username": "admin@souk.test", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "correct" in response.content.decode()  # Django's "enter a correct email..."
    assert anonymous.get("/console/").status_code == 302


def test_the_console_does_not_exist_on_a_shop_host(shop_a, platform_admin, client):
    client.force_login(platform_admin)
    response = client.get("/console/", HTTP_HOST="alpha.souk.test")
    assert response.status_code == 404


def test_console_posts_need_a_csrf_token(shop_a, platform_admin):
    client = PlatformClient(enforce_csrf_checks=True)
    force_login_verified(client, platform_admin)
    response = client.post(f"/console/shops/{shop_a.pk}/suspend/", {"confirm_subdomain": "alpha"})
    assert response.status_code == 403
    shop_a.refresh_from_db()
    assert shop_a.status == "active"
