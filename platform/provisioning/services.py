"""Making a shop, whoever asks: sign-up, an agency for its client, ``create_shop``,
``seed_demo``.

A new shop needs the owner's platform account (``accounts``), the account's limit on
making shops (it reads paid plans, ``billing``) and the shop row, schema and domain
(``shops``), so provisioning sits above all three. The new shop's home page and
Wagtail Site come from ``cms.shop_setup.shop_storefront_setup``, a named seam into the shop apps.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.agencies import agency_member_of
from accounts.models import PERMISSIONS, Agency, CollaboratorAccess, Role, User
from accounts.services import membership_create_owner
from cms.shop_setup import shop_storefront_setup
from kernel.countries import COUNTRY_CODES, country_currency
from kernel.schemas import public_schema
from provisioning.seats import invitation_create
from provisioning.shop_limits import shop_creation_check, shop_creation_count
from shops.audit import shop_event_record
from shops.cloning import schema_clone
from shops.models import Domain, Shop, ShopEvent
from shops.routing import directory
from shops.schema_pool import schema_pool_claim
from shops.services import shop_domain_for
from shops.subdomains import schema_name_for, validate_subdomain
from shops.tasks import refill_schema_pool
from themes.services import theme_defaults_install

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

    Every way of making a shop comes here, so the limit on making shops is checked
    here (``provisioning.shop_limits.shop_creation_check``): the owner's cap and hourly count, and
    the client's ``ip`` when a request asked for the shop.

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
    theme_defaults_install(theme=shop.theme)
    staff = User(email=owner.email, is_staff=True, is_superuser=True, platform_account_id=owner.pk)
    staff.set_unusable_password()
    staff.save()


def agency_shop_create(
    *,
    agency: Agency,
    by,
    name: str,
    subdomain: str,
    client_email: str = "",
    ip: str | None = None,
):
    """A shop for a client: ``by`` owns it until the client accepts the hand-over
    invitation; the agency is its collaborator with every permission. It counts
    against ``by``'s limit on making shops until it is handed over."""
    with public_schema(), transaction.atomic():
        if agency_member_of(account=by, agency_id=agency.pk) is None:
            raise PermissionDenied(_("You are not a member of this agency."))
        shop = shop_provision(name=name, subdomain=subdomain, owner_email=by.email, ip=ip)
        membership_create_owner(account=by, shop=shop)
        CollaboratorAccess.objects.create(
            agency=agency,
            shop=shop,
            status=CollaboratorAccess.Status.APPROVED,
            permissions=list(PERMISSIONS),
            requested_by=by,
            decided_by=by,
            decided_at=timezone.now(),
        )
        if client_email:
            invitation_create(shop=shop, by=by, email=client_email, role=Role.ADMIN, hand_over=True)
    return shop
