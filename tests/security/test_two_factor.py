"""Two-factor authentication for platform accounts (django-otp: TOTP + recovery codes).

Enrolment, the login challenge (and its throttle), recovery codes, "remember this
device", and enforcement for platform staff on the console, the Django admin and
support entry into a shop. Codes are computed the way an authenticator app does
(``django_otp.oath.totp`` on the shared key), with time-machine moving the clock.
"""

from __future__ import annotations

import re
from base64 import b32decode
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.sso import browser_hash, sso_ticket_issue
from tests.console.conftest import PlatformClient
from tests.support.two_factor import confirmed_device, force_login_verified

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-9"
START = datetime(2030, 3, 4, 9, 0, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def merchant(db):
    return User.objects.create_user(email="merchant@example.com", password=PASSWORD)


@pytest.fixture
def staff(db):
    user = User.objects.create_user(email="support@souk.test", password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_console"))
    return user


@pytest.fixture
def root(db):
    return User.objects.create_superuser(email="root@souk.test", password=PASSWORD)


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key):06d}"


def password_login(client, email, password=PASSWORD, next_url=""):
    data = {"email": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data)


def logged_in_as(client):
    connection.set_schema_to_public()
    return client.session.get("_auth_user_id")


def enrol(client, clock) -> tuple[TOTPDevice, list[str]]:
    """Walk a signed-in client through enrolment; returns the device and its codes."""
    page = client.get("/account/security/two-factor/")
    assert page.status_code == 200
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page.content.decode()).group(1)
    key = b32decode(secret)
    response = client.post("/account/security/two-factor/", {"code": f"{totp(key):06d}"})
    assert response.status_code == 302, response.content[:400]
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r"data-recovery-code>([a-z2-7-]+)<", codes_page)
    device = TOTPDevice.objects.get(confirmed=True)
    clock.shift(timedelta(seconds=31))  # the next code, as a person would type it
    return device, codes


# --- Enrolment -----------------------------------------------------------------


def test_enrolment_shows_a_qr_code_and_confirms_with_a_real_code(merchant, clock):
    client = PlatformClient()
    client.force_login(merchant)
    page = client.get("/account/security/two-factor/").content.decode()
    assert "<svg" in page and "<img" not in page  # drawn inline, no outside service
    assert "<script>" not in page
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
    key = b32decode(secret)

    wrong = f"{(totp(key) + 1) % 1_000_000:06d}"
    response = client.post("/account/security/two-factor/", {"code": wrong})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=merchant).exists()

    response = client.post("/account/security/two-factor/", {"code": f"{totp(key):06d}"})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=merchant)
    assert device.confirmed and device.bin_key == key
    # The session that proved the code is verified: it may open staff pages at once.
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_recovery_codes_are_shown_once_and_each_works_once(merchant, clock):
    client = PlatformClient()
    client.force_login(merchant)
    _device, codes = enrol(client, clock)
    assert len(codes) == 10 and len(set(codes)) == 10
    again = client.get("/account/security/recovery-codes/").content.decode()
    assert not re.findall(r"data-recovery-code>", again)
    assert codes[0] not in again

    for attempt, expected in ((1, True), (2, False)):
        browser = PlatformClient()
        password_login(browser, merchant.email)
        browser.post("/login/two-factor/", {"code": codes[0].upper()})
        assert (logged_in_as(browser) == str(merchant.pk)) is expected, attempt
        clock.shift(timedelta(seconds=5))  # past the throttle of the failed try
    assert StaticToken.objects.filter(device__user=merchant).count() == 9


def test_regenerating_recovery_codes_replaces_the_old_ones(merchant, clock):
    client = PlatformClient()
    client.force_login(merchant)
    _device, old = enrol(client, clock)
    response = client.post("/account/security/recovery-codes/")
    assert response.status_code == 302
    new = re.findall(
        r"data-recovery-code>([a-z2-7-]+)<", client.get(response["Location"]).content.decode()
    )
    assert len(new) == 10 and not set(new) & set(old)
    stored = set(StaticToken.objects.filter(device__user=merchant).values_list("token", flat=True))
    assert stored == {c.replace("-", "") for c in new}


def test_regenerating_codes_needs_a_verified_session(merchant, clock):
    confirmed_device(merchant)
    StaticDevice.objects.create(user=merchant, name="Recovery codes", confirmed=True)
    client = PlatformClient()
    client.force_login(merchant)  # signed in, but no code proven in this session
    response = client.post("/account/security/recovery-codes/")
    assert response.status_code == 302 and "/login/two-factor/" in response["Location"]
    assert not StaticToken.objects.filter(device__user=merchant).exists()


def test_turning_off_needs_a_current_code_or_the_password(merchant, clock):
    client = PlatformClient()
    client.force_login(merchant)
    device, _codes = enrol(client, clock)
    response = client.post("/account/security/two-factor/disable/", {"password": "wrong"})
    assert response.status_code == 400
    response = client.post("/account/security/two-factor/disable/", {"code": "000000"})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=merchant).exists()

    clock.shift(timedelta(seconds=60))  # past the throttle of the wrong code
    response = client.post("/account/security/two-factor/disable/", {"code": code_for(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=merchant).exists()
    assert not StaticDevice.objects.filter(user=merchant).exists()


def test_turning_off_with_the_password(merchant, clock):
    client = PlatformClient()
    client.force_login(merchant)
    enrol(client, clock)
    response = client.post("/account/security/two-factor/disable/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=merchant).exists()


# --- The login challenge ---------------------------------------------------------


def test_password_alone_does_not_log_an_enrolled_account_in(merchant, clock):
    confirmed_device(merchant)
    client = PlatformClient()
    response = password_login(client, merchant.email, next_url="/shops/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/two-factor/")
    assert logged_in_as(client) is None
    assert client.get("/shops/")["Location"].startswith("/login/")
    page = client.get("/login/two-factor/")
    assert page.status_code == 200 and 'name="code"' in page.content.decode()


def test_the_right_code_completes_the_login(merchant, clock):
    device = confirmed_device(merchant)
    client = PlatformClient()
    password_login(client, merchant.email, next_url="/shops/new/")
    response = client.post("/login/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/shops/new/"
    assert logged_in_as(client) == str(merchant.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/shops/").status_code == 200


def test_wrong_codes_are_throttled(merchant, clock):
    device = confirmed_device(merchant)
    client = PlatformClient()
    password_login(client, merchant.email)
    wrong = f"{(totp(device.bin_key) + 1) % 1_000_000:06d}"
    assert client.post("/login/two-factor/", {"code": wrong}).status_code == 400
    assert client.post("/login/two-factor/", {"code": wrong}).status_code == 429
    # Throttled: even the right code is refused until the wait is over.
    response = client.post("/login/two-factor/", {"code": code_for(device)})
    assert response.status_code == 429 and "wait" in response.content.decode().lower()
    assert logged_in_as(client) is None
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1

    clock.shift(timedelta(seconds=31))
    response = client.post("/login/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302
    assert logged_in_as(client) == str(merchant.pk)


def test_the_half_logged_in_state_expires_and_cannot_be_forged(merchant, clock):
    device = confirmed_device(merchant)
    forger = PlatformClient()
    session = forger.session
    session["souk_2fa_pending"] = {"a": merchant.pk, "n": "/shops/"}  # not signed
    session.save()
    forger.post("/login/two-factor/", {"code": code_for(device)})
    assert logged_in_as(forger) is None

    client = PlatformClient()
    password_login(client, merchant.email)
    assert logged_in_as(client) is None
    clock.shift(timedelta(minutes=11))
    response = client.post("/login/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert logged_in_as(client) is None


# --- Remember this device --------------------------------------------------------

REMEMBER = "souk_2fa_remember"


def remembered_login(merchant, device, clock) -> PlatformClient:
    client = PlatformClient()
    password_login(client, merchant.email)
    response = client.post("/login/two-factor/", {"code": code_for(device), "remember": "on"})
    assert response.status_code == 302
    cookie = response.cookies[REMEMBER]
    assert cookie["httponly"] and int(cookie["max-age"]) == 30 * 24 * 3600
    client.post("/logout/")
    clock.shift(timedelta(seconds=31))
    return client


def test_a_remembered_device_skips_the_challenge_for_30_days_not_after(merchant, clock):
    device = confirmed_device(merchant)
    client = remembered_login(merchant, device, clock)
    clock.shift(timedelta(days=29))
    response = password_login(client, merchant.email)
    assert response["Location"] == "/shops/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    client.post("/logout/")

    clock.shift(timedelta(days=2))  # 31 days after the code was typed
    response = password_login(client, merchant.email)
    assert response["Location"].startswith("/login/two-factor/")
    assert logged_in_as(client) is None


def test_a_remembered_device_is_not_remembered_for_another_account(merchant, clock):
    device = confirmed_device(merchant)
    other = User.objects.create_user(email="other@example.com", password=PASSWORD)
    confirmed_device(other)
    client = remembered_login(merchant, device, clock)
    response = password_login(client, other.email)
    assert response["Location"].startswith("/login/two-factor/")
    assert logged_in_as(client) is None


def test_turning_2fa_off_forgets_remembered_devices(merchant, clock):
    device = confirmed_device(merchant)
    client = remembered_login(merchant, device, clock)
    remembered = client.cookies[REMEMBER].value
    session = PlatformClient()
    force_login_verified(session, merchant)
    session.post("/account/security/two-factor/disable/", {"password": PASSWORD})
    new_device = confirmed_device(merchant)  # turned on again: a new device
    assert new_device.pk != device.pk
    client.cookies[REMEMBER] = remembered
    response = password_login(client, merchant.email)
    assert response["Location"].startswith("/login/two-factor/")


def test_a_password_change_forgets_remembered_devices(merchant, clock):
    device = confirmed_device(merchant)
    client = remembered_login(merchant, device, clock)
    merchant.set_password("a-new-password-77")
    merchant.save()
    response = password_login(client, merchant.email, password="a-new-password-77")
    assert response["Location"].startswith("/login/two-factor/")


def test_over_https_the_remember_cookie_is_secure_and_host_only(merchant, clock):
    device = confirmed_device(merchant)
    client = PlatformClient()
    client.post("/login/", {"email": merchant.email, "password": PASSWORD}, secure=True)
    response = client.post(
        "/login/two-factor/", {"code": code_for(device), "remember": "on"}, secure=True
    )
    cookie = response.cookies[f"__Host-{REMEMBER}"]
    assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/"
    assert not cookie["domain"]
    client.post("/logout/", secure=True)
    response = client.post("/login/", {"email": merchant.email, "password": PASSWORD}, secure=True)
    assert response["Location"] == "/shops/"


def test_remembering_is_capped_at_30_days(merchant, clock, settings):
    settings.SOUK_2FA_REMEMBER_DAYS = 90
    device = confirmed_device(merchant)
    client = remembered_login(merchant, device, clock)
    clock.shift(timedelta(days=31))
    response = password_login(client, merchant.email)
    assert response["Location"].startswith("/login/two-factor/")


# --- Required for platform staff -------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "root"])
@pytest.mark.parametrize("path", ["/console/", "/django-admin/"])
def test_staff_without_a_device_are_sent_to_enrolment(who, path, request):
    user = request.getfixturevalue(who)
    client = PlatformClient()
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/security/two-factor/?next=")


@pytest.mark.parametrize("path", ["/console/", "/django-admin/", "/console/shops/"])
def test_a_staff_session_without_a_passed_code_is_refused(root, path):
    confirmed_device(root)
    client = PlatformClient()
    client.force_login(root)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/two-factor/?next=")
    force_login_verified(client, root)  # the same account after a right code
    assert client.get(path).status_code == 200


def test_console_login_asks_for_the_code(root, clock):
    device = confirmed_device(root)
    client = PlatformClient()
    response = client.post(
        "/console/login/?next=/console/shops/",
        {"username": root.email, "password": PASSWORD, "next": "/console/shops/"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/login/two-factor/")
    assert logged_in_as(client) is None
    assert client.get("/console/shops/")["Location"].startswith("/console/login/")
    response = client.post("/login/two-factor/", {"code": code_for(device)})
    assert response["Location"] == "/console/shops/"
    assert client.get("/console/shops/").status_code == 200


def test_django_admin_has_no_password_form_of_its_own(root):
    confirmed_device(root)
    client = PlatformClient()
    response = client.post("/django-admin/login/", {"username": root.email, "password": PASSWORD})
    assert logged_in_as(client) is None
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_support_entry_into_a_shop_needs_a_verified_session(shop_a, root):
    client = PlatformClient()
    client.force_login(root)
    confirmed_device(root)
    response = client.post(f"/shops/{shop_a.pk}/enter/", {"support": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/login/two-factor/")
    with pytest.raises(PermissionDenied):
        sso_ticket_issue(
            account=User.objects.get(pk=root.pk),
            shop=shop_a,
            support=True,
            browser=browser_hash("a-browser-nonce"),
        )

    force_login_verified(client, root)
    response = client.post(f"/shops/{shop_a.pk}/enter/", {"support": "1"})
    assert response.status_code == 302 and "/_sso/start/?r=" in response["Location"]


def test_merchants_are_offered_2fa_not_forced(merchant):
    client = PlatformClient()
    response = password_login(client, merchant.email)  # no authenticator: no challenge
    assert response["Location"] == "/shops/"
    assert logged_in_as(client) == str(merchant.pk)
    page = client.get("/shops/")
    assert page.status_code == 200
    assert "/account/security/two-factor/" in page.content.decode()
    confirmed_device(merchant)
    assert "/account/security/two-factor/" not in client.get("/shops/").content.decode()
