"""Import jobs, what they found, and the spreadsheet columns Souk keeps but does not use.

An ``ImportJob`` lives in the shop's schema, so another shop's staff cannot even name
it; its uploaded file sits under the shop's media prefix in the private ``imports/``
folder (``shops.storage``: never served by URL) and is deleted seven days after
upload by ``imports.tasks.import_files_expire``. The job is its own progress record:
``products_done`` counts the products of the file already settled (written, skipped
or failed), committed in the same transaction as their writes, so a job that stops
(a crash, a deploy, the merchant's cancel) resumes from exactly there.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shops.links import WebAddressField

FILE_KEEP_DAYS = 7


def import_file_name(job: ImportJob, filename: str) -> str:
    """A random name: the merchant's file name is shown, never used as a path."""
    return f"imports/{uuid.uuid4().hex}.csv"


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        PRODUCTS = "products", _("Products")
        CUSTOMERS = "customers", _("Customers")
        INVENTORY = "inventory", _("Inventory")

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        REFUSED = "refused", _("File refused")
        PREVIEW = "preview", _("Ready to import")
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Importing")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Stopped by an error")
        DONE = "done", _("Done")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CHECKING
    )
    file = models.FileField(_("file"), upload_to=import_file_name, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    encoding = models.CharField(max_length=16, blank=True)
    delimiter = models.CharField(max_length=1, blank=True)
    header_set = models.CharField(_("format"), max_length=16, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    overwrite = models.BooleanField(_("overwrite products with matching handles"), default=False)
    valid_only = models.BooleanField(_("import valid products only"), default=False)
    total_rows = models.PositiveIntegerField(default=0)
    total_items = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    items_done = models.PositiveIntegerField(default=0)
    # What the check found and what the import did, each
    # {"new": n, "updated": n, "unchanged": n, "skipped": n, "failed": n}.
    counts = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    preview_rows = models.JSONField(default=list, blank=True)
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    file_deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["products", "customers", "inventory"]),
                name="import_job_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(items_done__lte=models.F("total_items")) | Q(total_items=0),
                name="import_job_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.QUEUED, self.Status.RUNNING)

    @property
    def can_resume(self) -> bool:
        return self.status in (self.Status.CANCELLED, self.Status.FAILED) and bool(self.file)

    @property
    def percent(self) -> int:
        if not self.total_items:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.items_done / self.total_items))


class ImportProblem(models.Model):
    """One error or warning of a file, where the merchant finds it in the spreadsheet."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="problems")
    row = models.PositiveIntegerField(_("row"))
    column = models.CharField(_("column"), max_length=255, blank=True)
    message = models.TextField(_("reason"))
    handle = models.CharField(_("handle"), max_length=255, blank=True)
    warning = models.BooleanField(default=False)
    # Found while checking (preview) or while writing (a race since the preview).
    while_importing = models.BooleanField(default=False)

    class Meta:
        ordering = ["row", "id"]
        indexes = [models.Index(fields=["job", "row"], name="import_problem_job_row")]

    def __str__(self) -> str:
        return f"row {self.row} {self.column}: {self.message}"


class ImportOutcome(models.Model):
    """What happened to one product (or customer) of the file: the result page's list."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        UNCHANGED = "unchanged", _("Unchanged")
        SKIPPED = "skipped", _("Skipped (exists)")
        FAILED = "failed", _("Failed")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="outcomes")
    row = models.PositiveIntegerField()
    key = models.CharField(max_length=255)
    action = models.CharField(max_length=16, choices=Action.choices)
    object_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["row", "id"]
        indexes = [models.Index(fields=["job", "action", "row"], name="import_outcome_job_action")]

    def __str__(self) -> str:
        return f"row {self.row} {self.key}: {self.action}"


class KeptColumns(models.Model):
    """Spreadsheet columns of a product that Souk does not use (metafields, Google
    Shopping, market prices, tax codes…), as they came: export gives them back.

    ``columns``: ``{"product": {header: value}, "variants": {"S/Red/": {header: value}}}``
    with variants keyed by their option values, which survive a move between shops
    where ids do not. Known Shopify columns that Souk does not store are kept under
    ``@<key>`` so they are written back under either header set's name.
    """

    product = models.OneToOneField(
        "catalog.Product", on_delete=models.CASCADE, related_name="kept_columns"
    )
    columns = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"kept columns of product {self.product_id}"


class ImageFetch(models.Model):
    """A product image named by URL in an imported file, fetched by a task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Added")
        FAILED = "failed", _("Failed")

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="image_fetches")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    # http(s) only (shops.links): the fetcher refuses anything else anyway
    # (kernel.outbound_http), but a stored link is checked where it is stored too.
    url = WebAddressField(max_length=2048)
    alt_text = models.CharField(max_length=255, blank=True)
    position = models.PositiveIntegerField(default=0)
    row = models.PositiveIntegerField(default=0)
    # The variants this picture shows, by option values ("S/Red/"): "Variant image".
    variants = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["product_id", "position", "id"]
        indexes = [models.Index(fields=["job", "status"], name="image_fetch_job_status")]

    def __str__(self) -> str:
        return f"{self.url} ({self.status})"


class CustomerKeptColumns(models.Model):
    """Columns of Shopify's customer CSV that a customer record does not hold — the
    default address of a customer without an account, SMS consent, tax exemption —
    kept as they came and given back on export."""

    customer = models.OneToOneField(
        "customers.Customer", on_delete=models.CASCADE, related_name="kept_columns"
    )
    columns = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"kept columns of customer {self.customer_id}"
