"""Background work of the shops app (public schema).

Periodic fan-outs (custom domain checks, usage snapshots) are sent by celery beat
from the public schema and queue one small task per domain or shop, so one slow DNS
answer or one large schema does not hold up the rest. Every task is idempotent.
"""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from kernel.schemas import public_schema
from shops.domain_checks import domain_verify
from shops.models import Domain, Shop
from shops.schema_pool import schema_pool_refill
from shops.usage import shop_usage_refresh


@shared_task(acks_late=True, ignore_result=True)
def refill_schema_pool() -> int:
    """Top up the pool of pre-cloned shop schemas after a sign-up took one."""
    return schema_pool_refill()


@shared_task(acks_late=True, ignore_result=True)
def verify_domain(domain_id: int) -> bool:
    """Check one pending custom domain's DNS; whether it is now verified."""
    row = domain_verify(domain_id=domain_id)
    return bool(row is not None and row.is_verified)


@shared_task(acks_late=True, ignore_result=True)
def verify_pending_domains() -> int:
    """Queue a check for each pending domain claimed in the last
    ``CUSTOM_DOMAIN_PENDING_DAYS`` days; older claims are only checked when the
    merchant asks (the "Check now" button). How many were queued."""
    since = timezone.now() - timedelta(days=settings.CUSTOM_DOMAIN_PENDING_DAYS)
    with public_schema():
        ids = list(
            Domain.objects.pending()
            .filter(created_at__gte=since, tenant__status="active")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk in ids:
            verify_domain.delay(pk)
    return len(ids)


@shared_task(acks_late=True, ignore_result=True)
def refresh_shop_usage(shop_id: int) -> None:
    """Recount one shop's products, orders and storage (shops.usage)."""
    shop_usage_refresh(shop_id=shop_id)


@shared_task(acks_late=True, ignore_result=True)
def refresh_shop_usage_all_shops() -> int:
    """Queue ``refresh_shop_usage`` for every shop that still has a schema."""
    with public_schema():
        ids = list(Shop.objects.serving().order_by("pk").values_list("pk", flat=True))
        for pk in ids:
            refresh_shop_usage.delay(pk)
    return len(ids)
