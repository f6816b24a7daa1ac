"""Shop creation is limited on every path: sign-up, "new shop", an agency's client
shop and the provisioning service itself. An account may own
``MAX_SHOPS_PER_ACCOUNT`` shops unless it pays for a shop on a plan that allows
more; creations are also counted per account and per client IP for an hour. Each
refusal says what to do."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from accounts import agencies
from billing.models import Plan, Subscription
from billing.trials import subscription_trial_start
from provisioning.services import shop_provision
from shops.models import Shop

pytestmark = pytest.mark.django_db
PLATFORM = "souk.test"
CAP_WORDS = "the most it may have"
PLAN_WORDS = "a paid plan that allows more"
ACCOUNT_RATE_WORDS = "shops in the last hour"
IP_RATE_WORDS = "from your network"


@pytest.fixture(autouse=True)
def _clear_throttles():
    caches["platform"].clear()


@pytest.fixture
def limits(settings):
    """Small numbers, so a test reaches each limit in two or three shops."""
    settings.MAX_SHOPS_PER_ACCOUNT = 2
    settings.SHOP_CREATIONS_PER_HOUR_PER_ACCOUNT = 10
    settings.SHOP_CREATIONS_PER_HOUR_PER_IP = 10
    return settings


def _client(account=None, ip="10.9.0.1") -> Client:
    client = Client(REMOTE_ADDR=ip)
    if account is not None:
        client.force_login(account)
    return client


def _new_shop(client, subdomain):
    return client.post(
        "/shops/new/", {"shop_name": subdomain.title(), "subdomain": subdomain}, HTTP_HOST=PLATFORM
    )


def _agency_shop(client, agency, subdomain):
    response = client.post(
        f"/agencies/{agency.pk}/",
        {"action": "create_shop", "shop_name": subdomain.title(), "subdomain": subdomain},
        HTTP_HOST=PLATFORM,
        follow=True,
    )
    return response.content.decode()


def _signup(client, email, subdomain):
    return client.post(
        "/signup/",
        {
            "email": email,
            "password": "a-long-secret-42",
            "shop_name": subdomain.title(),
            "subdomain": subdomain,
        },
        HTTP_HOST=PLATFORM,
    )


def _owned(account) -> int:
    connection.set_schema_to_public()
    return Shop.objects.filter(owner_id=account.pk).count()


def test_new_shop_page_stops_at_the_account_cap(limits, shop_a, owner_of):
    owner = owner_of(shop_a)
    client = _client(owner)
    assert _new_shop(client, "second").status_code == 302
    response = _new_shop(client, "third")
    assert response.status_code == 400
    body = response.content.decode()
    assert CAP_WORDS in body and PLAN_WORDS in body
    assert _owned(owner) == 2
    assert not Shop.objects.filter(subdomain="third").exists()


def test_agency_create_stops_at_the_account_cap(limits, account_factory):
    member = account_factory()
    agency = agencies.agency_create(name="Studio", by=member)
    client = _client(member)
    for subdomain in ("client-one", "client-two"):
        assert "is ready" in _agency_shop(client, agency, subdomain)
    body = _agency_shop(client, agency, "client-three")
    assert CAP_WORDS in body and PLAN_WORDS in body
    assert _owned(member) == 2


def test_creations_are_counted_per_account_across_paths(limits, account_factory):
    limits.MAX_SHOPS_PER_ACCOUNT = 10
    limits.SHOP_CREATIONS_PER_HOUR_PER_ACCOUNT = 2
    member = account_factory()
    agency = agencies.agency_create(name="Studio", by=member)
    # From two addresses: the account's count, not the address's.
    assert _new_shop(_client(member, "10.9.1.1"), "first-one").status_code == 302
    assert "is ready" in _agency_shop(_client(member, "10.9.1.2"), agency, "client-one")
    response = _new_shop(_client(member, "10.9.1.3"), "third-one")
    assert response.status_code == 400
    assert ACCOUNT_RATE_WORDS in response.content.decode()
    assert ACCOUNT_RATE_WORDS in _agency_shop(_client(member, "10.9.1.4"), agency, "client-two")
    assert _owned(member) == 2


def test_creations_are_counted_per_ip_across_paths(limits, shop_a, owner_of):
    limits.SHOP_CREATIONS_PER_HOUR_PER_IP = 2
    ip = "10.9.2.1"
    assert _signup(_client(ip=ip), "one@example.com", "figs-one").status_code == 302
    assert _signup(_client(ip=ip), "two@example.com", "figs-two").status_code == 302
    response = _signup(_client(ip=ip), "three@example.com", "figs-three")
    assert response.status_code == 400
    assert IP_RATE_WORDS in response.content.decode()
    connection.set_schema_to_public()
    assert not Shop.objects.filter(subdomain="figs-three").exists()
    # Someone else's account from the same network: the same count.
    owner = owner_of(shop_a)
    response = _new_shop(_client(owner, ip), "from-same-net")
    assert response.status_code == 400 and IP_RATE_WORDS in response.content.decode()
    assert _new_shop(_client(owner, "10.9.2.2"), "from-elsewhere").status_code == 302


def test_the_provisioning_service_itself_is_limited(limits, shop_factory):
    """A future path that calls the service directly cannot forget the limit."""
    shop_factory("mine-one", owner_email="many@example.com")
    shop_factory("mine-two", owner_email="many@example.com")
    with pytest.raises(ValidationError, match=CAP_WORDS):
        shop_provision(name="Three", subdomain="mine-three", owner_email="Many@Example.com")
    assert not Shop.objects.filter(subdomain="mine-three").exists()


def test_a_paid_plan_raises_the_cap(limits, shop_a, owner_of):
    limits.MAX_SHOPS_PER_ACCOUNT = 1
    owner = owner_of(shop_a)
    pro = Plan.objects.get(code="pro")
    subscription_trial_start(shop=shop_a, plan=pro)
    client = _client(owner)
    response = _new_shop(client, "second")
    assert response.status_code == 400 and CAP_WORDS in response.content.decode()
    Plan.objects.filter(pk=pro.pk).update(max_shops_per_account=3)
    # A trial does not raise it (anyone can start one); paying does.
    assert _new_shop(client, "second").status_code == 400
    Subscription.objects.filter(shop=shop_a).update(status=Subscription.Status.ACTIVE)
    assert _new_shop(client, "second").status_code == 302
    assert _new_shop(client, "third").status_code == 302
    response = _new_shop(client, "fourth")
    assert response.status_code == 400 and "3 shops" in response.content.decode()
