"""Import work in the background, each task in the schema of the shop that queued it
(tenant-schemas-celery); eager in development (no broker), so the same code runs in
the request there.

``import_files_expire_all_shops`` (celery beat, hourly) deletes uploaded files seven
days after upload, shop by shop, keeping the job, its counts and its problems.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone
from django_tenants.utils import get_tenant_model, tenant_context

from imports.models import FILE_KEEP_DAYS, ImportJob


@shared_task(acks_late=True)
def import_check_task(*, job_id: int) -> str:
    from imports.services import import_check

    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.CHECKING).first()
    if job is None:
        return "gone"
    return import_check(job=job).status


@shared_task(acks_late=True)
def import_run_task(*, job_id: int) -> str:
    from imports.services import import_run

    return import_run(job_id=job_id).status


@shared_task(acks_late=True)
def image_fetch_task(*, job_id: int) -> int:
    from imports.images import images_fetch

    return images_fetch(job_id=job_id)


@shared_task
def import_files_expire() -> int:
    """Delete this shop's import files older than ``FILE_KEEP_DAYS``; how many."""
    cutoff = timezone.now() - timedelta(days=FILE_KEEP_DAYS)
    deleted = 0
    for job in ImportJob.objects.filter(created_at__lt=cutoff, file_deleted_at__isnull=True):
        if job.is_active:
            continue
        if job.file:
            job.file.delete(save=False)
        job.file = ""
        job.file_deleted_at = timezone.now()
        job.save(update_fields=["file", "file_deleted_at", "updated_at"])
        deleted += 1
    return deleted


@shared_task
def import_files_expire_all_shops() -> int:
    queued = 0
    for shop in get_tenant_model().objects.serving().order_by("pk").iterator():
        with tenant_context(shop):
            import_files_expire.delay()
        queued += 1
    return queued
