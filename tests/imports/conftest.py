"""Import fixtures: shop A's schema and a way to upload a sheet and check it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context


@pytest.fixture
def alpha(shop_a):
    with schema_context(shop_a.schema_name):
        yield shop_a


def upload(text: str | bytes, *, kind="products", overwrite=False, name="products.csv", user=None):
    """An import job for ``text``, checked (the preview), nothing written yet."""
    from imports.services import import_upload

    data = text.encode() if isinstance(text, str) else text
    return import_upload(
        kind=kind,
        file=SimpleUploadedFile(name, data, content_type="text/csv"),
        overwrite=overwrite,
        user=user,
        check_now=True,
    )


def run(job, *, valid_only=False):
    """Confirm and run ``job`` here (the task's body; on_commit never fires in a test)."""
    from imports.runs import import_run
    from imports.services import import_start

    import_start(job=job, valid_only=valid_only, queue=False)
    return import_run(job_id=job.pk)
