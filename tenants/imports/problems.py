"""Problems found in a file, saved for the job's page and its CSV download."""

from __future__ import annotations

from imports.models import ImportJob, ImportProblem
from imports.sheet import Problem


def problems_save(job: ImportJob, problems: list[Problem], *, while_importing=False) -> None:
    ImportProblem.objects.bulk_create(
        ImportProblem(
            job=job,
            row=p.row,
            column=p.column[:255],
            message=p.message,
            handle=p.handle[:255],
            warning=p.warning,
            while_importing=while_importing,
        )
        for p in problems
    )
