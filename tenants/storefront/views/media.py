"""Development-only media serving."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve


def media(request: HttpRequest, path: str) -> HttpResponse:
    """Development only: serve this shop's media from its own folder.

    In production media comes from a separate host (S3 and a CDN), never from the
    shop's origin; this view is not routed when DEBUG is off.
    """
    if not settings.DEBUG or not hasattr(default_storage, "base_location"):
        raise Http404
    return serve(request, path, document_root=default_storage.location)
