"""CSRF origin checks that follow the Domain table.

Django's ``CsrfViewMiddleware`` trusts the request's own origin and the static
``CSRF_TRUSTED_ORIGINS``, which it reads once per process. A shop's verified domains
are data, and a shop legitimately posts across them (a form rendered on the primary
custom domain whose action is on ``<sub>.<PLATFORM_DOMAIN>``, or the other way).

``ShopCsrfViewMiddleware`` sits just *before* Django's middleware. For an unsafe
request whose ``Origin`` is another verified domain of the *same shop* (from the
routing directory's cached entry, no query), it runs Django's complete check itself —
token, cookie, everything — with that origin trusted, and either answers 403 or
marks the request done (``csrf_processing_done``), which Django's middleware honours.
Every other request is left to Django's middleware untouched, so another shop's
domains are never trusted, and Django's own middleware stays in ``MIDDLEWARE`` (its
``check --deploy`` test looks for it).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http.request import split_domain_port
from django.middleware.csrf import CsrfViewMiddleware


def _sibling_origin(request) -> bool:
    """``Origin`` is one of the request shop's verified domains, on the request's scheme."""
    shop = getattr(request, "shop", None)
    hosts = getattr(shop, "verified_hosts", None)
    origin = request.META.get("HTTP_ORIGIN")
    if not hosts or not origin:
        return False
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    host, _port = split_domain_port(parts.netloc)
    scheme = "https" if request.is_secure() else "http"
    return parts.scheme == scheme and host.lower() in hosts


class ShopCsrfViewMiddleware(CsrfViewMiddleware):
    def process_request(self, request):
        return None  # Django's middleware reads the cookie

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if request.method in ("GET", "HEAD", "OPTIONS", "TRACE") or not _sibling_origin(request):
            return None  # Django's middleware decides, as usual
        super().process_request(request)
        return super().process_view(request, callback, callback_args, callback_kwargs)

    def process_response(self, request, response):
        return response  # Django's middleware sets the cookie

    def _origin_verified(self, request) -> bool:
        return super()._origin_verified(request) or _sibling_origin(request)
