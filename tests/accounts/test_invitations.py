"""Invitations by e-mail (single use, expiring) and ownership transfer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Membership, OwnershipTransfer, Role
from provisioning import seats
from shops.models import Shop, ShopEvent

pytestmark = pytest.mark.django_db
PLATFORM = "souk.test"


def _token_from_mail():
    link = next(w for w in mail.outbox[-1].body.split() if "/invitations/" in w)
    return link.rstrip("/").rsplit("/", 1)[1]


def test_invite_accept_creates_membership(
    shop_a, owner_of, account_factory, client, django_capture_on_commit_callbacks
):
    owner = owner_of(shop_a)
    with django_capture_on_commit_callbacks(execute=True):
        seats.invitation_create(
            shop=shop_a, by=owner, email="Helper@Example.com", permissions=["orders"]
        )
    token = _token_from_mail()
    helper = account_factory(email="helper@example.com")
    client.force_login(helper)
    response = client.post(f"/invitations/{token}/", HTTP_HOST=PLATFORM)
    assert response.status_code == 302
    membership = Membership.objects.get(account=helper)
    assert (membership.role, membership.permissions) == ("staff", ["orders"])
    # Single use.
    again = client.get(f"/invitations/{token}/", HTTP_HOST=PLATFORM)
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert ShopEvent.objects.filter(shop=shop_a, action="member_joined").count() == 1


def test_expired_invitation_is_refused(shop_a, owner_of, account_factory):
    owner = owner_of(shop_a)
    _, token = seats.invitation_create(shop=shop_a, by=owner, email="late@example.com")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    late = account_factory(email="late@example.com")
    with pytest.raises(ValidationError, match="expired"):
        seats.invitation_accept(token=token, account=late)
    assert not Membership.objects.filter(account=late).exists()


def test_invitation_for_someone_else_is_refused(shop_a, owner_of, account_factory):
    owner = owner_of(shop_a)
    _, token = seats.invitation_create(shop=shop_a, by=owner, email="right@example.com")
    with pytest.raises(ValidationError, match="another e-mail"):
        seats.invitation_accept(token=token, account=account_factory(email="wrong@example.com"))


def test_unknown_token_page(client):
    assert client.get("/invitations/nope/", HTTP_HOST=PLATFORM).status_code == 404


def test_staff_cannot_invite(shop_a, owner_of, member_of):
    owner_of(shop_a)
    staff = member_of(shop_a)
    with pytest.raises(PermissionDenied):
        seats.invitation_create(shop=shop_a, by=staff, email="x@example.com")


@pytest.mark.parametrize(
    ("email", "role", "permissions"),
    [
        ("not-mail", "staff", []),
        ("a@example.com", "owner", []),
        ("a@example.com", "staff", ["root"]),
    ],
)
def test_bad_invitation_input(shop_a, owner_of, email, role, permissions):
    owner = owner_of(shop_a)
    with pytest.raises(ValidationError):
        seats.invitation_create(
            shop=shop_a, by=owner, email=email, role=role, permissions=permissions
        )
    assert not Invitation.objects.exists()


def test_invitation_checks_the_staff_limit(shop_a, owner_of, monkeypatch):
    import provisioning.seats as module

    def full(*, shop, adding):
        raise ValidationError("Your plan allows no more staff.")

    monkeypatch.setattr(module, "staff_limit_check", full)
    with pytest.raises(ValidationError, match="no more staff"):
        seats.invitation_create(shop=shop_a, by=owner_of(shop_a), email="x@example.com")


def test_team_page_is_for_owner_and_admins_of_that_shop_only(
    shop_a, shop_b, owner_of, member_of, client
):
    owner_a = owner_of(shop_a)
    owner_of(shop_b)
    client.force_login(owner_a)
    assert client.get(f"/shops/{shop_a.pk}/team/", HTTP_HOST=PLATFORM).status_code == 200
    assert client.get(f"/shops/{shop_b.pk}/team/", HTTP_HOST=PLATFORM).status_code == 404
    staff = member_of(shop_a)
    client.force_login(staff)
    assert client.get(f"/shops/{shop_a.pk}/team/", HTTP_HOST=PLATFORM).status_code == 404


def test_ownership_transfer_needs_both_sides(shop_a, owner_of, member_of):
    owner = owner_of(shop_a)
    admin = member_of(shop_a, role=Role.ADMIN)
    outsider_membership = Membership.objects.get(account=admin)
    with pytest.raises(PermissionDenied):  # only the owner proposes
        services.ownership_transfer_propose(
            shop=shop_a, by=admin, to_membership=outsider_membership
        )
    transfer = services.ownership_transfer_propose(
        shop=shop_a, by=owner, to_membership=outsider_membership
    )
    assert Shop.objects.get(pk=shop_a.pk).owner_id == owner.pk  # not yet
    with pytest.raises(PermissionDenied):  # only the new owner accepts
        services.ownership_transfer_accept(transfer=transfer, by=owner)
    services.ownership_transfer_accept(transfer=transfer, by=admin)
    assert Shop.objects.get(pk=shop_a.pk).owner_id == admin.pk
    roles = dict(Membership.objects.filter(shop=shop_a).values_list("account_id", "role"))
    assert roles == {admin.pk: "owner", owner.pk: "admin"}
    transfer.refresh_from_db()
    assert transfer.proposed_at and transfer.accepted_at
    event = ShopEvent.objects.get(shop=shop_a, action="ownership_transferred")
    assert event.detail["proposed_at"] and event.detail["accepted_at"]
    with pytest.raises(ValidationError):  # accepted once
        services.ownership_transfer_accept(transfer=transfer, by=admin)


def test_owner_cannot_be_removed_or_demoted(shop_a, owner_of):
    owner = owner_of(shop_a)
    mine = Membership.objects.get(account=owner)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=mine, by=owner)
    with pytest.raises(ValidationError):
        services.membership_update(membership=mine, by=owner, role="staff")


def test_one_open_transfer_per_shop_in_the_database(shop_a, owner_of, member_of):
    from django.db import IntegrityError, transaction

    owner = owner_of(shop_a)
    other = member_of(shop_a)
    OwnershipTransfer.objects.create(shop=shop_a, from_account=owner, to_account=other)
    with pytest.raises(IntegrityError), transaction.atomic():
        OwnershipTransfer.objects.create(shop=shop_a, from_account=owner, to_account=other)


def test_newcomer_joins_with_a_password(shop_a, owner_of, client):
    _, token = seats.invitation_create(shop=shop_a, by=owner_of(shop_a), email="new@example.com")
    weak = client.post(f"/invitations/{token}/", {"password": "1"}, HTTP_HOST=PLATFORM)
    assert weak.status_code == 200  # the page again, with the reason
    assert not Membership.objects.filter(account__email="new@example.com").exists()
    response = client.post(
        f"/invitations/{token}/", {"password": "a-fine-secret-31"}, HTTP_HOST=PLATFORM
    )
    assert response.status_code == 302
    assert Membership.objects.get(account__email="new@example.com").role == "staff"
    assert client.get("/shops/", HTTP_HOST=PLATFORM).status_code == 200
