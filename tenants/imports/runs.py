"""The bodies of the check and run tasks: read the file, hand it to its kind.

Kept apart from ``imports.services`` (which queues these as tasks) and from
``imports.tasks`` (which calls them), so neither imports the other.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports.kinds import checker_for, runner_for
from imports.models import ImportJob, ImportProblem
from imports.products_io import plan_limit_message
from imports.products_plan import HeaderProblem
from imports.reading import UnreadableFile, file_shape

logger = logging.getLogger(__name__)


def import_check(*, job: ImportJob) -> ImportJob:
    """Read the whole file without writing: counts, first products, every problem."""
    ImportProblem.objects.filter(job=job).delete()
    try:
        with job.file.open("rb") as file:
            shape = file_shape(file)
            job.encoding, job.delimiter = shape.encoding, shape.delimiter
            job.warnings = shape.warnings
            checker_for(job.kind)(job=job, file=file, shape=shape)
    except (UnreadableFile, HeaderProblem) as error:
        job.status = ImportJob.Status.REFUSED
        job.error = str(error)
        job.save()
        return job
    job.status = ImportJob.Status.PREVIEW
    job.error = plan_limit_message(job)
    job.save()
    return job


def import_run(*, job_id: int) -> ImportJob:
    """Write the file, batch by batch, from where the job stopped; idempotent."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
            return job
        job.status = ImportJob.Status.RUNNING
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["status", "started_at", "updated_at"])
    try:
        with job.file.open("rb") as file:
            finished = runner_for(job.kind)(job=job, file=file)
    except Exception as error:
        logger.exception("import %s stopped", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED,
            error=_("The import stopped: %(reason)s. Resume it to go on.") % {"reason": error},
            finished_at=timezone.now(),
        )
        raise
    job.refresh_from_db()
    job.status = ImportJob.Status.DONE if finished else ImportJob.Status.CANCELLED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "updated_at"])
    return job
