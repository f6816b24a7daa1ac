"""Writes on shops: provisioning and the lifecycle (suspend, reactivate, delete).

Export lives in shops.export (it is long and has no transaction to speak of).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from accounts.models import User
from shops.cloning import schema_clone
from shops.models import Domain, Shop, ShopEvent
from shops.routing import directory
from shops.schema_pool import schema_pool_claim
from shops.subdomains import schema_name_for, validate_subdomain
from shops.tasks import refill_schema_pool

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
) -> Shop:
    """Create a shop that serves its storefront and admin as soon as this returns.

    Everything happens in one transaction — the public rows, the cloned schema (DDL
    is transactional in PostgreSQL), the Wagtail home page and Site, the owner's
    staff user — so a failure at any step leaves no schema, domain or user behind.
    """
    with _in_public_schema():
        return _shop_provision(
            name=name,
            subdomain=subdomain,
            owner_email=owner_email,
            owner_password=owner_password,
            theme=theme,
        )


def _in_public_schema():
    """Lifecycle writes touch public rows: run them there whatever schema the
    caller's connection is in (a shop's admin, a task, a test client)."""
    return schema_context(get_public_schema_name())


def _shop_provision(*, name, subdomain, owner_email, owner_password, theme) -> Shop:
    name = _validate_name(name)
    owner_email = _validate_owner_email(owner_email)
    validate_subdomain(subdomain)

    domain_name = shop_domain_for(subdomain)
    # Hashed once: the platform account and the shop's staff user start with the
    # same password (hashing is deliberately slow, ~0.2 s each).
    password_hash = make_password(owner_password)
    try:
        with transaction.atomic():
            owner = User.objects.filter(email__iexact=owner_email).first()
            if owner is None:
                owner = User(email=owner_email)
                owner.password = password_hash
                owner.save()
            shop = Shop.objects.create(
                name=name,
                subdomain=subdomain,
                schema_name=schema_name_for(subdomain),
                owner=owner,
                theme=theme,
            )
            Domain.objects.create(
                domain=domain_name, tenant=shop, is_primary=True, verified_at=timezone.now()
            )
            if not schema_pool_claim(target=shop.schema_name):
                schema_clone(target=shop.schema_name)
            with tenant_context(shop):
                _shop_schema_setup(
                    shop=shop,
                    domain_name=domain_name,
                    owner_email=owner_email,
                    password_hash=password_hash,
                )
            ShopEvent.objects.create(
                shop=shop,
                subdomain=subdomain,
                action=ShopEvent.Action.PROVISIONED,
                actor=owner_email,
            )
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


def _shop_schema_setup(
    *, shop: Shop, domain_name: str, owner_email: str, password_hash: str
) -> None:
    """Inside the new schema: the home page, the Wagtail Site, the owner as staff."""
    from wagtail.models import Page, Site

    from cms.models import HomePage

    root = Page.get_first_root_node()
    home = HomePage(title=shop.name, slug="home", live=True)
    root.add_child(instance=home)
    # Default site: the shop answers on its subdomain and, later, custom domains.
    Site.objects.create(
        hostname=domain_name, port=80, root_page=home, is_default_site=True, site_name=shop.name
    )
    staff = User(email=owner_email, is_staff=True, is_superuser=True)
    staff.password = password_hash
    staff.save()


def shop_suspend(*, shop: Shop, reason: str = "", actor: str = "") -> Shop:
    """Close the storefront ("temporarily closed", 503); the admin stays reachable."""
    with _in_public_schema(), transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        if shop.status == Shop.Status.SUSPENDED:
            return shop
        if shop.status != Shop.Status.ACTIVE:
            raise ValidationError(_("Only an active shop can be suspended."))
        shop.status = Shop.Status.SUSPENDED
        shop.suspended_at = timezone.now()
        shop.save(update_fields=["status", "suspended_at", "updated_at"])
        ShopEvent.objects.create(
            shop=shop,
            subdomain=shop.subdomain,
            action=ShopEvent.Action.SUSPENDED,
            actor=actor,
            detail={"reason": reason},
        )
        directory.invalidate_on_commit()
    return shop


def shop_reactivate(*, shop: Shop, actor: str = "") -> Shop:
    with _in_public_schema(), transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        if shop.status == Shop.Status.ACTIVE:
            return shop
        if shop.status != Shop.Status.SUSPENDED:
            raise ValidationError(_("Only a suspended shop can be reactivated."))
        shop.status = Shop.Status.ACTIVE
        shop.suspended_at = None
        shop.save(update_fields=["status", "suspended_at", "updated_at"])
        ShopEvent.objects.create(
            shop=shop, subdomain=shop.subdomain, action=ShopEvent.Action.REACTIVATED, actor=actor
        )
        directory.invalidate_on_commit()
    return shop


def shop_delete(*, shop: Shop, confirm_subdomain: str, actor: str = "") -> None:
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
    with _in_public_schema(), transaction.atomic():
        shop = Shop.objects.select_for_update().get(pk=shop.pk)
        ShopEvent.objects.create(
            shop=shop, subdomain=shop.subdomain, action=ShopEvent.Action.DELETED, actor=actor
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
