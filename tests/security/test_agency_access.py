"""Agency access: no guessable code decides it, a request shows nothing of a shop
until the owner approves it, and seats count approved access only.

The request code is 12 random characters; wrong codes are counted per agency, per
account and per client IP (10, 10 and 20 an hour), and past a limit even the right
code is refused until the hour is over.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from accounts import agencies
from accounts.models import CollaboratorAccess, ShopStats
from billing.limits import LimitReached
from billing.models import Plan
from billing.trials import subscription_trial_start
from provisioning import seats
from provisioning.seats import invitation_create

pytestmark = pytest.mark.django_db
PLATFORM = "souk.test"
WRONG = "WRONGCODE000"
AGENCY_TRIES, ACCOUNT_TRIES, IP_TRIES = 10, 10, 20


@pytest.fixture(autouse=True)
def _clear_platform_cache():
    caches["platform"].clear()


def _agency(account_factory, name="Pixel & Co"):
    member = account_factory()
    return agencies.agency_create(name=name, by=member), member


def _ask(account, agency, code, *, ip, subdomain="alpha"):
    """The agency dashboard's request form, posted from ``ip``."""
    client = Client(REMOTE_ADDR=ip)
    client.force_login(account)
    response = client.post(
        f"/agencies/{agency.pk}/",
        {"action": "request", "subdomain": subdomain, "code": code, "permissions": ["products"]},
        HTTP_HOST=PLATFORM,
        follow=True,
    )
    return response.content.decode()


def _granted(agency, shop) -> bool:
    return CollaboratorAccess.objects.filter(agency=agency, shop=shop).exists()


def test_request_codes_are_long_random_and_typed_loosely(shop_a, owner_of, account_factory):
    owner = owner_of(shop_a)
    codes = {
        agencies.collaborator_code_for(shop=shop_a, by=owner, regenerate=True) for _ in range(20)
    }
    assert len(codes) == 20
    assert all(len(code) >= 10 for code in codes)
    assert any(not code.isdigit() for code in codes)
    code = agencies.collaborator_code_for(shop=shop_a, by=owner)
    agency, member = _agency(account_factory)
    # Pasted with spaces, typed in lower case or in groups: still the code.
    loose = " " + "-".join([code[:4], code[4:8], code[8:]]).lower() + " "
    assert "Request sent" in _ask(member, agency, loose, ip="10.1.0.1")
    assert _granted(agency, shop_a)


def test_wrong_codes_are_limited_per_agency(shop_a, owner_of, account_factory):
    code = agencies.collaborator_code_for(shop=shop_a, by=owner_of(shop_a))
    agency, admin = _agency(account_factory)
    # Every guess from another member and another address: the agency's count.
    for n in range(AGENCY_TRIES):
        member = account_factory()
        agencies.agency_member_add(agency=agency, by=admin, email=member.email)
        assert "do not match" in _ask(member, agency, WRONG, ip=f"10.2.0.{n}")
    body = _ask(admin, agency, code, ip="10.2.1.1")
    assert "Too many wrong codes" in body
    assert not _granted(agency, shop_a)
    # Another agency is not held back by this one's guesses.
    other, someone = _agency(account_factory, "Other")
    assert "Request sent" in _ask(someone, other, code, ip="10.2.2.2")


def test_wrong_codes_are_limited_per_account(shop_a, owner_of, account_factory):
    code = agencies.collaborator_code_for(shop=shop_a, by=owner_of(shop_a))
    guesser = account_factory()
    # One account guessing through many agencies of its own, from many addresses.
    for n in range(ACCOUNT_TRIES):
        agency = agencies.agency_create(name=f"Shell {n}", by=guesser)
        assert "do not match" in _ask(guesser, agency, WRONG, ip=f"10.3.0.{n}")
    agency = agencies.agency_create(name="Shell last", by=guesser)
    assert "Too many wrong codes" in _ask(guesser, agency, code, ip="10.3.1.1")
    assert not _granted(agency, shop_a)


def test_wrong_codes_are_limited_per_ip(shop_a, owner_of, account_factory):
    code = agencies.collaborator_code_for(shop=shop_a, by=owner_of(shop_a))
    for n in range(IP_TRIES):
        agency, member = _agency(account_factory, f"Agency {n}")
        assert "do not match" in _ask(member, agency, WRONG, ip="10.4.0.1")
    agency, member = _agency(account_factory, "Last")
    assert "Too many wrong codes" in _ask(member, agency, code, ip="10.4.0.1")
    assert not _granted(agency, shop_a)
    assert "Request sent" in _ask(member, agency, code, ip="10.4.0.2")


def test_the_limit_holds_for_the_service_too(shop_a, owner_of, account_factory):
    """A future page calling the service directly cannot forget the limit."""
    from django.core.exceptions import ValidationError

    code = agencies.collaborator_code_for(shop=shop_a, by=owner_of(shop_a))
    agency, member = _agency(account_factory)
    for _ in range(AGENCY_TRIES):
        with pytest.raises(ValidationError, match="do not match"):
            agencies.collaborator_request(
                agency=agency, by=member, subdomain="alpha", code=WRONG, permissions=[]
            )
    with pytest.raises(ValidationError, match="Too many wrong codes"):
        agencies.collaborator_request(
            agency=agency, by=member, subdomain="alpha", code=code, permissions=[]
        )


def _figures(shop):
    subscription_trial_start(shop=shop)  # plan "Starter"
    ShopStats.objects.create(
        shop=shop,
        currency="EUR",
        orders_today=3,
        orders_30d=4321,
        sales_30d=Decimal("98765.43"),
        refreshed_at=timezone.now(),
    )


def _dashboard(member, agency) -> str:
    client = Client()
    client.force_login(member)
    response = client.get(f"/agencies/{agency.pk}/", HTTP_HOST=PLATFORM)
    assert response.status_code == 200
    return response.content.decode()


def _no_figures(body):
    for secret in ("4321", "4,321", "98765", "98,765", "Starter", ">Active<", 'data-enter="alpha"'):
        assert secret not in body, secret


def test_a_pending_request_shows_the_name_and_nothing_else(shop_a, owner_of, account_factory):
    _figures(shop_a)
    owner = owner_of(shop_a)
    agency, member = _agency(account_factory)
    code = agencies.collaborator_code_for(shop=shop_a, by=owner)
    agencies.collaborator_request(
        agency=agency, by=member, subdomain="alpha", code=code, permissions=[]
    )
    body = _dashboard(member, agency)
    assert "Alpha Goods" in body
    _no_figures(body)
    # Approved: now the figures are the agency's to see.
    access = CollaboratorAccess.objects.get(agency=agency)
    seats.collaborator_decide(access=access, by=owner, approve=True)
    body = _dashboard(member, agency)
    assert "4321" in body or "4,321" in body
    assert "98,765.43" in body and "Starter" in body  # amounts through babel (kernel.money)


def test_withdrawn_or_refused_access_shows_nothing(shop_a, shop_b, owner_of, account_factory):
    _figures(shop_a)
    agency, member = _agency(account_factory)
    for shop, approve_first in ((shop_a, True), (shop_b, False)):
        owner = owner_of(shop)
        code = agencies.collaborator_code_for(shop=shop, by=owner)
        access = agencies.collaborator_request(
            agency=agency, by=member, subdomain=shop.subdomain, code=code, permissions=[]
        )
        if approve_first:  # approved, then withdrawn by the shop
            seats.collaborator_decide(access=access, by=owner, approve=True)
            agencies.collaborator_withdraw(access=access, by=owner)
        else:
            seats.collaborator_decide(access=access, by=owner, approve=False)
    body = _dashboard(member, agency)
    assert "Alpha Goods" not in body and "Beta Things" not in body
    _no_figures(body)


def _starter_with_one_seat_besides_the_owner(shop):
    Plan.objects.filter(code="starter").update(max_staff=2)
    subscription_trial_start(shop=shop)


def test_a_pending_request_takes_no_seat(shop_a, owner_of, account_factory):
    _starter_with_one_seat_besides_the_owner(shop_a)
    owner = owner_of(shop_a)
    agency, member = _agency(account_factory)
    code = agencies.collaborator_code_for(shop=shop_a, by=owner)
    agencies.collaborator_request(
        agency=agency, by=member, subdomain="alpha", code=code, permissions=[]
    )
    # The owner can still give the last seat to someone of their own.
    invitation_create(shop=shop_a, by=owner, email="helper@example.com")


def test_approving_the_last_free_seat_works_and_takes_it(shop_a, owner_of, account_factory):
    _starter_with_one_seat_besides_the_owner(shop_a)
    owner = owner_of(shop_a)
    agency, member = _agency(account_factory)
    code = agencies.collaborator_code_for(shop=shop_a, by=owner)
    access = agencies.collaborator_request(
        agency=agency, by=member, subdomain="alpha", code=code, permissions=[]
    )
    seats.collaborator_decide(access=access, by=owner, approve=True)
    access.refresh_from_db()
    assert access.status == CollaboratorAccess.Status.APPROVED
    with pytest.raises(LimitReached):  # the seat is the agency's now
        invitation_create(shop=shop_a, by=owner, email="helper@example.com")
