"""Agencies: their members, the client shops they create, collaborator access.

A shop owner hands out a *collaborator request code*; an agency member asks for
access with it; the owner (or an admin) approves — possibly limited to some
permissions — or refuses, and may withdraw it at any time. An agency can also
create a shop for a client (``provisioning.services.agency_shop_create``): the
creating member owns it until the client accepts the hand-over invitation, and the
agency stays on as a collaborator. Approving a request takes a staff seat, so it is
``provisioning.seats.collaborator_decide``.

Two locks, not one: the code keeps strangers from filling an owner's inbox with
requests, and the owner's approval decides access. The code is 12 random
characters (60 bits), and wrong codes are counted per agency, per account and per
client IP, so guessing it is out of reach however many agencies or addresses an
attacker makes. Until the owner approves, an agency sees the shop's name only.
"""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import shop_access_changed
from accounts.models import (
    PERMISSIONS,
    Agency,
    AgencyMember,
    CollaboratorAccess,
    CollaboratorCode,
    Membership,
    User,
)
from accounts.services import (
    clean_permissions,
    platform_url,
    require_manager,
)
from accounts.throttle import Limit, throttle_blocked, throttle_hit
from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.models import Shop, ShopEvent

MAX_AGENCY_NAME = 100
# Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand
# survives; 12 characters are 60 bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
HOUR = 3600


def _code_limits() -> tuple[Limit, Limit, Limit]:
    """Wrong request codes allowed per hour: per agency, per account, per client IP."""
    return (
        Limit("collab-code-agency", settings.COLLABORATOR_CODE_TRIES_PER_AGENCY, HOUR),
        Limit("collab-code-account", settings.COLLABORATOR_CODE_TRIES_PER_ACCOUNT, HOUR),
        Limit("collab-code-ip", settings.COLLABORATOR_CODE_TRIES_PER_IP, HOUR),
    )


def code_normalize(value: str) -> str:
    """What the owner reads out, however it is typed back: case, spaces and dashes
    do not matter."""
    return "".join(ch for ch in (value or "").upper() if ch not in " -\t")


def _code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def agency_create(*, name: str, by) -> Agency:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Give the agency a name.")]})
    if len(name) > MAX_AGENCY_NAME:
        raise ValidationError(
            {"name": [_("The name can be at most %(max)d characters.") % {"max": MAX_AGENCY_NAME}]}
        )
    with public_schema(), transaction.atomic():
        agency = Agency.objects.create(name=name)
        AgencyMember.objects.create(agency=agency, account=by, role=AgencyMember.Role.ADMIN)
    return agency


def agency_member_of(*, account, agency_id) -> AgencyMember | None:
    return (
        AgencyMember.objects.select_related("agency")
        .filter(account_id=account.pk, agency_id=agency_id)
        .first()
    )


def _require_agency_admin(*, account, agency) -> None:
    member = agency_member_of(account=account, agency_id=agency.pk)
    if member is None or member.role != AgencyMember.Role.ADMIN:
        raise PermissionDenied(_("Only an admin of the agency can do this."))


def agency_member_add(*, agency: Agency, by, email: str) -> AgencyMember:
    """Add an existing platform account to the agency (it signs up first)."""
    with public_schema(), transaction.atomic():
        _require_agency_admin(account=by, agency=agency)
        account = User.objects.filter(email__iexact=(email or "").strip()).first()
        if account is None:
            raise ValidationError(
                {"email": [_("No Souk account uses this address. Ask them to sign up first.")]}
            )
        member, created = AgencyMember.objects.get_or_create(agency=agency, account=account)
        if not created:
            raise ValidationError({"email": [_("This person is already in the agency.")]})
    return member


def agency_member_remove(*, member: AgencyMember, by) -> None:
    """Their access to every client shop ends at their next request."""
    with public_schema(), transaction.atomic():
        if by.pk != member.account_id:
            _require_agency_admin(account=by, agency=member.agency)
        shop_ids = list(
            CollaboratorAccess.objects.filter(agency_id=member.agency_id).values_list(
                "shop_id", flat=True
            )
        )
        AgencyMember.objects.filter(pk=member.pk).delete()
        shop_access_changed(*shop_ids)


# --- collaborator request codes --------------------------------------------------
def collaborator_code_for(*, shop, by, regenerate: bool = False) -> str:
    """The shop's request code (made on first use; a new one voids the old)."""
    with public_schema(), transaction.atomic():
        require_manager(account=by, shop=shop)
        code = _code_new()
        row, created = CollaboratorCode.objects.get_or_create(shop=shop, defaults={"code": code})
        if regenerate and not created:
            row.code = code
            row.save(update_fields=["code", "updated_at"])
    return row.code


def collaborator_request(
    *,
    agency: Agency,
    by,
    subdomain: str,
    code: str,
    permissions: list[str],
    message: str = "",
    ip: str = "",
) -> CollaboratorAccess:
    """Ask for access with the shop's code. ``ip`` is the client's address when a
    request made the call; the agency's and the account's counts apply without it."""
    permissions = clean_permissions(permissions) or list(PERMISSIONS)
    message = (message or "").strip()[:500]
    # One message for "no such shop" and "wrong code": the form must not tell which
    # subdomains exist to someone guessing codes.
    wrong = ValidationError({"code": [_("This shop and code do not match.")]})
    counted = list(zip(_code_limits(), (str(agency.pk), str(by.pk), ip), strict=True))
    counted = [(limit, value) for limit, value in counted if value]
    with public_schema(), transaction.atomic():
        if agency_member_of(account=by, agency_id=agency.pk) is None:
            raise PermissionDenied(_("You are not a member of this agency."))
        if any(throttle_blocked(limit, value) for limit, value in counted):
            raise ValidationError(
                {
                    "code": [
                        _(
                            "Too many wrong codes. Wait an hour, then copy the code again "
                            "from the shop owner's Team page."
                        )
                    ]
                },
                code="throttled",
            )
        shop = Shop.objects.filter(subdomain=(subdomain or "").strip().lower()).first()
        row = CollaboratorCode.objects.filter(shop=shop).first() if shop else None
        if row is None or not hmac.compare_digest(row.code.encode(), code_normalize(code).encode()):
            # The cache is not rolled back with the transaction: the count stays.
            for limit, value in counted:
                throttle_hit(limit, value)
            raise wrong
        if Membership.objects.filter(shop=shop, account=by).exists():
            raise ValidationError(_("You are already a member of this shop."))
        try:
            with transaction.atomic():
                access = CollaboratorAccess.objects.create(
                    agency=agency,
                    shop=shop,
                    status=CollaboratorAccess.Status.REQUESTED,
                    permissions=permissions,
                    message=message,
                    requested_by=by,
                )
        except IntegrityError:
            raise ValidationError(
                _("Your agency already has a request or access for this shop.")
            ) from None
        shop_event_record(
            shop=shop,
            action=ShopEvent.Action.COLLABORATOR_REQUESTED,
            actor=by,
            agency=agency.name,
            agency_id=agency.pk,
            permissions=permissions,
        )
        owner_email = User.objects.filter(pk=shop.owner_id).values_list("email", flat=True)
        recipients = list(owner_email)
        subject = _("%(agency)s asks for collaborator access to %(shop)s") % {
            "agency": agency.name,
            "shop": shop.name,
        }
        body = _("Approve or refuse the request here: %(link)s") % {
            "link": platform_url("accounts:team", shop.pk)
        }
        transaction.on_commit(lambda: send_mail(subject, body, None, recipients))
    return access


def collaborator_permissions_set(
    *, access: CollaboratorAccess, by, permissions: list[str]
) -> CollaboratorAccess:
    with public_schema(), transaction.atomic():
        access = (
            CollaboratorAccess.objects.select_for_update()
            .select_related("shop", "agency")
            .get(pk=access.pk)
        )
        require_manager(account=by, shop=access.shop)
        if access.status != CollaboratorAccess.Status.APPROVED:
            raise ValidationError(_("Only an approved access can be changed."))
        access.permissions = clean_permissions(permissions)
        access.save(update_fields=["permissions"])
        shop_event_record(
            shop=access.shop,
            action=ShopEvent.Action.COLLABORATOR_CHANGED,
            actor=by,
            agency=access.agency.name,
            permissions=access.permissions,
        )
        shop_access_changed(access.shop_id)
    return access


def collaborator_withdraw(*, access: CollaboratorAccess, by) -> None:
    """By the shop (owner/admin) or by the agency (any admin of it)."""
    with public_schema(), transaction.atomic():
        access = (
            CollaboratorAccess.objects.select_for_update()
            .select_related("shop", "agency")
            .get(pk=access.pk)
        )
        member = agency_member_of(account=by, agency_id=access.agency_id)
        if member is None or member.role != AgencyMember.Role.ADMIN:
            require_manager(account=by, shop=access.shop)
        if access.status not in (
            CollaboratorAccess.Status.REQUESTED,
            CollaboratorAccess.Status.APPROVED,
        ):
            return
        access.status = CollaboratorAccess.Status.WITHDRAWN
        access.decided_by = by
        access.decided_at = timezone.now()
        access.save()
        shop_event_record(
            shop=access.shop,
            action=ShopEvent.Action.COLLABORATOR_WITHDRAWN,
            actor=by,
            agency=access.agency.name,
        )
        shop_access_changed(access.shop_id)
