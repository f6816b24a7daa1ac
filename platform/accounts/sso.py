"""Single sign-on from the platform into a shop's admin.

The platform issues a ticket: a row (``SSOTicket``) and a token signed with
``django.core.signing`` under a salt bound to the shop's schema *and* host, so a
token minted for shop A cannot even be verified by shop B. The shop's host redeems
it once: a conditional UPDATE sets ``consumed_at`` only if it is still unset, not
expired, and the row names this shop and host — a replay, a token older than
``TICKET_SECONDS`` or a token carried to another shop gets nothing. Access is
checked again at redemption (a membership revoked in between wins), then the
account's staff user in that schema is found or created with groups following the
role (accounts.shop_staff) and logged in.

``support=True`` tickets are for platform admins: read-only (accounts.middleware
refuses every write in that session), ``SUPPORT_SECONDS`` long, and written to the
shop's activity log, which the owner sees.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.access import ShopAccess, shop_access
from accounts.activity import shop_event_record
from accounts.identity import SSOTicket
from accounts.models import User
from accounts.shop_staff import staff_user_for_access
from accounts.two_factor import session_verified

TICKET_SECONDS = 60
SUPPORT_SECONDS = 30 * 60
SUPPORT_PERMISSION = "console.access_console"


class SSOError(Exception):
    """The token cannot open a session; the message is safe to show."""


def _salt(*, schema_name: str, host: str) -> str:
    return f"souk.sso:{schema_name}:{host}"


def may_support(account) -> bool:
    return bool(account.is_superuser or account.has_perm(SUPPORT_PERMISSION))


def shop_host(shop) -> str:
    from shops.models import Domain

    with schema_context(get_public_schema_name()):
        domain = Domain.objects.filter(tenant=shop, is_primary=True).values_list(
            "domain", flat=True
        )
        return next(iter(domain), f"{shop.subdomain}.{settings.PLATFORM_DOMAIN}")


def shop_admin_url(host: str, path: str) -> str:
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{host}{port}{path}"


def sso_ticket_issue(*, account, shop, support: bool = False, host: str | None = None) -> str:
    """A one-minute URL on the shop's host that logs ``account`` into its admin."""
    from shops.models import Shop

    if shop.status not in (Shop.Status.ACTIVE, Shop.Status.SUSPENDED):
        raise PermissionDenied(_("This shop is closed."))
    with schema_context(get_public_schema_name()):
        if support:
            if not may_support(account):
                raise PermissionDenied(_("Only platform support can view a shop as support."))
            if not session_verified(account):
                raise PermissionDenied(
                    _("Viewing a shop as support needs a session verified by two-factor code.")
                )
        elif shop_access(account_id=account.pk, shop_id=shop.pk) is None:
            raise PermissionDenied(_("You have no access to this shop."))
        host = host or shop_host(shop)
        ticket = SSOTicket.objects.create(
            account=account,
            shop=shop,
            host=host,
            support=support,
            expires_at=timezone.now() + timedelta(seconds=TICKET_SECONDS),
        )
    token = signing.dumps(
        {"t": str(ticket.pk)}, salt=_salt(schema_name=shop.schema_name, host=host), compress=False
    )
    return shop_admin_url(host, f"/_sso/?token={token}")


@dataclass
class Entry:
    user: User
    access: ShopAccess | None
    support: bool


def sso_ticket_redeem(*, token: str, shop, host: str) -> Entry:
    """Consume the token on ``shop``'s ``host``; runs with the connection in that
    shop's schema and leaves it there."""
    try:
        payload = signing.loads(
            token or "",
            salt=_salt(schema_name=shop.schema_name, host=host),
            max_age=TICKET_SECONDS,
        )
        ticket_id = uuid.UUID(str(payload["t"]))
    except signing.SignatureExpired:
        raise SSOError(
            _("This sign-in link has expired. Open the shop again from My shops.")
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise SSOError(_("This sign-in link is not valid for this shop.")) from None
    tenant = connection.tenant
    with schema_context(get_public_schema_name()), transaction.atomic():
        consumed = SSOTicket.objects.filter(
            pk=ticket_id,
            shop_id=shop.pk,
            host=host,
            consumed_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).update(consumed_at=timezone.now())
        if consumed != 1:
            raise SSOError(_("This sign-in link was already used or has expired."))
        ticket = SSOTicket.objects.select_related("account").get(pk=ticket_id)
        account = ticket.account
        if not account.is_active:
            raise SSOError(_("This account is disabled."))
        access = None
        if ticket.support:
            if not may_support(account):
                raise SSOError(_("You have no access to this shop."))
            shop_event_record(
                shop=shop,
                action="support_entered",
                actor=account.email,
                detail={"minutes": SUPPORT_SECONDS // 60},
            )
        else:
            access = shop_access(account_id=account.pk, shop_id=shop.pk)
            if access is None:
                raise SSOError(_("You have no access to this shop."))
            if access.kind == "collaborator":
                shop_event_record(
                    shop=shop,
                    action="collaborator_entered",
                    actor=account.email,
                    detail={"agency_id": access.agency_id, "permissions": access.permissions},
                )
        is_owner = shop.owner_id == account.pk
        account_id, email = account.pk, account.email
    connection.set_tenant(tenant)
    with transaction.atomic():
        user = staff_user_for_access(
            account_id=account_id,
            account_email=email,
            role=access.role if access else "admin",
            permissions=access.permissions if access else [],
            is_shop_owner=is_owner and not ticket.support,
            support=ticket.support,
        )
    return Entry(user=user, access=access, support=ticket.support)
