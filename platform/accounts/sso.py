"""Single sign-on from the platform into a shop's admin, bound to one browser.

The hand-off has three legs, so that the ticket only works in the browser that
asked for it (a ticket opened in someone else's browser — login CSRF — does
nothing):

1. **Start** (platform -> shop host). "Open admin" is a POST on the platform; it
   checks access and sends the browser to the shop host's ``/_sso/start/?r=…``,
   where ``r`` is signed for this account, shop and host (``sso_start_url``).
   The shop host sets a host-only cookie holding a random nonce (``__Host-``
   prefixed over HTTPS, HttpOnly, SameSite=Lax, ``NONCE_SECONDS``) and sends the
   browser back to the platform with only the nonce's SHA-256.
2. **Ticket** (platform). The platform checks that ``r`` names the logged-in
   account, stores an ``SSOTicket`` bound to the nonce's hash (60 s) and signs its
   id with a salt bound to the shop's schema and host (``sso_ticket_issue``).
3. **Redeem** (shop host, ``/_sso/?token=…``). The signature is checked with this
   shop's salt, then one conditional UPDATE consumes the ticket only if it is
   unused, unexpired, for this shop and host, *and* its hash matches the nonce in
   this browser's cookie. A browser without that cookie — any browser but the one
   that started — gets nothing, and the ticket stays unused. Access is checked
   again (a membership revoked in between wins), then the account's staff user in
   that schema is found or created with groups following the role
   (accounts.shop_staff).

Why a cookie rather than a form the platform posts: the cookie is set by the shop
host itself before any ticket exists, so whoever holds a ticket URL cannot make it
work elsewhere; a cross-site POST would also arrive without the shop's
SameSite=Lax session cookie, and the shop could not tell that the browser is
already signed in as someone else (accounts.views_shop asks first).

``support=True`` tickets are for platform admins: read-only (accounts.middleware
refuses every write in that session), ``SUPPORT_SECONDS`` long, and written to the
shop's activity log, which the owner sees.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets as _secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import ShopAccess, shop_access
from accounts.models import SSOTicket, User
from accounts.services import platform_url
from accounts.shop_staff import staff_user_for_access
from accounts.two_factor import session_verified
from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.models import Domain, Shop, ShopEvent

TICKET_SECONDS = 60
NONCE_SECONDS = 120
SUPPORT_SECONDS = 30 * 60
SUPPORT_PERMISSION = "console.access_console"
BROWSER_HASH = re.compile(r"^[0-9a-f]{64}$")


class SSOError(Exception):
    """The token cannot open a session; the message is safe to show."""


def _salt(*, schema_name: str, host: str) -> str:
    return f"souk.sso:{schema_name}:{host}"


def _start_salt(*, schema_name: str, host: str) -> str:
    return f"souk.sso.start:{schema_name}:{host}"


def may_support(account) -> bool:
    return bool(account.is_superuser or account.has_perm(SUPPORT_PERMISSION))


def shop_host(shop) -> str:
    with public_schema():
        domain = Domain.objects.filter(tenant=shop, is_primary=True).values_list(
            "domain", flat=True
        )
        return next(iter(domain), f"{shop.subdomain}.{settings.PLATFORM_DOMAIN}")


def shop_admin_url(host: str, path: str) -> str:
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{host}{port}{path}"


# -- the browser's proof ------------------------------------------------------------


def browser_nonce_new() -> str:
    return _secrets.token_urlsafe(32)


def browser_hash(nonce: str) -> str:
    """What the platform sees of the browser's nonce: never the nonce itself."""
    return hashlib.sha256(nonce.encode()).hexdigest()


def nonce_cookie_name(*, secure: bool) -> str:
    """``__Host-`` makes the browser refuse the cookie unless it is Secure, for
    ``/`` and without ``Domain`` — no sibling subdomain can plant or read it.
    Plain HTTP (development, tests) cannot carry the prefix."""
    return "__Host-souk_sso" if secure else "souk_sso"


# -- leg 1: start -------------------------------------------------------------------


def _check_may_enter(*, account, shop, support: bool) -> None:
    if shop.status not in (Shop.Status.ACTIVE, Shop.Status.SUSPENDED):
        raise PermissionDenied(_("This shop is closed."))
    with public_schema():
        if support:
            if not may_support(account):
                raise PermissionDenied(_("Only platform support can view a shop as support."))
            if not session_verified(account):
                raise PermissionDenied(
                    _("Viewing a shop as support needs a session verified by two-factor code.")
                )
        elif shop_access(account_id=account.pk, shop_id=shop.pk) is None:
            raise PermissionDenied(_("You have no access to this shop."))


def sso_start_url(*, account, shop, support: bool = False) -> str:
    """Where "Open admin" sends the browser: the shop host's ``/_sso/start/``,
    which sets the browser's nonce cookie and comes back for a ticket."""
    _check_may_enter(account=account, shop=shop, support=support)
    host = shop_host(shop)
    request = signing.dumps(
        {"a": account.pk, "s": int(support)},
        salt=_start_salt(schema_name=shop.schema_name, host=host),
        compress=False,
    )
    return shop_admin_url(host, f"/_sso/start/?{urlencode({'r': request})}")


@dataclass(frozen=True)
class StartRequest:
    account_id: int
    support: bool


def sso_start_read(*, request: str, shop, host: str) -> StartRequest:
    """``r`` as signed by ``sso_start_url`` for this shop and host."""
    try:
        data = signing.loads(
            request or "",
            salt=_start_salt(schema_name=shop.schema_name, host=host),
            max_age=TICKET_SECONDS,
        )
        return StartRequest(account_id=int(data["a"]), support=bool(data["s"]))
    except signing.SignatureExpired:
        raise SSOError(
            _("This sign-in link has expired. Open the shop again from My shops.")
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise SSOError(_("This sign-in link is not valid for this shop.")) from None


def sso_ticket_url(*, shop, start: str, nonce_hash: str) -> str:
    """Leg 1 -> 2: back to the platform, carrying only the nonce's hash."""
    query = urlencode({"r": start, "b": nonce_hash})
    return f"{platform_url('accounts:enter_ticket', shop.pk)}?{query}"


# -- leg 2: ticket ------------------------------------------------------------------


def sso_ticket_for_start(*, account, shop, start: str, nonce_hash: str) -> str:
    """The platform's side of leg 2: ``start`` must have been signed for the
    account now logged in, so nobody can mint a ticket in someone else's name."""
    host = shop_host(shop)
    try:
        request = sso_start_read(request=start, shop=shop, host=host)
    except SSOError as exc:
        raise PermissionDenied(str(exc)) from None
    if request.account_id != account.pk or not BROWSER_HASH.match(nonce_hash or ""):
        raise PermissionDenied(_("This sign-in link is not yours. Open the shop from My shops."))
    return sso_ticket_issue(
        account=account, shop=shop, support=request.support, browser=nonce_hash, host=host
    )


def sso_ticket_issue(
    *, account, shop, browser: str, support: bool = False, host: str | None = None
) -> str:
    """A one-minute URL on the shop's host that logs ``account`` into its admin in
    the browser whose nonce hashes to ``browser``."""
    if not BROWSER_HASH.match(browser or ""):
        raise PermissionDenied(_("This sign-in link is not valid for this shop."))
    _check_may_enter(account=account, shop=shop, support=support)
    with public_schema():
        host = host or shop_host(shop)
        ticket = SSOTicket.objects.create(
            account=account,
            shop=shop,
            host=host,
            support=support,
            browser_hash=browser,
            expires_at=timezone.now() + timedelta(seconds=TICKET_SECONDS),
        )
    token = signing.dumps(
        {"t": str(ticket.pk)}, salt=_salt(schema_name=shop.schema_name, host=host), compress=False
    )
    return shop_admin_url(host, f"/_sso/?{urlencode({'token': token})}")


# -- leg 3: redeem ------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """A valid, unused ticket presented by the browser that started it."""

    ticket_id: uuid.UUID
    account_id: int
    email: str
    support: bool


def _ticket_id(token: str, *, shop, host: str) -> uuid.UUID:
    try:
        payload = signing.loads(
            token or "",
            salt=_salt(schema_name=shop.schema_name, host=host),
            max_age=TICKET_SECONDS,
        )
        return uuid.UUID(str(payload["t"]))
    except signing.SignatureExpired:
        raise SSOError(
            _("This sign-in link has expired. Open the shop again from My shops.")
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise SSOError(_("This sign-in link is not valid for this shop.")) from None


def sso_ticket_check(*, token: str, shop, host: str, nonce: str) -> Pending:
    """Everything redemption checks, without using the ticket up: the shop host
    asks a browser signed in as someone else before redeeming."""
    ticket_id = _ticket_id(token, shop=shop, host=host)
    with public_schema():
        ticket = (
            SSOTicket.objects.filter(
                pk=ticket_id,
                shop_id=shop.pk,
                host=host,
                consumed_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .select_related("account")
            .first()
        )
        if ticket is None:
            raise SSOError(_("This sign-in link was already used or has expired."))
        if not nonce or not hmac.compare_digest(ticket.browser_hash, browser_hash(nonce)):
            raise SSOError(
                _(
                    "This sign-in link was started in another browser. Open the shop "
                    "from My shops in this browser."
                )
            )
        return Pending(
            ticket_id=ticket.pk,
            account_id=ticket.account_id,
            email=ticket.account.email,
            support=ticket.support,
        )


@dataclass
class Entry:
    user: User
    access: ShopAccess | None
    support: bool
    account_id: int


def sso_ticket_redeem(*, token: str, shop, host: str, nonce: str) -> Entry:
    """Consume the token on ``shop``'s ``host`` in the browser holding ``nonce``;
    runs with the connection in that shop's schema and leaves it there."""
    pending = sso_ticket_check(token=token, shop=shop, host=host, nonce=nonce)
    tenant = connection.tenant
    with public_schema(), transaction.atomic():
        consumed = SSOTicket.objects.filter(
            pk=pending.ticket_id,
            shop_id=shop.pk,
            host=host,
            browser_hash=browser_hash(nonce),
            consumed_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).update(consumed_at=timezone.now())
        if consumed != 1:
            raise SSOError(_("This sign-in link was already used or has expired."))
        ticket = SSOTicket.objects.select_related("account").get(pk=pending.ticket_id)
        account = ticket.account
        if not account.is_active:
            raise SSOError(_("This account is disabled."))
        access = None
        if ticket.support:
            if not may_support(account):
                raise SSOError(_("You have no access to this shop."))
            shop_event_record(
                shop=shop,
                action=ShopEvent.Action.SUPPORT_ENTERED,
                actor=account,
                minutes=SUPPORT_SECONDS // 60,
            )
        else:
            access = shop_access(account_id=account.pk, shop_id=shop.pk)
            if access is None:
                raise SSOError(_("You have no access to this shop."))
            if access.kind == "collaborator":
                shop_event_record(
                    shop=shop,
                    action=ShopEvent.Action.COLLABORATOR_ENTERED,
                    actor=account,
                    agency_id=access.agency_id,
                    permissions=access.permissions,
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
    return Entry(user=user, access=access, support=ticket.support, account_id=account_id)
