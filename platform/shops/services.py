"""Writes on a shop's life: suspend, reactivate, delete.

Making a shop is ``provisioning.services.shop_provision`` (it needs the owner's
account and the account's limits, which sit above ``shops``); custom domains are
``domains.services``. Export lives in ``shops.export``, usage counting in
``shops.usage``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import (
    AbstractBaseUser as User,  # the platform account (AUTH_USER_MODEL); accounts sits above shops
)
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.models import Domain, Shop, ShopEvent
from shops.routing import directory


def shop_domain_for(subdomain: str) -> str:
    return f"{subdomain}.{settings.PLATFORM_DOMAIN}"


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
