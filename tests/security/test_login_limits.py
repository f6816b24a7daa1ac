"""Every password login has the same limit, keyed on the real client IP.

The policy (accounts/login_limits.py, docs/security.md): failures are counted per
account and IP, and per IP; reaching either limit refuses that pair (or that IP)
for the cool-off, with the right password too, while the same account from
another address still gets in, so a stranger cannot lock the owner out. Counters
live per schema: a shopper of shop A and one of shop B with the same e-mail are
different people. Password-reset mails and discount-code tries have their own
limits (accounts/throttle.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client, RequestFactory, override_settings
from django_tenants.utils import schema_context

from accounts.models import User

pytestmark = pytest.mark.django_db

PLATFORM = "souk.test"
PASSWORD = "correct-horse-9"
EMAIL = "someone@example.com"
LOCKED = "Too many failed attempts. Try again in 15 minutes."
ATTACKER, OWNER = "198.51.100.7", "203.0.113.50"


@dataclass
class Door:
    """One login form: where it is and what its e-mail field is called."""

    name: str
    host: str
    url: str
    email_field: str

    def client(self, ip: str, **headers) -> Client:
        return Client(HTTP_HOST=self.host, REMOTE_ADDR=ip, **headers)

    def login(self, ip=ATTACKER, *, email=EMAIL, password=PASSWORD, **headers):
        data = {self.email_field: email, "password": password}
        return self.client(ip, **headers).post(self.url, data)


DOORS = {
    "platform": Door("platform", PLATFORM, "/login/", "email"),
    "console": Door("console", PLATFORM, "/console/login/", "username"),
    "shopper": Door("shopper", "alpha.souk.test", "/account/login/", "email"),
}


@pytest.fixture(params=list(DOORS))
def door(request, shop_factory):
    """Each login path with an account behind it (staff on the platform, so the
    console lets it in; a shopper in shop A)."""
    found = DOORS[request.param]
    if found.name == "shopper":
        shop = shop_factory("alpha")
        with schema_context(shop.schema_name):
            User.objects.create_user(email=EMAIL, password=PASSWORD)
    else:
        User.objects.create_user(email=EMAIL, password=PASSWORD, is_staff=True)
    return found


def _fail(door: Door, times: int, ip=ATTACKER, **kwargs) -> None:
    for _ in range(times):
        response = door.login(ip, password="wrong-guess", **kwargs)
        assert response.status_code != 302


def _logged_in(response) -> bool:
    return response.status_code == 302


def _refused_with_message(response) -> bool:
    return response.status_code == 429 and LOCKED in response.content.decode()


def test_wrong_passwords_lock_that_ip_out_of_that_account_but_not_the_owner(door):
    _fail(door, settings.LOGIN_FAILURES_PER_ACCOUNT_IP)

    # The owner, from elsewhere: a stranger's guesses do not lock them out.
    assert _logged_in(door.login(OWNER))
    # The right password from the guessing address: refused, with the wait time.
    assert _refused_with_message(door.login(ATTACKER))


def test_the_lock_ends_after_the_cool_off(door):
    start = datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        _fail(door, settings.LOGIN_FAILURES_PER_ACCOUNT_IP)
        clock.shift(datetime.timedelta(minutes=14))
        assert _refused_with_message(door.login(ATTACKER))
        clock.shift(datetime.timedelta(minutes=2))
        assert _logged_in(door.login(ATTACKER))


def test_spraying_many_accounts_from_one_ip_hits_the_ip_limit(door):
    for n in range(settings.LOGIN_FAILURES_PER_IP):
        door.login(ATTACKER, email=f"guess{n}@example.com", password="wrong-guess")
    # Every account is closed to that address now, the one with the right password too.
    assert _refused_with_message(door.login(ATTACKER))
    assert _logged_in(door.login(OWNER))


def test_locked_on_the_platform_login_means_locked_on_the_console_too():
    User.objects.create_user(email=EMAIL, password=PASSWORD, is_staff=True, is_superuser=True)
    _fail(DOORS["platform"], settings.LOGIN_FAILURES_PER_ACCOUNT_IP)
    # The Django admin has no password form of its own: it sends staff to /login/.
    assert _refused_with_message(DOORS["console"].login(ATTACKER))


# --- the client's address behind proxies -------------------------------------------------


def _ip(**meta) -> str:
    from accounts.throttle import client_ip

    return client_ip(RequestFactory().get("/", **meta))


def test_forwarded_for_is_ignored_unless_proxies_are_trusted():
    spoofed = {"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    assert _ip(**spoofed) == "198.51.100.7"
    with override_settings(SOUK_TRUSTED_PROXY_COUNT=1):
        # One proxy (the load balancer at REMOTE_ADDR) appended the address it saw;
        # whatever the client wrote before it is not believed.
        chain = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.50"}
        assert _ip(**chain) == "203.0.113.50"
    with override_settings(SOUK_TRUSTED_PROXY_COUNT=2):
        chain = {
            "REMOTE_ADDR": "10.0.0.2",
            "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.50, 10.0.0.9",
        }
        assert _ip(**chain) == "203.0.113.50"


def test_behind_a_trusted_proxy_each_visitor_has_their_own_counter():
    User.objects.create_user(email=EMAIL, password=PASSWORD)
    platform, balancer = DOORS["platform"], "10.0.0.2"
    with override_settings(SOUK_TRUSTED_PROXY_COUNT=1):
        _fail(
            platform,
            settings.LOGIN_FAILURES_PER_ACCOUNT_IP,
            ip=balancer,
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
        attacker = platform.login(balancer, HTTP_X_FORWARDED_FOR="198.51.100.7")
        owner = platform.login(balancer, HTTP_X_FORWARDED_FOR="203.0.113.50")
    assert _refused_with_message(attacker)
    assert _logged_in(owner)


def test_a_spoofed_forwarded_for_does_not_escape_the_limit():
    User.objects.create_user(email=EMAIL, password=PASSWORD)
    platform = DOORS["platform"]
    for n in range(settings.LOGIN_FAILURES_PER_ACCOUNT_IP):
        platform.login(ATTACKER, password="wrong-guess", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
    assert _refused_with_message(platform.login(ATTACKER, HTTP_X_FORWARDED_FOR="9.9.9.9"))


# --- shops are separate ------------------------------------------------------------------


def _shopper_in(shop) -> None:
    with schema_context(shop.schema_name):
        User.objects.create_user(email=EMAIL, password=PASSWORD)


def test_a_lock_in_shop_a_does_not_touch_the_same_email_in_shop_b(shop_a, shop_b):
    _shopper_in(shop_a)
    _shopper_in(shop_b)
    in_a, in_b = DOORS["shopper"], Door("shopper-b", "beta.souk.test", "/account/login/", "email")
    _fail(in_a, settings.LOGIN_FAILURES_PER_ACCOUNT_IP)
    for n in range(settings.LOGIN_FAILURES_PER_IP):
        in_a.login(ATTACKER, email=f"guess{n}@example.com", password="wrong-guess")

    assert _refused_with_message(in_a.login(ATTACKER))
    assert _logged_in(in_b.login(ATTACKER))


def test_a_wrong_current_password_on_the_change_form_counts_as_a_failed_login(shop_a):
    _shopper_in(shop_a)
    shopper = DOORS["shopper"]
    signed_in = shopper.client(ATTACKER)
    assert _logged_in(signed_in.post(shopper.url, {"email": EMAIL, "password": PASSWORD}))

    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT_IP):
        signed_in.post(
            "/account/password/",
            {
                "current_password": "wrong-guess",
                "new_password": "walnut-harbour-83",
                "new_password_again": "walnut-harbour-83",
            },
        )
    again = signed_in.post(
        "/account/password/",
        {
            "current_password": PASSWORD,
            "new_password": "walnut-harbour-83",
            "new_password_again": "walnut-harbour-83",
        },
    )
    assert _refused_with_message(again)
    assert _refused_with_message(shopper.login(ATTACKER))
    with schema_context(shop_a.schema_name):
        assert User.objects.get(email=EMAIL).check_password(PASSWORD)


# --- password-reset mails ----------------------------------------------------------------


def _reset(host: str, url: str, email: str, ip: str):
    return Client(HTTP_HOST=host, REMOTE_ADDR=ip).post(url, {"email": email})


RESETS = {
    "platform": (PLATFORM, "/password-reset/"),
    "shopper": ("alpha.souk.test", "/account/password-reset/"),
}


@pytest.fixture(params=list(RESETS))
def reset_form(request, shop_factory):
    host, url = RESETS[request.param]
    if request.param == "shopper":
        shop = shop_factory("alpha")
        with schema_context(shop.schema_name):
            User.objects.create_user(email=EMAIL, password=PASSWORD)
    else:
        User.objects.create_user(email=EMAIL, password=PASSWORD)
    return host, url


def test_one_address_cannot_be_mail_bombed_from_many_ips(reset_form):
    from accounts.throttle import RESET_PER_EMAIL

    host, url = reset_form
    for n in range(RESET_PER_EMAIL.max_hits):
        assert _reset(host, url, EMAIL, f"198.51.100.{n + 1}").status_code == 302
    refused = _reset(host, url, EMAIL, "203.0.113.99")
    assert refused.status_code == 429
    assert "Too many reset requests" in refused.content.decode()
    assert len(mail.outbox) == RESET_PER_EMAIL.max_hits


def test_one_ip_cannot_send_resets_to_many_addresses(reset_form):
    from accounts.throttle import RESET_PER_IP

    host, url = reset_form
    for n in range(RESET_PER_IP.max_hits):
        _reset(host, url, f"nobody{n}@example.com", ATTACKER)
    refused = _reset(host, url, EMAIL, ATTACKER)
    assert refused.status_code == 429
    assert "Too many reset requests" in refused.content.decode()
    assert mail.outbox == []
    # The owner's own address from their own network still gets its mail.
    assert _reset(host, url, EMAIL, OWNER).status_code == 302
    assert len(mail.outbox) == 1


# --- discount codes ----------------------------------------------------------------------


def _cart_code(shop):
    from cart.models import Cart

    with schema_context(shop.schema_name):
        return list(Cart.objects.values_list("discount_code", flat=True))


def test_discount_code_guesses_are_limited_per_cart(shop_a):
    from cart.views import DISCOUNT_CODES_PER_CART

    shopper = Client(HTTP_HOST="alpha.souk.test", REMOTE_ADDR=ATTACKER)
    for n in range(DISCOUNT_CODES_PER_CART.max_hits):
        shopper.post("/cart/discount/", {"code": f"GUESS{n}"})
    shopper.post("/cart/discount/", {"code": "ONE-MORE"})

    page = shopper.get("/cart/").content.decode()
    assert "Too many discount codes tried" in page
    assert _cart_code(shop_a) == [f"GUESS{DISCOUNT_CODES_PER_CART.max_hits - 1}"]


def test_discount_code_guesses_are_limited_per_ip_across_new_carts(shop_a):
    from cart.views import DISCOUNT_CODES_PER_IP

    for n in range(DISCOUNT_CODES_PER_IP.max_hits):
        fresh = Client(HTTP_HOST="alpha.souk.test", REMOTE_ADDR=ATTACKER)
        fresh.post("/cart/discount/", {"code": f"GUESS{n}"})
    last = Client(HTTP_HOST="alpha.souk.test", REMOTE_ADDR=ATTACKER)
    last.post("/cart/discount/", {"code": "ONE-MORE"})
    assert "Too many discount codes tried" in last.get("/cart/").content.decode()
    assert "ONE-MORE" not in _cart_code(shop_a)
    # Another shopper's address is not held back by it.
    other = Client(HTTP_HOST="alpha.souk.test", REMOTE_ADDR=OWNER)
    other.post("/cart/discount/", {"code": "WELCOME"})
    assert "WELCOME" in _cart_code(shop_a)
