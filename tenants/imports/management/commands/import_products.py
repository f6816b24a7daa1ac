"""``manage.py import_products --shop <subdomain> FILE``: the admin's import, in a terminal.

The same job as the admin's (upload, check, run through the same services), so the
shop's import list shows it too; a rich progress bar follows the job's own counters,
and the report (counts, then every problem with its row and column) is printed at the
end. ``--check`` stops after the preview; ``--overwrite`` and ``--valid-only`` are the
admin's two ticks.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from imports.models import ImportJob
from imports.runs import import_check, import_run
from imports.services import import_start, import_upload
from shops.models import Shop


class Command(BaseCommand):
    help = "Import a Shopify product CSV into a shop, with a progress bar and a report."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--shop", required=True, help="the shop's subdomain or schema")
        parser.add_argument("--kind", default="products", choices=ImportJob.Kind.values)
        parser.add_argument("--overwrite", action="store_true")
        parser.add_argument("--valid-only", action="store_true")
        parser.add_argument("--check", action="store_true", help="preview only, write nothing")

    def handle(self, *args, file: Path, shop: str, kind: str, **options):
        found = (
            Shop.objects.filter(subdomain=shop).first()
            or Shop.objects.filter(schema_name=shop).first()
        )
        if found is None:
            raise CommandError(f"No shop {shop!r}.")
        if not file.is_file():
            raise CommandError(f"No file {file}.")
        console = Console(file=self.stdout._out, highlight=False)
        with schema_context(found.schema_name):
            with file.open("rb") as handle:
                upload = File(handle, name=file.name)
                upload.size = file.stat().st_size
                try:
                    job = import_upload(
                        kind=kind, file=upload, overwrite=options["overwrite"], check_now=True
                    )
                except ValidationError as error:
                    raise CommandError(" ".join(error.messages)) from None
            if job.status == ImportJob.Status.CHECKING:
                job = import_check(job=job)
            self._report(console, job, preview=True)
            if job.status == ImportJob.Status.REFUSED or options["check"]:
                return
            try:
                import_start(job=job, valid_only=options["valid_only"], queue=False)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            job = self._run_with_bar(console, job, found.schema_name)
            self._report(console, job, preview=False)

    def _run_with_bar(self, console, job: ImportJob, schema: str) -> ImportJob:
        """Run the job here while a thread reads its counters for the bar."""
        done = threading.Event()

        def watch(progress, task):
            with schema_context(schema):
                while not done.wait(0.5):
                    row = ImportJob.objects.filter(pk=job.pk).values("items_done").first()
                    progress.update(task, completed=row["items_done"])

        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console) as progress:
            task = progress.add_task(job.get_kind_display(), total=job.total_items, rate="")
            watcher = threading.Thread(target=watch, args=(progress, task), daemon=True)
            watcher.start()
            started = time.monotonic()
            try:
                job = import_run(job_id=job.pk)
            finally:
                done.set()
                watcher.join()
            seconds = max(time.monotonic() - started, 0.001)
            progress.update(
                task,
                completed=job.items_done,
                rate=f"{job.rows_done / seconds:,.0f} rows/s",
            )
        return job

    def _report(self, console, job: ImportJob, *, preview: bool) -> None:
        if job.status == ImportJob.Status.REFUSED:
            console.print(f"[red]Refused:[/red] {job.error}")
            return
        counts = job.counts if preview else job.result
        title = "Preview" if preview else f"Result ({job.get_status_display()})"
        table = Table(title=title)
        for name in ("new", "updated", "unchanged", "skipped", "failed"):
            table.add_column(name)
        table.add_row(
            *(str(counts.get(n, 0)) for n in ("new", "updated", "unchanged", "skipped", "failed"))
        )
        console.print(table)
        for warning in job.warnings:
            console.print(f"[yellow]{warning}[/yellow]")
        if job.error:
            console.print(f"[red]{job.error}[/red]")
        problems = job.problems.filter(while_importing=not preview)
        for problem in problems[:200]:
            level = "warning" if problem.warning else "error"
            console.print(f"row {problem.row} {problem.column or '-'}: {level}: {problem.message}")
        if problems.count() > 200:
            console.print(f"… and {problems.count() - 200} more.")
