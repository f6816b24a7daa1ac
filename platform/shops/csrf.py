"""CSRF origin checks that follow the Domain table.

Django's ``CsrfViewMiddleware`` trusts the request's own origin and the static
``CSRF_TRUSTED_ORIGINS``, which it reads once per process. A shop's verified domains
are data, and a shop legitimately posts across them (a form rendered on the primary
custom domain whose action is on ``<sub>.<PLATFORM_DOMAIN>``, or the other way). This
middleware also trusts the origins of the *same shop's* verified domains, taken from
the routing directory's cached entry (no query). Another shop's domains are never
trusted: a page on beta's domain cannot post into alpha.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http.request import split_domain_port
from django.middleware.csrf import CsrfViewMiddleware, RejectRequest


def _shop_hosts(request) -> frozenset[str]:
    shop = getattr(request, "shop", None)
    return getattr(shop, "verified_hosts", None) or frozenset()


def _host_of(url: str) -> tuple[str, str] | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host, _port = split_domain_port(parts.netloc)
    return (parts.scheme, host.lower()) if host else None


class ShopCsrfViewMiddleware(CsrfViewMiddleware):
    def _origin_verified(self, request) -> bool:
        if super()._origin_verified(request):
            return True
        origin = _host_of(request.META["HTTP_ORIGIN"])
        scheme = "https" if request.is_secure() else "http"
        return origin is not None and origin[0] == scheme and origin[1] in _shop_hosts(request)

    def _check_referer(self, request) -> None:
        try:
            super()._check_referer(request)
        except RejectRequest:
            referer = _host_of(request.META.get("HTTP_REFERER") or "")
            if referer is None or referer[0] != "https" or referer[1] not in _shop_hosts(request):
                raise
