"""Development: the site's own 404 page even with ``DEBUG`` on.

With ``DEBUG`` on, Django answers a ``Http404`` with its technical page, so nobody
running the demo sees a theme's 404. This middleware (dev settings only, switched by
``DEBUG_THEMED_404``) hands a ``Http404`` raised by a view to the ``handler404`` of
the request's URLconf — a shop's themed page, the platform's own — as production
does. The Wagtail admin keeps Django's page: it is where a developer debugs.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import get_resolver


class ThemedNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404) or request.path.startswith("/admin/"):
            return None
        handler = get_resolver(getattr(request, "urlconf", None)).resolve_error_handler(404)
        return handler(request, exception)
