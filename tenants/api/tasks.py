"""The API's background work: forgetting idempotency keys after their 24 hours.

Beat sends the fan-out from the public schema; each shop's task runs in its schema.
"""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_tenant_model, tenant_context

from api.idempotency import idempotency_keys_purge


@shared_task
def idempotency_keys_purge_shop() -> int:
    return idempotency_keys_purge()


@shared_task
def idempotency_keys_purge_all_shops() -> int:
    queued = 0
    for shop in get_tenant_model().objects.serving().order_by("pk").iterator():
        with tenant_context(shop):
            idempotency_keys_purge_shop.delay()
        queued += 1
    return queued
