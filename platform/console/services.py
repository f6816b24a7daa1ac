"""Writes of the console. Lifecycle changes themselves are ``shops.services``;
the console only adds what it needs around them (the export request it tracks)."""

from __future__ import annotations

from django.db import transaction

from console.models import ShopExport
from console.tasks import run_shop_export
from kernel.schemas import public_schema
from shops.models import Shop


def shop_export_request(*, shop: Shop, actor: str) -> ShopExport:
    """Record the request and run the export in a task once this commits.

    An export takes as long as ``pg_dump`` and the media copy take, far too long for
    a request; the console shows the row as pending and then offers the download.
    """
    with public_schema(), transaction.atomic():
        export = ShopExport.objects.create(shop=shop, subdomain=shop.subdomain, requested_by=actor)
        transaction.on_commit(lambda: run_shop_export.delay(export.pk))
    return export
