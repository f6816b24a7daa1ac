"""Periodic stock work: giving back what abandoned checkouts held.

Celery beat sends ``release_expired_reservations_all_shops`` from the public schema
(every minute is plenty: a hold outliving its expiry by a minute costs nothing but a
unit shown as unavailable a little longer). It sends one
``release_expired_reservations`` per shop from inside that shop's schema, so
tenant-schemas-celery runs each in its shop's schema, on any worker, in parallel, and
one slow or broken shop does not hold up the others. Both are idempotent.
"""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import get_tenant_model, tenant_context

from inventory.services import reservations_release_expired


@shared_task
def release_expired_reservations() -> int:
    """Release the current shop's expired holds; how many were released."""
    return reservations_release_expired()


@shared_task
def release_expired_reservations_all_shops() -> int:
    """Queue ``release_expired_reservations`` for every shop; how many were queued.

    Closed shops are skipped (their schema may be gone); suspended ones are not,
    since their holds still keep units from the merchant's own view of stock.
    """
    shops = get_tenant_model().objects.serving().order_by("pk")
    queued = 0
    for shop in shops.iterator():
        with tenant_context(shop):
            release_expired_reservations.delay()
        queued += 1
    return queued
