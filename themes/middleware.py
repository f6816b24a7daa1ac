"""Make the request's theme known to the template loader, and fence off previews.

The loader only sees the template engine, not the request; this middleware puts the
request in a context variable for the time it is served. Nothing is resolved here:
the theme is looked up lazily (``selectors.theme_for_request``) the first time a
template is loaded, after authentication has run, so a preview can check the user.
"""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

from themes.selectors import current_request


class ThemeMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "shop", None) is None:
            return self.get_response(request)
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        resolved = getattr(request, "_storefront_theme", None)
        if resolved is not None and resolved.preview:
            # A draft is for the merchant's eyes: never cached by anyone, and shown
            # inside the shop admin's own frame (same origin only).
            add_never_cache_headers(response)
            response["X-Frame-Options"] = "SAMEORIGIN"
            response["X-Robots-Tag"] = "noindex"
        return response
