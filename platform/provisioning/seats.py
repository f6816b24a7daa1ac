"""Staff seats: the writes that give someone a place on a shop's team — an
invitation, its acceptance, an approved agency collaborator.

Each takes a seat that the shop's plan counts (``billing.limits``, resource
``staff``), checked inside the write's transaction, which locks the shop's
subscription row so two people racing for the last seat are serialised. A seat is
taken when it is offered: accepting an invitation checks again only in case the
plan changed in between. The rest of the team's writes (roles, removals, ownership
transfer) take no seat and stay in ``accounts.services`` and ``accounts.agencies``.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import shop_access_changed
from accounts.models import CollaboratorAccess, Invitation, Membership, OwnershipTransfer, Role
from accounts.services import (
    INVITATION_DAYS,
    clean_permissions,
    clean_role,
    invitation_problem,
    invitation_token_hash,
    ownership_transfer_complete,
    platform_url,
    require_manager,
)
from billing.limits import limit_check
from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.models import ShopEvent


def staff_limit_check(*, shop, adding: int = 1) -> None:
    """Raise ``billing.limits.LimitReached`` (a ``ValidationError``) when ``adding``
    more people would pass the shop's plan limit on staff accounts. Call it inside
    the transaction that adds them: it locks the shop's subscription row."""
    limit_check(shop=shop, resource="staff", adding=adding)


def invitation_create(
    *,
    shop,
    by,
    email: str,
    role: str = Role.STAFF,
    permissions: list[str] | None = None,
    hand_over: bool = False,
) -> tuple[Invitation, str]:
    """Invite ``email`` to the shop; returns the invitation and its link's token
    (only its hash is stored). A new invitation replaces an open one."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
    role = clean_role(role)
    permissions = clean_permissions(permissions) if role == Role.STAFF else []
    with public_schema(), transaction.atomic():
        require_manager(account=by, shop=shop)
        if Membership.objects.filter(shop=shop, account__email__iexact=email).exists():
            raise ValidationError({"email": [_("This person is already a member of the shop.")]})
        staff_limit_check(shop=shop, adding=1)
        Invitation.objects.filter(
            shop=shop, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            shop=shop,
            email=email,
            role=role,
            permissions=permissions,
            hand_over=hand_over,
            token_hash=invitation_token_hash(token),
            invited_by=by,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        shop_event_record(shop=shop, action=ShopEvent.Action.MEMBER_INVITED, actor=by, email=email)
        link = platform_url("accounts:invitation", token)
        subject = _("You are invited to %(shop)s on Souk") % {"shop": shop.name}
        body = _(
            "%(who)s invites you to help run %(shop)s.\n\nAccept within %(days)d days:\n%(link)s\n"
        ) % {"who": by.email, "shop": shop.name, "days": INVITATION_DAYS, "link": link}
        transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return invitation, token


def invitation_accept(*, token: str, account) -> Membership:
    with public_schema(), transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("shop")
            .filter(token_hash=invitation_token_hash(token or ""))
            .first()
        )
        problem = invitation_problem(invitation)
        if problem:
            raise ValidationError(problem)
        if invitation.email.lower() != account.email.lower():
            raise ValidationError(
                _("This invitation was sent to another e-mail address. Log in as %(email)s.")
                % {"email": invitation.email}
            )
        shop = invitation.shop
        staff_limit_check(shop=shop, adding=1)
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    account=account,
                    shop=shop,
                    role=invitation.role,
                    permissions=invitation.permissions,
                )
        except IntegrityError:
            raise ValidationError(_("You are already a member of this shop.")) from None
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = account
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        shop_event_record(
            shop=shop, action=ShopEvent.Action.MEMBER_JOINED, actor=account, role=membership.role
        )
        if invitation.hand_over:
            # The agency proposed the hand-over when it invited; accepting is the
            # client's confirmation.
            transfer = OwnershipTransfer.objects.create(
                shop=shop, from_account_id=shop.owner_id, to_account=account
            )
            ownership_transfer_complete(transfer=transfer, shop=shop)
            membership.refresh_from_db()
        shop_access_changed(shop.pk)
    return membership


def collaborator_decide(
    *, access: CollaboratorAccess, by, approve: bool, permissions: list[str] | None = None
) -> CollaboratorAccess:
    with public_schema(), transaction.atomic():
        access = (
            CollaboratorAccess.objects.select_for_update()
            .select_related("shop", "agency")
            .get(pk=access.pk)
        )
        require_manager(account=by, shop=access.shop)
        if access.status != CollaboratorAccess.Status.REQUESTED:
            raise ValidationError(_("This request was already answered."))
        if approve:
            staff_limit_check(shop=access.shop, adding=1)
            if permissions is not None:
                access.permissions = clean_permissions(permissions)
        access.status = (
            CollaboratorAccess.Status.APPROVED if approve else CollaboratorAccess.Status.REFUSED
        )
        access.decided_by = by
        access.decided_at = timezone.now()
        access.save()
        shop_event_record(
            shop=access.shop,
            action=(
                ShopEvent.Action.COLLABORATOR_APPROVED
                if approve
                else ShopEvent.Action.COLLABORATOR_REFUSED
            ),
            actor=by,
            agency=access.agency.name,
            permissions=access.permissions,
        )
        shop_access_changed(access.shop_id)
    return access
