"""Import work in the background, each task in the schema of the shop that queued it
(tenant-schemas-celery); eager in development (no broker), so the same code runs in
the request there.

``import_files_expire_all_shops`` (celery beat, hourly) deletes uploaded files seven
days after upload, shop by shop, keeping the job, its counts and its problems.
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import get_tenant_model, tenant_context

from imports.images import images_fetch
from imports.models import FILE_KEEP_DAYS, ImageFetch, ImportJob
from imports.runs import import_check, import_run


@shared_task(acks_late=True)
def import_check_task(*, job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.CHECKING).first()
    if job is None:
        return "gone"
    return import_check(job=job).status


@shared_task(acks_late=True)
def import_run_task(*, job_id: int) -> str:
    job = import_run(job_id=job_id)
    if (
        job.status == ImportJob.Status.DONE
        and settings.CSV_IMPORT_FETCH_IMAGES
        and job.image_fetches.filter(status=ImageFetch.Status.PENDING).exists()
    ):
        image_fetch_task.delay(job_id=job.pk)
    return job.status


@shared_task(acks_late=True)
def image_fetch_task(*, job_id: int) -> int:
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
