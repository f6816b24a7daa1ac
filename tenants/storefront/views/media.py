"""Development-only media serving."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve


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
    return serve(request, path.removeprefix(prefix), document_root=default_storage.location)
