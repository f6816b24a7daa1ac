"""The import pages: upload, preview, progress, result; and the export downloads.

Views are thin: a form or the query string is parsed, one service is called. A job is
looked up in the shop's own schema (another shop's job id is simply not there: 404),
and each kind of import needs the permissions of what it writes (products: add and
change products; customers: add customers; inventory: change stock).
"""

from __future__ import annotations

import csv
from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from customers.exports import csv_cell
from imports import exports, services
from imports.columns import HEADER_SETS
from imports.models import ImportJob, ImportOutcome
from imports.progress import job_progress

PERMISSIONS = {
    "products": ("catalog.add_product", "catalog.change_product"),
    "customers": ("customers.add_customer", "customers.change_customer"),
    "inventory": ("inventory.change_stocklevel",),
}
EXPORT_PERMISSIONS = {
    "products": ("catalog.view_product",),
    "customers": ("customers.view_customer",),
    "inventory": ("inventory.view_stocklevel",),
}
PROBLEMS_SHOWN = 200
OUTCOMES_SHOWN = 50
OBJECT_URLS = {"products": "catalog_products:edit", "customers": "customers_admin:detail"}


def _object_url(job: ImportJob, outcome: ImportOutcome) -> str:
    name = OBJECT_URLS.get(job.kind)
    return reverse(name, args=[outcome.object_id]) if name and outcome.object_id else ""


def may_import(user, kind: str) -> bool:
    return kind in PERMISSIONS and all(user.has_perm(p) for p in PERMISSIONS[kind])


def _job(request, pk) -> ImportJob:
    job = get_object_or_404(ImportJob, pk=pk)
    if not may_import(request.user, job.kind):
        raise PermissionDenied
    return job


def _any_import(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not any(may_import(request.user, kind) for kind in PERMISSIONS):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file"))
    overwrite = forms.BooleanField(
        label=gettext_lazy("Overwrite products with matching handles"),
        help_text=gettext_lazy(
            "Columns missing from the file keep their stored values. Without this, "
            "products already in the shop are skipped and listed."
        ),
        required=False,
    )


class _Page(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "download"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("imports_admin:index"), "label": _("Imports")},
        ]


class IndexView(_Page):
    template_name = "imports/index.html"
    page_title = gettext_lazy("Import and export")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = [k for k in PERMISSIONS if may_import(self.request.user, k)]
        context.update(
            jobs=ImportJob.objects.filter(kind__in=kinds)[:50],
            kinds=[(k, ImportJob.Kind(k).label) for k in kinds],
            header_sets=HEADER_SETS,
        )
        return context


index = _any_import(IndexView.as_view())


class UploadView(_Page):
    template_name = "imports/upload.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_import(request.user, kwargs["kind"]):
            raise PermissionDenied
        self.kind = kwargs["kind"]
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import %(kind)s") % {"kind": ImportJob.Kind(self.kind).label.lower()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm())
        context["kind"] = self.kind
        return context

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = services.import_upload(
                    kind=self.kind,
                    file=form.cleaned_data["file"],
                    overwrite=form.cleaned_data["overwrite"],
                    user=request.user,
                )
            except ValidationError as error:
                for message in error.message_dict.get("file", error.messages):
                    form.add_error("file", message)
            else:
                return redirect("imports_admin:detail", pk=job.pk)
        return self.render_to_response(self.get_context_data(form=form))


upload = UploadView.as_view()


class DetailView(_Page):
    template_name = "imports/detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.job = _job(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Import of %(name)s") % {"name": self.job.file_name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = self.job
        problems = job.problems.all()
        outcomes = [
            (
                ImportOutcome.Action(action).label,
                [
                    (o, _object_url(job, o))
                    for o in job.outcomes.filter(action=action)[:OUTCOMES_SHOWN]
                ],
                job.result.get(key, 0),
            )
            for action, key in (
                (ImportOutcome.Action.CREATED, "new"),
                (ImportOutcome.Action.UPDATED, "updated"),
                (ImportOutcome.Action.UNCHANGED, "unchanged"),
                (ImportOutcome.Action.SKIPPED, "skipped"),
                (ImportOutcome.Action.FAILED, "failed"),
            )
        ]
        context.update(
            job=job,
            progress=job_progress(job),
            problems=problems[:PROBLEMS_SHOWN],
            problem_count=problems.count(),
            error_count=problems.filter(warning=False).count(),
            outcomes=outcomes,
            terminal=job.status
            in (ImportJob.Status.DONE, ImportJob.Status.CANCELLED, ImportJob.Status.FAILED),
        )
        return context


detail = DetailView.as_view()


@require_GET
def progress(request, pk):
    """What the progress bar shows, polled by ``imports/progress.js``."""
    return JsonResponse(job_progress(_job(request, pk)))


@require_POST
def start(request, pk):
    job = _job(request, pk)
    try:
        services.import_start(
            job=job, valid_only=request.POST.get("valid_only") == "1", user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports_admin:detail", pk=job.pk)


@require_POST
def cancel(request, pk):
    job = _job(request, pk)
    try:
        services.import_cancel(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports_admin:detail", pk=job.pk)


@require_POST
def resume(request, pk):
    job = _job(request, pk)
    try:
        services.import_resume(job=job, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports_admin:detail", pk=job.pk)


class _Echo:
    def write(self, value):
        return value


@require_GET
def problems_csv(request, pk):
    """Every error and warning of the job as CSV: row, column, handle, reason."""
    job = _job(request, pk)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([_("Row"), _("Column"), _("Handle"), _("Level"), _("Reason")])
        for p in job.problems.order_by("row", "id").iterator(chunk_size=1000):
            level = _("Warning") if p.warning else _("Error")
            yield writer.writerow(
                [csv_cell(v) for v in (p.row, p.column, p.handle, level, p.message)]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-problems.csv"'
    return response


@require_GET
def original_file(request, pk):
    job = _job(request, pk)
    if not job.file:
        raise Http404(_("The file was deleted after %(days)d days.") % {"days": 7})
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)


@require_GET
def export(request, kind):
    """A streamed CSV of the whole catalogue (or the products listed by ``?id=``)."""
    permissions = EXPORT_PERMISSIONS.get(kind)
    if permissions is None:
        raise Http404
    if not all(request.user.has_perm(p) for p in permissions):
        raise PermissionDenied
    header_set = request.GET.get("format", "current")
    if header_set not in HEADER_SETS:
        header_set = "current"
    ids = [int(i) for i in request.GET.getlist("id") if i.isdigit()]
    stream = exports.export_stream(kind=kind, header_set=header_set, ids=ids or None)
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.csv"'
    return response
