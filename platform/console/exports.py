"""Running a shop export the console asked for (``console.tasks.run_shop_export``).

Apart from ``console.services``, which queues that task.
"""

from __future__ import annotations

from django.utils import timezone

from console.models import ShopExport
from kernel.schemas import public_schema
from shops.export import ShopExportError, shop_export


def shop_export_run(*, export_id: int) -> ShopExport | None:
    """Write the archive (``shops.export.shop_export``) and record the outcome.

    Idempotent: a finished export is left alone, so a redelivered task does nothing.
    """
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
