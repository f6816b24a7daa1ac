"""Make the request's theme known to the template loader, and fence off previews.

The loader only sees the template engine, not the request; this middleware puts the
request in a context variable for the time it is served. Nothing is resolved here:
the theme is looked up lazily (``selectors.theme_for_request``) the first time a
template is loaded, after authentication has run, so a preview can check the user.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.http import QueryDict
from django.utils.cache import add_never_cache_headers

from themes.selectors import CHANGE_PERMISSION, PREVIEW_PARAM, current_request, theme_for_request


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
        if resolved is None and _redirect_in_preview(request, response):
            resolved = theme_for_request(request)
            if resolved.preview:
                response["Location"] = _with_preview(response["Location"], request)
        if resolved is not None and resolved.preview:
            # A draft is for the merchant's eyes: never cached by anyone, and shown
            # inside the shop admin's own frame (same origin only).
            add_never_cache_headers(response)
            response["X-Frame-Options"] = "SAMEORIGIN"
            response["X-Robots-Tag"] = "noindex"
        elif _theme_editor_frame(request):
            # A page the preview frame reached without its token (the redirect after a
            # POST form): shown in the frame, so the editor can put the token back.
            add_never_cache_headers(response)
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


def _theme_editor_frame(request) -> bool:
    """A frame navigation on the shop's own host by staff who may edit the theme.

    Only then is framing by the same origin allowed; everything else keeps
    ``X-Frame-Options: DENY``. The user is read only for frame navigations
    (``Sec-Fetch-Dest: iframe``), so ordinary requests pay nothing for this.
    """
    if request.headers.get("Sec-Fetch-Dest") != "iframe":
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.has_perm(CHANGE_PERMISSION))


def _redirect_in_preview(request, response) -> bool:
    """A redirect answering a request that carries a preview token, to this host
    (e.g. "add to cart" posted from the preview frame, sending it on to the cart)."""
    if not request.GET.get(PREVIEW_PARAM) or not 300 <= response.status_code < 400:
        return False
    location = response.get("Location", "")
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        return parts.netloc == request.get_host()
    return location.startswith("/") and not location.startswith("//")


def _with_preview(location: str, request) -> str:
    """``location`` with the request's preview token in its query string."""
    parts = urlsplit(location)
    query = QueryDict(parts.query, mutable=True)
    query[PREVIEW_PARAM] = request.GET[PREVIEW_PARAM]
    return urlunsplit(parts._replace(query=query.urlencode()))
