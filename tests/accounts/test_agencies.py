"""Agencies: request codes, approval or refusal, limited permissions, withdrawal,
client shops, and every collaborator entry in the shop's activity log."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import agencies
from accounts.models import CollaboratorAccess, Membership, User
from provisioning import seats
from provisioning import services as provisioning_services
from shops.models import ShopEvent
from tests.accounts.conftest import issue, shop_host

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_platform_cache():
    caches["platform"].clear()


@pytest.fixture
def agency_member(account_factory):
    member = account_factory(email="dev@agency.example")
    agency = agencies.agency_create(name="Pixel & Co", by=member)
    return agency, member


def _request(shop, agency, member, owner, permissions=("products",)):
    code = agencies.collaborator_code_for(shop=shop, by=owner)
    return agencies.collaborator_request(
        agency=agency, by=member, subdomain=shop.subdomain, code=code, permissions=list(permissions)
    )


def test_request_approve_enter_is_logged(shop_a, owner_of, agency_member, enter):
    owner = owner_of(shop_a)
    agency, member = agency_member
    access = _request(shop_a, agency, member, owner, permissions=["products", "content"])
    with pytest.raises(PermissionDenied):  # not approved yet
        issue(account=member, shop=shop_a)
    seats.collaborator_decide(access=access, by=owner, approve=True, permissions=["products"])
    client = enter(member, shop_a)
    assert client.get("/admin/", HTTP_HOST=shop_host(shop_a)).status_code == 200
    from django_tenants.utils import schema_context

    with schema_context(shop_a.schema_name):
        staff = User.objects.get(platform_account_id=member.pk)
        assert list(staff.groups.values_list("name", flat=True)) == ["Products"]
    actions = list(
        ShopEvent.objects.filter(shop=shop_a).order_by("id").values_list("action", flat=True)
    )
    assert actions[-3:] == [
        "collaborator_requested",
        "collaborator_approved",
        "collaborator_entered",
    ]
    enter(member, shop_a)
    assert ShopEvent.objects.filter(shop=shop_a, action="collaborator_entered").count() == 2


def test_wrong_code_or_shop_gets_the_same_message(shop_a, owner_of, agency_member):
    owner = owner_of(shop_a)
    agency, member = agency_member
    agencies.collaborator_code_for(shop=shop_a, by=owner)
    for subdomain, code in [("alpha", "000000x"), ("nosuchshop", "123456"), ("alpha", "")]:
        with pytest.raises(ValidationError) as exc:
            agencies.collaborator_request(
                agency=agency, by=member, subdomain=subdomain, code=code, permissions=[]
            )
        assert exc.value.message_dict == {"code": ["This shop and code do not match."]}
    assert not CollaboratorAccess.objects.exists()


def test_new_code_voids_the_old(shop_a, owner_of, agency_member):
    owner = owner_of(shop_a)
    agency, member = agency_member
    old = agencies.collaborator_code_for(shop=shop_a, by=owner)
    new = agencies.collaborator_code_for(shop=shop_a, by=owner, regenerate=True)
    if old != new:
        with pytest.raises(ValidationError):
            agencies.collaborator_request(
                agency=agency, by=member, subdomain="alpha", code=old, permissions=[]
            )


def test_refused_request_gives_no_access(shop_a, owner_of, agency_member):
    owner = owner_of(shop_a)
    agency, member = agency_member
    access = _request(shop_a, agency, member, owner)
    seats.collaborator_decide(access=access, by=owner, approve=False)
    with pytest.raises(PermissionDenied):
        issue(account=member, shop=shop_a)
    with pytest.raises(ValidationError):  # answered once
        seats.collaborator_decide(access=access, by=owner, approve=True)


def test_withdrawal_ends_the_open_session(
    shop_a, owner_of, agency_member, enter, django_capture_on_commit_callbacks
):
    owner = owner_of(shop_a)
    agency, member = agency_member
    access = _request(shop_a, agency, member, owner)
    seats.collaborator_decide(access=access, by=owner, approve=True)
    client = enter(member, shop_a)
    assert client.get("/admin/", HTTP_HOST=shop_host(shop_a)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        agencies.collaborator_withdraw(access=access, by=owner)
    assert client.get("/admin/", HTTP_HOST=shop_host(shop_a)).status_code == 302
    assert ShopEvent.objects.filter(shop=shop_a, action="collaborator_withdrawn").exists()


def test_only_the_shop_decides(shop_a, owner_of, agency_member):
    owner = owner_of(shop_a)
    agency, member = agency_member
    access = _request(shop_a, agency, member, owner)
    with pytest.raises(PermissionDenied):
        seats.collaborator_decide(access=access, by=member, approve=True)


def test_agency_creates_client_shop_and_hands_it_over(
    agency_member, account_factory, django_capture_on_commit_callbacks
):
    from django.core import mail

    agency, member = agency_member
    with django_capture_on_commit_callbacks(execute=True):
        shop = provisioning_services.agency_shop_create(
            agency=agency,
            by=member,
            name="Client Co",
            subdomain="client-co",
            client_email="boss@client.example",
        )
    assert Membership.objects.get(shop=shop).account_id == member.pk
    link = next(w for w in mail.outbox[-1].body.split() if "/invitations/" in w)
    token = link.rstrip("/").rsplit("/", 1)[1]
    client = account_factory(email="boss@client.example")
    seats.invitation_accept(token=token, account=client)
    shop.refresh_from_db()
    assert shop.owner_id == client.pk
    assert list(Membership.objects.filter(shop=shop).values_list("account_id", "role")) == [
        (client.pk, "owner")
    ]
    # The agency stays on as collaborator: its member still enters.
    assert issue(account=member, shop=shop)


def test_agency_dashboard_lists_client_shops_with_fixed_queries(
    shop_a, shop_b, owner_of, agency_member, client, django_assert_max_num_queries
):
    agency, member = agency_member
    for shop in (shop_a, shop_b):
        owner = owner_of(shop)
        seats.collaborator_decide(
            access=_request(shop, agency, member, owner), by=owner, approve=True
        )
    client.force_login(member)
    with django_assert_max_num_queries(12):
        response = client.get(f"/agencies/{agency.pk}/", HTTP_HOST="souk.test")
    body = response.content.decode()
    assert "Alpha Goods" in body and "Beta Things" in body


def test_other_agency_cannot_see_dashboard(agency_member, account_factory, client):
    agency, _ = agency_member
    client.force_login(account_factory())
    assert client.get(f"/agencies/{agency.pk}/", HTTP_HOST="souk.test").status_code == 404


def test_agency_member_can_be_added_and_removed(agency_member, account_factory):
    agency, admin = agency_member
    other = account_factory(email="junior@agency.example")
    member = agencies.agency_member_add(agency=agency, by=admin, email="junior@agency.example")
    with pytest.raises(ValidationError):
        agencies.agency_member_add(agency=agency, by=admin, email="nobody@example.com")
    with pytest.raises(PermissionDenied):
        agencies.agency_member_add(agency=agency, by=other, email="dev@agency.example")
    agencies.agency_member_remove(member=member, by=admin)
    assert agencies.agency_member_of(account=other, agency_id=agency.pk) is None
