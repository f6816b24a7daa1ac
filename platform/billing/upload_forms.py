"""The shop admin's image and document upload forms, held to the plan's media storage.

Wagtail builds every image and document form (single and multiple upload, the
choosers' upload tab, replacing a file) on the base named by
``WAGTAILIMAGES_IMAGE_FORM_BASE`` / ``WAGTAILDOCS_DOCUMENT_FORM_BASE``, so checking
here covers every way a merchant adds a file in the admin. The check counts what the
new file adds (its size, less the size of the file it replaces) against the plan and
refuses it with the plan's message before anything is stored.

Form validation runs outside a transaction, so two uploads racing for the last bytes
can both pass: the overrun is bounded by one file (Wagtail's own
``WAGTAILIMAGES_MAX_UPLOAD_SIZE``), which is accepted rather than holding the
subscription row locked across a file upload.
"""

from __future__ import annotations

from django.db import connection
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from billing.limits import LimitReached, limit_check


class _StorageLimited:
    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        shop = getattr(connection, "tenant", None)
        if upload is None or "file" not in self.changed_data or shop is None:
            return cleaned
        if getattr(shop, "schema_name", "public") == "public":
            return cleaned
        replaced = (self.instance.file_size or 0) if self.instance.pk else 0
        adding = max(0, upload.size - replaced)
        try:
            limit_check(shop=shop, resource="storage_bytes", adding=adding)
        except LimitReached as exc:
            self.add_error("file", exc)
        return cleaned


class StorageLimitedImageForm(_StorageLimited, BaseImageForm):
    pass


class StorageLimitedDocumentForm(_StorageLimited, BaseDocumentForm):
    pass
