"""Writes on shops: provisioning, the lifecycle (suspend, reactivate, delete) and
custom domains (add, verify, make primary, remove).

Export lives in shops.export (it is long and has no transaction to speak of); usage
counting in shops.usage.
"""

from __future__ import annotations

import secrets as _secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context
from wagtail.models import Site

from accounts.limits import shop_creation_check, shop_creation_count
from accounts.models import User
from billing.limits import limit_check
from cms.shop_setup import shop_storefront_setup
from countries import COUNTRY_CODES, country_currency
from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.cloning import schema_clone
from shops.hostnames import normalize_custom_domain
from shops.models import Domain, Shop, ShopEvent
from shops.routing import directory
from shops.schema_pool import schema_pool_claim
from shops.subdomains import schema_name_for, validate_subdomain
from shops.tasks import refill_schema_pool, verify_domain

MAX_NAME_LENGTH = 100


def _validate_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Give the shop a name.")]})
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            {"name": [_("The name can be at most %(max)d characters.") % {"max": MAX_NAME_LENGTH}]}
        )
    return name


def _validate_owner_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"owner_email": [_("Enter a valid e-mail address.")]}) from None
    return email


def shop_domain_for(subdomain: str) -> str:
    return f"{subdomain}.{settings.PLATFORM_DOMAIN}"


def shop_provision(
    *,
    name: str,
    subdomain: str,
    owner_email: str,
    owner_password: str | None = None,
    theme: str = "base",
    country: str = "US",
    currency: str | None = None,
    ip: str | None = None,
) -> Shop:
    """Create a shop that serves its storefront and admin as soon as this returns.

    Everything happens in one transaction — the public rows, the cloned schema (DDL
    is transactional in PostgreSQL), the Wagtail home page and Site, the owner's
    staff user — so a failure at any step leaves no schema, domain or user behind.

    Every way of making a shop comes here, so the limit on making shops lives here
    (``accounts.limits.shop_creation_check``): the owner's cap and hourly count, and
    the client's ``ip`` when a request asked for the shop.

    ``country`` is where the merchant sells from; the shop starts in its currency
    (unless ``currency`` says otherwise) and ready to sell: shipping zones, tax,
    home page, policies and menus (``cms.shop_setup``).

    ``owner_password`` is the *platform* account's, used only when this creates the
    account. The owner's staff user in the shop has no password: it is linked to
    the account and entered by single sign-on from "My shops" (accounts.sso).
    """
    with public_schema(), transaction.atomic():
        shop_creation_check(owner_email=owner_email, ip=ip)
        shop = _shop_provision(
            name=name,
            subdomain=subdomain,
            owner_email=owner_email,
            owner_password=owner_password,
            theme=theme,
            country=country,
            currency=currency,
        )
        shop_creation_count(owner_email=owner_email, ip=ip)
    return shop


def _validate_country(country: str) -> str:
    country = (country or "").strip().upper()
    if country not in COUNTRY_CODES:
        raise ValidationError({"country": [_("Choose the country your shop sells from.")]})
    return country


def _shop_provision(
    *, name, subdomain, owner_email, owner_password, theme, country, currency
) -> Shop:
    name = _validate_name(name)
    country = _validate_country(country)
    currency = (currency or country_currency(country)).upper()
    owner_email = _validate_owner_email(owner_email)
    validate_subdomain(subdomain)

    domain_name = shop_domain_for(subdomain)
    try:
        with transaction.atomic():
            owner = User.objects.filter(email__iexact=owner_email).first()
            if owner is None:
                owner = User(email=owner_email)
                owner.set_password(owner_password)
                owner.save()
            shop = Shop.objects.create(
                name=name,
                subdomain=subdomain,
                schema_name=schema_name_for(subdomain),
                owner=owner,
                theme=theme,
                country=country,
                currency=currency,
            )
            Domain.objects.create(
                domain=domain_name, tenant=shop, is_primary=True, verified_at=timezone.now()
            )
            if not schema_pool_claim(target=shop.schema_name):
                schema_clone(target=shop.schema_name)
            with tenant_context(shop):
                _shop_schema_setup(shop=shop, domain_name=domain_name, owner=owner)
            shop_event_record(shop=shop, action=ShopEvent.Action.PROVISIONED, actor=owner)
            directory.invalidate_on_commit()
            if settings.SHOP_SCHEMA_POOL_SIZE:
                transaction.on_commit(refill_schema_pool.delay)
    except IntegrityError as exc:
        # Two sign-ups racing for one subdomain: the unique constraint decides.
        if Shop.objects.filter(subdomain=subdomain).exists() or "subdomain" in str(exc):
            raise ValidationError(
                {"subdomain": [_("“%(name)s” is already taken.") % {"name": subdomain}]}
            ) from exc
        raise
    return shop


def _shop_schema_setup(*, shop: Shop, domain_name: str, owner: User) -> None:
    """Inside the new schema: the storefront and what selling needs (cms.shop_setup),
    the owner as staff (linked to the platform account, no password: accounts.shop_staff)."""
    shop_storefront_setup(
        name=shop.name, hostname=domain_name, country=shop.country, currency=shop.currency
    )
    staff = User(email=owner.email, is_staff=True, is_superuser=True, platform_account_id=owner.pk)
    staff.set_unusable_password()
    staff.save()


def shop_suspend(
    *, shop: Shop, reason: str = "", actor: User | None = None, actor_name: str = ""
) -> Shop:
    """Close the storefront ("temporarily closed", 503); the admin stays reachable."""
    with public_schema(), transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        if shop.status == Shop.Status.SUSPENDED:
            return shop
        if shop.status != Shop.Status.ACTIVE:
            raise ValidationError(_("Only an active shop can be suspended."))
        shop.status = Shop.Status.SUSPENDED
        shop.suspended_at = timezone.now()
        shop.save(update_fields=["status", "suspended_at", "updated_at"])
        shop_event_record(
            shop=shop,
            action=ShopEvent.Action.SUSPENDED,
            actor=actor,
            actor_name=actor_name,
            reason=reason,
        )
        directory.invalidate_on_commit()
    return shop


def shop_reactivate(*, shop: Shop, actor: User | None = None, actor_name: str = "") -> Shop:
    with public_schema(), transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        if shop.status == Shop.Status.ACTIVE:
            return shop
        if shop.status != Shop.Status.SUSPENDED:
            raise ValidationError(_("Only a suspended shop can be reactivated."))
        shop.status = Shop.Status.ACTIVE
        shop.suspended_at = None
        shop.save(update_fields=["status", "suspended_at", "updated_at"])
        shop_event_record(
            shop=shop, action=ShopEvent.Action.REACTIVATED, actor=actor, actor_name=actor_name
        )
        directory.invalidate_on_commit()
    return shop


def shop_delete(
    *, shop: Shop, confirm_subdomain: str, actor: User | None = None, actor_name: str = ""
) -> None:
    """Drop the shop's schema, domains and media. Irreversible, hence the typed name."""
    if confirm_subdomain != shop.subdomain:
        raise ValidationError(
            {
                "confirm_subdomain": [
                    _("Type the shop's subdomain “%(name)s” to confirm.") % {"name": shop.subdomain}
                ]
            }
        )
    schema = shop.schema_name
    with public_schema(), transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        shop_event_record(
            shop=shop, action=ShopEvent.Action.DELETED, actor=actor, actor_name=actor_name
        )
        Domain.objects.filter(tenant=shop).delete()
        with connection.cursor() as cursor:
            # Deferred foreign-key checks still pending in this transaction (a shop
            # provisioned and deleted in one transaction, as in tests) make PostgreSQL
            # refuse to drop their tables; run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        Shop.objects.filter(pk=shop.pk).delete()
        directory.invalidate_on_commit()
        transaction.on_commit(lambda: _media_delete(schema))


def _media_delete(schema: str) -> None:
    default_storage.delete_prefix(schema)


# -- Custom domains ------------------------------------------------------------------
#
# The shop admin runs in the shop's schema; these services write public ``Domain``
# rows and are the one documented way across (they switch to the public schema
# themselves). Every write takes the shop from the caller — the shop admin passes
# ``request.tenant`` — and filters by it, so one shop can never touch another's rows.


def _domain_error(message: str) -> ValidationError:
    return ValidationError({"domain": [message]})


def _new_verification_token() -> str:
    return f"souk-{_secrets.token_hex(16)}"


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
