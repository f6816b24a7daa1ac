"""Background work of the console."""

from celery import shared_task

from console.exports import shop_export_run


@shared_task(acks_late=True, ignore_result=True)
def run_shop_export(export_id: int) -> None:
    shop_export_run(export_id=export_id)
