"""Background work of the console."""

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def run_shop_export(export_id: int) -> None:
    from console.services import shop_export_run

    shop_export_run(export_id=export_id)
