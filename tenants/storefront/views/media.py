"""Development-only media serving."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve

from shops.storage import is_private

INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"})


def media(request: HttpRequest, path: str) -> HttpResponse:
    """Development only: serve this shop's media from its own folder.

    In production media comes from a separate host (S3 and a CDN), never from the
    shop's origin; this view is not routed when DEBUG is off.
    """
    if not settings.DEBUG or not hasattr(default_storage, "base_location"):
        raise Http404
    # The storage's URLs carry the shop's prefix (``/media/<schema>/...``); a path
    # under any other prefix is not this shop's.
    prefix = f"{connection.schema_name}/"
    if not path.startswith(prefix):
        raise Http404
    name = path.removeprefix(prefix)
    if is_private(name):
        raise Http404  # documents: only through Wagtail's permission-checked view
    response = serve(request, name, document_root=default_storage.location)
    # Never a page on the shop's origin: a picture shows, anything else downloads.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    if response.get("Content-Type", "").split(";")[0] not in INLINE_TYPES:
        response["Content-Disposition"] = "attachment"
    return response
