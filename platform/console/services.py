"""Writes of the console. Lifecycle changes themselves are ``shops.services``;
the console only adds what it needs around them (the export request it tracks)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from console.models import ShopExport
from kernel.schemas import public_schema
from shops.models import Shop


def shop_export_request(*, shop: Shop, actor: str) -> ShopExport:
    """Record the request and run the export in a task once this commits.

    An export takes as long as ``pg_dump`` and the media copy take, far too long for
    a request; the console shows the row as pending and then offers the download.
    """
    from console.tasks import run_shop_export

    with public_schema(), transaction.atomic():
        export = ShopExport.objects.create(shop=shop, subdomain=shop.subdomain, requested_by=actor)
        transaction.on_commit(lambda: run_shop_export.delay(export.pk))
    return export


def shop_export_run(*, export_id: int) -> ShopExport | None:
    """Write the archive (``shops.export.shop_export``) and record the outcome.

    Idempotent: a finished export is left alone, so a redelivered task does nothing.
    """
    from shops.export import ShopExportError, shop_export

    with public_schema():
        export = ShopExport.objects.select_related("shop").filter(pk=export_id).first()
        if export is None or export.status != ShopExport.Status.PENDING:
            return export
        if export.shop is None:
            export.status, export.error = ShopExport.Status.FAILED, "The shop no longer exists."
        else:
            try:
                path = shop_export(shop=export.shop, actor_name=export.requested_by)
            except (ShopExportError, OSError) as error:
                export.status, export.error = ShopExport.Status.FAILED, str(error)[:2000]
            else:
                export.status, export.archive_name = ShopExport.Status.DONE, path.name
        export.finished_at = timezone.now()
        export.save(update_fields=["status", "archive_name", "error", "finished_at"])
        return export
