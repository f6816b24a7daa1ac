"""Writes on a shop's custom domains: add, make primary, remove.

The shop admin runs in the shop's schema; these services write public ``Domain``
rows and are the one documented way across (they switch to the public schema
themselves). Every write takes the shop from the caller — the shop admin passes
``request.tenant`` — and filters by it, so one shop can never touch another's rows.

They sit above ``billing`` because a shop's plan may allow fewer custom domains than
``CUSTOM_DOMAINS_PER_SHOP`` (``billing.limits.limit_check``). Checking a domain's DNS
is ``shops.domain_checks``: the periodic task runs it without the admin.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context
from wagtail.models import Site

from accounts.models import User
from billing.limits import limit_check
from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.hostnames import normalize_custom_domain
from shops.models import Domain, Shop, ShopEvent
from shops.routing import directory
from shops.services import shop_domain_for
from shops.tasks import verify_domain


def _domain_error(message: str) -> ValidationError:
    return ValidationError({"domain": [message]})


def _new_verification_token() -> str:
    return f"souk-{secrets.token_hex(16)}"


def domain_add(
    *, shop: Shop, domain: str, actor: User | None = None, actor_name: str = ""
) -> Domain:
    """Claim a custom domain for ``shop``; it serves nothing until DNS proves it.

    A name another shop has *verified* is refused. A name another shop has only
    claimed is not: the TXT token decides who owns it, so nobody can block a domain
    by adding it first.
    """
    name = normalize_custom_domain(domain)
    with public_schema(), transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        existing = Domain.objects.filter(domain=name)
        if existing.filter(tenant=shop).exists():
            raise _domain_error(_("“%(name)s” is already added to this shop.") % {"name": name})
        if existing.verified().exists():
            raise _domain_error(
                _("“%(name)s” is already connected to another shop.") % {"name": name}
            )
        if Domain.objects.filter(tenant=shop).custom().count() >= settings.CUSTOM_DOMAINS_PER_SHOP:
            raise _domain_error(
                _("A shop can have at most %(max)d custom domains.")
                % {"max": settings.CUSTOM_DOMAINS_PER_SHOP}
            )
        # The shop's plan may allow fewer (billing's documented limit service).
        limit_check(shop=shop, resource="custom_domains")
        try:
            with transaction.atomic():
                row = Domain.objects.create(
                    domain=name,
                    tenant=shop,
                    is_primary=False,
                    verification_token=_new_verification_token(),
                )
        except IntegrityError as exc:  # the same shop adding it twice at once
            raise _domain_error(
                _("“%(name)s” is already added to this shop.") % {"name": name}
            ) from exc
        shop_event_record(
            shop=shop,
            action=ShopEvent.Action.DOMAIN_ADDED,
            actor=actor,
            actor_name=actor_name,
            domain=name,
        )
        transaction.on_commit(lambda: verify_domain.delay(row.pk))
    return row


def _shop_domain(shop: Shop, domain_id) -> Domain:
    try:
        return Domain.objects.select_for_update().get(pk=int(domain_id), tenant_id=shop.pk)
    except (Domain.DoesNotExist, TypeError, ValueError):
        raise _domain_error(_("This domain does not belong to this shop.")) from None


def domain_set_primary(
    *, shop: Shop, domain_id: int, actor: User | None = None, actor_name: str = ""
) -> Domain:
    """Make a verified domain the one every other domain of the shop redirects to."""
    with public_schema(), transaction.atomic():
        row = _shop_domain(shop, domain_id)
        if not row.is_verified:
            raise _domain_error(
                _("“%(name)s” must be verified before it can be primary.") % {"name": row.domain}
            )
        if row.is_primary:
            return row
        Domain.objects.filter(tenant_id=shop.pk, is_primary=True).update(is_primary=False)
        row.is_primary = True
        row.save(update_fields=["is_primary"])
        _site_hostname_set(shop, row.domain)
        shop_event_record(
            shop=shop,
            action=ShopEvent.Action.DOMAIN_PRIMARY,
            actor=actor,
            actor_name=actor_name,
            domain=row.domain,
        )
        directory.invalidate_on_commit()
    return row


def _site_hostname_set(shop: Shop, hostname: str) -> None:
    """Wagtail builds absolute URLs (sitemap, previews) from the default Site."""
    with tenant_context(shop):
        Site.objects.filter(is_default_site=True).update(hostname=hostname)


def domain_remove(
    *, shop: Shop, domain_id: int, actor: User | None = None, actor_name: str = ""
) -> None:
    """Disconnect a custom domain. Adding it again means proving it again (new token).

    The shop's own ``<sub>.<PLATFORM_DOMAIN>`` cannot be removed: it is how the
    merchant reaches the admin whatever happens to their DNS. Removing the primary
    domain makes that address primary again.
    """
    with public_schema(), transaction.atomic():
        row = _shop_domain(shop, domain_id)
        if row.is_platform_subdomain:
            raise _domain_error(_("The shop's own address cannot be removed."))
        name, was_primary = row.domain, row.is_primary
        row.delete()
        if was_primary:
            own = shop_domain_for(shop.subdomain)
            Domain.objects.filter(tenant_id=shop.pk, domain=own).update(is_primary=True)
            _site_hostname_set(shop, own)
        shop_event_record(
            shop=shop,
            action=ShopEvent.Action.DOMAIN_REMOVED,
            actor=actor,
            actor_name=actor_name,
            domain=name,
        )
        directory.invalidate_on_commit()
