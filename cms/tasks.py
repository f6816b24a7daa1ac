"""Scheduled publishing: pages whose "go live" time has come are published.

Wagtail publishes scheduled revisions with its ``publish_scheduled`` command, which
works on the current schema only. Celery beat sends ``publish_scheduled_all_shops``
from the public schema every minute; it queues one ``publish_scheduled`` per
serving shop, run inside that shop's schema (tenant-schemas-celery), so a slow
shop holds up no other. Both are idempotent: a revision published once is no
longer scheduled; expired pages are unpublished by the same command.
"""

from __future__ import annotations

from celery import shared_task
from django.core.management import call_command
from django_tenants.utils import get_tenant_model, tenant_context


@shared_task
def publish_scheduled() -> None:
    """Publish (and expire) the current shop's pages and snippets that are due."""
    call_command("publish_scheduled", verbosity=0)


@shared_task
def publish_scheduled_all_shops() -> int:
    """Queue ``publish_scheduled`` for every serving shop; how many were queued."""
    queued = 0
    for shop in get_tenant_model().objects.serving().order_by("pk").iterator():
        with tenant_context(shop):
            publish_scheduled.delay()
        queued += 1
    return queued
