"""Writes on who may manage a shop: memberships, invitations, ownership transfer.

Agencies and collaborator access are in ``accounts.agencies``; single sign-on in
``accounts.sso``. The writes that take a staff seat the plan counts (an invitation,
its acceptance, an approved collaborator) are ``provisioning.seats``: they read the
plan, and ``billing`` sits above ``accounts``. Every service runs in the public
schema, records an entry in the shop's activity log and tells ``accounts.access`` on
commit, so a change reaches the shop admin at the next request.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import account_access_changed, shop_access_changed
from accounts.models import PERMISSIONS, Invitation, Membership, OwnershipTransfer, Role, User
from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.models import Shop, ShopEvent
from shops.routing import directory

INVITATION_DAYS = 7


def platform_url(name: str, *args) -> str:
    """An absolute URL on the platform domain, whatever URLconf the caller is in
    (a shop's request, a task, an on-commit callback)."""
    path = reverse(name, args=args, urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{settings.PLATFORM_DOMAIN}{port}{path}"


def account_sessions_end(*, account, keep_platform_session=None) -> None:
    """End every session of ``account``: in every shop at its next request (the
    account's generation in accounts.access) and on the platform (the session hash,
    accounts.models.User). Called by "log out everywhere" and after the platform
    password is changed or reset.

    ``keep_platform_session``: the request whose platform session did this and
    stays signed in (Django's ``update_session_auth_hash``).
    """

    with public_schema(), transaction.atomic():
        User.objects.filter(pk=account.pk).update(session_generation=F("session_generation") + 1)
        account.refresh_from_db(fields=["session_generation"])
        account_access_changed(account.pk)
    if keep_platform_session is not None:
        update_session_auth_hash(keep_platform_session, account)


def clean_permissions(permissions) -> list[str]:
    permissions = list(dict.fromkeys(permissions or []))
    unknown = [p for p in permissions if p not in PERMISSIONS]
    if unknown:
        raise ValidationError({"permissions": [_("Unknown permission.")]})
    return permissions


def clean_role(role: str) -> str:
    if role not in (Role.ADMIN, Role.STAFF):
        raise ValidationError({"role": [_("Choose admin or staff.")]})
    return role


def membership_of(*, account, shop) -> Membership | None:
    return Membership.objects.filter(account_id=account.pk, shop_id=shop.pk).first()


def require_manager(*, account, shop) -> Membership:
    """Owners and admins manage people; staff do not."""
    membership = membership_of(account=account, shop=shop)
    if membership is None or membership.role not in (Role.OWNER, Role.ADMIN):
        raise PermissionDenied(_("Only the shop's owner or an admin can do this."))
    return membership


def membership_create_owner(*, account, shop) -> Membership:
    """The owner's membership of a shop just provisioned for ``account``."""
    with public_schema(), transaction.atomic():
        membership = Membership.objects.create(account=account, shop=shop, role=Role.OWNER)
        shop_access_changed(shop.pk)
    return membership


def membership_update(
    *, membership: Membership, by, role: str, permissions: list[str] | None = None
) -> Membership:
    with public_schema(), transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        require_manager(account=by, shop=membership.shop)
        if membership.role == Role.OWNER:
            raise ValidationError(_("The owner's role changes only by transferring ownership."))
        membership.role = clean_role(role)
        membership.permissions = clean_permissions(permissions) if role == Role.STAFF else []
        membership.save(update_fields=["role", "permissions", "updated_at"])
        shop_event_record(
            shop=membership.shop,
            action=ShopEvent.Action.MEMBER_CHANGED,
            actor=by,
            account_id=membership.account_id,
            role=role,
        )
        shop_access_changed(membership.shop_id)
    return membership


def membership_remove(*, membership: Membership, by) -> None:
    """Revoke: the member's open shop admin session ends at its next request."""
    with public_schema(), transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if by.pk != membership.account_id:
            require_manager(account=by, shop=membership.shop)
        if membership.role == Role.OWNER:
            raise ValidationError(_("Transfer ownership before removing the owner."))
        membership.delete()
        shop_event_record(
            shop=membership.shop,
            action=ShopEvent.Action.MEMBER_REMOVED,
            actor=by,
            account_id=membership.account_id,
        )
        shop_access_changed(membership.shop_id)


# --- invitations -------------------------------------------------------------------
def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("shop")
        .filter(token_hash=invitation_token_hash(token or ""))
        .first()
    )


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why the invitation cannot be used, in words for the person holding the link."""
    if invitation is None:
        return _("This invitation link is not valid.")
    if invitation.accepted_at:
        return _("This invitation has already been used.")
    if invitation.revoked_at:
        return _("This invitation was withdrawn or replaced by a newer one.")
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the shop owner for a new one.")
    return None


def invitation_revoke(*, invitation: Invitation, by) -> None:
    with public_schema(), transaction.atomic():
        require_manager(account=by, shop=invitation.shop)
        Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            revoked_at=timezone.now()
        )


# --- ownership transfer ------------------------------------------------------------
def ownership_transfer_propose(*, shop, by, to_membership: Membership) -> OwnershipTransfer:
    """The owner's confirmation: proposing is the first of the two."""
    with public_schema(), transaction.atomic():
        mine = membership_of(account=by, shop=shop)
        if mine is None or mine.role != Role.OWNER:
            raise PermissionDenied(_("Only the owner can transfer ownership."))
        if to_membership.shop_id != shop.pk or to_membership.account_id == by.pk:
            raise ValidationError(_("Choose another member of this shop."))
        OwnershipTransfer.objects.filter(
            shop=shop, accepted_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=timezone.now())
        transfer = OwnershipTransfer.objects.create(
            shop=shop, from_account=by, to_account_id=to_membership.account_id
        )
        shop_event_record(
            shop=shop,
            action=ShopEvent.Action.OWNERSHIP_PROPOSED,
            actor=by,
            to_account_id=to_membership.account_id,
        )
        to_email = User.objects.filter(pk=to_membership.account_id).values_list("email", flat=True)
        link = platform_url("accounts:shops")
        subject = _("You are offered the ownership of %(shop)s") % {"shop": shop.name}
        body = _("%(who)s proposes to make you the owner of %(shop)s. Accept it here: %(link)s") % {
            "who": by.email,
            "shop": shop.name,
            "link": link,
        }
        recipients = list(to_email)
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
    return transfer


def ownership_transfer_accept(*, transfer: OwnershipTransfer, by) -> None:
    """The new owner's confirmation; the former owner stays on as an admin."""
    with public_schema(), transaction.atomic():
        transfer = OwnershipTransfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.to_account_id != by.pk:
            raise PermissionDenied(_("This transfer is offered to someone else."))
        if transfer.accepted_at or transfer.cancelled_at:
            raise ValidationError(_("This transfer is no longer open."))
        shop = Shop.objects.select_for_update().get(pk=transfer.shop_id)
        if shop.owner_id != transfer.from_account_id:
            raise ValidationError(_("The shop changed owner since this was proposed."))
        ownership_transfer_complete(transfer=transfer, shop=shop, keep_former_owner=True)
        shop_access_changed(shop.pk)


def ownership_transfer_cancel(*, transfer: OwnershipTransfer, by) -> None:
    with public_schema(), transaction.atomic():
        if by.pk not in (transfer.from_account_id, transfer.to_account_id):
            raise PermissionDenied(_("This transfer is not yours."))
        OwnershipTransfer.objects.filter(pk=transfer.pk, accepted_at__isnull=True).update(
            cancelled_at=timezone.now()
        )


def ownership_transfer_complete(*, transfer, shop, keep_former_owner: bool = False) -> None:
    former = Membership.objects.select_for_update().get(shop=shop, role=Role.OWNER)
    if keep_former_owner:
        former.role = Role.ADMIN
        former.save(update_fields=["role", "updated_at"])
    else:
        former.delete()
    Membership.objects.update_or_create(
        shop=shop,
        account_id=transfer.to_account_id,
        defaults={"role": Role.OWNER, "permissions": []},
    )
    Shop.objects.filter(pk=shop.pk).update(owner_id=transfer.to_account_id)
    transfer.accepted_at = timezone.now()
    transfer.save(update_fields=["accepted_at"])
    shop_event_record(
        shop=shop,
        action=ShopEvent.Action.OWNERSHIP_TRANSFERRED,
        actor=User.objects.filter(pk=transfer.to_account_id).first(),
        from_account_id=transfer.from_account_id,
        to_account_id=transfer.to_account_id,
        proposed_at=transfer.proposed_at.isoformat(),
        accepted_at=transfer.accepted_at.isoformat(),
    )
    # Routing caches the Shop (with its owner): let it reload.
    directory.invalidate_on_commit()
