"""What a job's progress bar shows: rows done of the total, the rate, time left."""

from __future__ import annotations

from django.utils import timezone

from imports.models import ImportJob


def job_progress(job: ImportJob) -> dict:
    rate = None
    eta = None
    if job.started_at and job.rows_done:
        end = job.finished_at or timezone.now()
        seconds = max((end - job.started_at).total_seconds(), 0.001)
        rate = round(job.rows_done / seconds, 1)
        left = max(job.total_rows - 1 - job.rows_done, 0)
        eta = round(left / rate) if rate and job.status == ImportJob.Status.RUNNING else 0
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "percent": job.percent,
        "items_done": job.items_done,
        "total_items": job.total_items,
        "rows_done": job.rows_done,
        "total_rows": max(job.total_rows - 1, 0),
        "rows_per_second": rate,
        "seconds_left": eta,
        "active": job.is_active,
        "result": job.result,
    }
