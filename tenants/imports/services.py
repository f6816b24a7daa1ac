"""Import jobs as the merchant drives them: upload, start, cancel, resume.

Nothing is written to the shop's catalogue before the merchant confirms the preview
(``import_start``). The check and the run themselves are ``imports.runs``, queued as
tasks (``imports.tasks``) after the transaction that asks for them commits.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from imports.models import ImportJob
from imports.products_io import plan_limit_message
from imports.runs import import_check
from imports.tasks import import_check_task, import_run_task
from kernel.schemas import on_commit_in_schema

# --- Upload and check -------------------------------------------------------------


def import_upload(
    *, kind: str, file, overwrite: bool = False, user=None, check_now: bool = False
) -> ImportJob:
    """Store the uploaded file under the shop's private ``imports/`` folder and queue
    its check. ``ValidationError`` for a file too large or not a ``.csv``."""
    if kind not in ImportJob.Kind.values:
        raise ValidationError({"kind": _("Choose products, customers or inventory.")})
    size = getattr(file, "size", None) or 0
    if size > settings.CSV_IMPORT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is %(size)d MB; the most is %(max)d MB.")
                % {
                    "size": size // (1024 * 1024) + 1,
                    "max": settings.CSV_IMPORT_MAX_BYTES // (1024 * 1024),
                }
            }
        )
    name = str(getattr(file, "name", "") or "import.csv")
    if not name.lower().endswith((".csv", ".txt")):
        raise ValidationError({"file": _("Choose a .csv file (Save as… CSV in a spreadsheet).")})
    with transaction.atomic():
        job = ImportJob(
            kind=kind,
            file_name=name[-255:],
            file_size=size,
            overwrite=overwrite,
            created_by=user if getattr(user, "pk", None) else None,
        )
        job.file.save("upload.csv", file, save=False)
        job.save()
        log(instance=job, action="imports.upload", user=user, data={"file": job.file_name})
        if not check_now:
            job_id = job.pk
            on_commit_in_schema(lambda: import_check_task.delay(job_id=job_id))
    if check_now:
        import_check(job=job)
    return job


def import_errors(job: ImportJob) -> int:
    return job.problems.filter(warning=False).count()


# --- Run ------------------------------------------------------------------------------


def import_start(
    *, job: ImportJob, valid_only: bool = False, user=None, queue: bool = True
) -> ImportJob:
    """The merchant confirmed the preview: queue the run (``queue=False``: the caller
    runs it itself, as ``manage.py import_products`` does with its progress bar)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.PREVIEW:
            raise ValidationError(_("This import has already been started."))
        job.error = plan_limit_message(job)
        if job.error:
            job.save(update_fields=["error", "updated_at"])
            raise ValidationError(job.error)
        if import_errors(job) and not valid_only:
            raise ValidationError(
                _("The file has errors: fix them, or import the valid products only.")
            )
        job.valid_only = valid_only
        job.status = ImportJob.Status.QUEUED
        job.save(update_fields=["valid_only", "status", "updated_at"])
        log(instance=job, action="imports.start", user=user)
        if queue:
            _queue_run(job)
    return job


def _queue_run(job: ImportJob) -> None:
    job_id = job.pk
    on_commit_in_schema(lambda: import_run_task.delay(job_id=job_id))


def import_cancel(*, job: ImportJob, user=None) -> ImportJob:
    """Stop a job between two batches (what is written stays written)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status in (ImportJob.Status.QUEUED, ImportJob.Status.PREVIEW):
            job.status = ImportJob.Status.CANCELLED
            job.finished_at = timezone.now()
        elif job.status == ImportJob.Status.RUNNING:
            job.cancel_requested = True
        else:
            raise ValidationError(_("This import is not running."))
        job.save()
        log(instance=job, action="imports.cancel", user=user)
    return job


def import_resume(*, job: ImportJob, user=None) -> ImportJob:
    """Go on from the last product written (a cancelled or crashed job)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if not job.can_resume:
            raise ValidationError(_("Only a stopped import with its file can be resumed."))
        job.status = ImportJob.Status.QUEUED
        job.cancel_requested = False
        job.finished_at = None
        job.error = ""
        job.save()
        log(instance=job, action="imports.resume", user=user)
        _queue_run(job)
    return job
