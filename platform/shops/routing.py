"""Host -> shop routing, with an in-process directory instead of a query per request.

The host decides the tenant: ``<sub>.<PLATFORM_DOMAIN>`` or a verified custom domain
-> that shop's schema; the platform domain -> the public schema; anything else -> a
plain 404 (never another shop, never a 500).

The directory caches every answer, negative ones included (bounded, so random Host
headers cannot grow it without limit). Writes that change routing call
``directory.invalidate()`` on commit: it clears this process at once and bumps a
generation number in the shared ``platform`` cache, which other processes compare
at most every ``SHOP_ROUTING_RECHECK_SECONDS``. With Redis as that cache every
process sees a change within that delay; with the local-memory cache (one process
in development) at once.
"""

from __future__ import annotations

import copy
import threading
import time
from collections import OrderedDict
from typing import Final

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponsePermanentRedirect,
)
from django.http.request import split_domain_port
from django.utils.html import escape
from django.utils.translation import gettext as _

PLATFORM: Final = "platform"
GENERATION_KEY: Final = "routing-generation"
MAX_ENTRIES: Final = 10_000


class ShopDirectory:
    def __init__(self) -> None:
        self._entries: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()
        self._generation: int | None = None
        self._checked_at = 0.0

    # -- reads -------------------------------------------------------------------
    def resolve(self, host: str):
        """Return ``PLATFORM``, a ``Shop`` or ``None`` for an unknown host."""
        self._check_generation()
        with self._lock:
            if host in self._entries:
                self._entries.move_to_end(host)
                return self._entries[host]
        target = self._lookup(host)
        with self._lock:
            self._entries[host] = target
            if len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)
        return target

    def custom_hosts(self) -> list[str]:
        suffix = f".{settings.PLATFORM_DOMAIN}"
        with self._lock:
            return [
                h
                for h, t in self._entries.items()
                if t is not None and t != PLATFORM and not h.endswith(suffix)
            ]

    def _lookup(self, host: str):
        # Here, not at the top: settings reach this module (shops.allowed_hosts) before
        # the models can load.
        from shops.models import Domain, Shop

        if host == settings.PLATFORM_DOMAIN:
            return PLATFORM
        verified_hosts = (
            Domain.objects.filter(tenant=OuterRef("tenant"), verified_at__isnull=False)
            .order_by()
            .values("tenant")
            .annotate(hosts=ArrayAgg("domain", order_by="domain"))
            .values("hosts")
        )
        domain = (
            Domain.objects.select_related("tenant", "tenant__owner")
            .filter(
                domain=host,
                verified_at__isnull=False,
                tenant__status__in=[Shop.Status.ACTIVE, Shop.Status.SUSPENDED],
            )
            .annotate(
                primary_host=Subquery(
                    Domain.objects.filter(tenant=OuterRef("tenant"), is_primary=True).values(
                        "domain"
                    )[:1]
                ),
                verified_hosts=Subquery(verified_hosts),
            )
            .first()
        )
        if domain is None:
            return None
        shop = domain.tenant
        # Cached with the shop: the redirect to the primary domain and the CSRF
        # origin check (shops.csrf) cost no query per request.
        shop.primary_host = domain.primary_host or host
        shop.verified_hosts = frozenset(domain.verified_hosts or [host])
        return shop

    def _check_generation(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < settings.SHOP_ROUTING_RECHECK_SECONDS:
            return
        generation = caches["platform"].get(GENERATION_KEY, 0)
        with self._lock:
            self._checked_at = now
            if generation != self._generation:
                self._entries.clear()
                self._generation = generation

    # -- writes ------------------------------------------------------------------
    def invalidate(self) -> None:
        """Forget every answer, here and (through the shared generation) elsewhere."""
        cache = caches["platform"]
        if not cache.add(GENERATION_KEY, 1, timeout=None):
            try:
                cache.incr(GENERATION_KEY)
            except ValueError:
                cache.set(GENERATION_KEY, 1, timeout=None)
        with self._lock:
            self._entries.clear()
            self._checked_at = 0.0

    def invalidate_on_commit(self) -> None:
        transaction.on_commit(self.invalidate)


directory = ShopDirectory()


def unknown_host_response(host: str) -> HttpResponse:
    """A plain 404 that says nothing about which shops exist."""
    body = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(_('Shop not found'))}</title></head><body>"
        f"<h1>{escape(_('Shop not found'))}</h1>"
        f"<p>{escape(_('There is no shop at this address.'))}</p></body></html>"
    )
    return HttpResponseNotFound(body)


def primary_domain_redirect(request: HttpRequest, shop, host: str) -> HttpResponse | None:
    """301 to the shop's primary domain for a storefront request on another of its
    domains, so shoppers and search engines see one address.

    Only safe methods are redirected (a POST would lose its body), and paths in
    ``SHOP_DOMAIN_REDIRECT_EXEMPT_PATHS`` (the admin, static files, single sign-on)
    stay on the host they were asked on: the ``<sub>.<PLATFORM_DOMAIN>`` address
    keeps working for the merchant whatever happens to their own DNS.
    """
    primary = getattr(shop, "primary_host", None)
    if (
        not primary
        or primary == host
        or request.method not in ("GET", "HEAD")
        or request.path.startswith(tuple(settings.SHOP_DOMAIN_REDIRECT_EXEMPT_PATHS))
    ):
        return None
    scheme = "https" if request.is_secure() else "http"
    return HttpResponsePermanentRedirect(f"{scheme}://{primary}{request.get_full_path()}")


def platform_page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """``handler404`` of the platform domain (urls_public).

    Django's default 404 renders ``404.html``, which the theme loader finds in
    ``themes/base`` — a storefront template that reads Wagtail's tables, which the
    public schema does not have (a 404 became a 500). The platform answers plainly.
    """
    body = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(_('Page not found'))}</title></head><body>"
        f"<h1>{escape(_('Page not found'))}</h1></body></html>"
    )
    return HttpResponseNotFound(body)


class ShopRoutingMiddleware:
    """Put the request's connection in its shop's schema (or the public one)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        connection.set_schema_to_public()
        try:
            raw_host = request._get_raw_host()
        except KeyError:
            raw_host = ""
        host, _port = split_domain_port(raw_host)
        target = directory.resolve(host.lower()) if host else None
        if target is None:
            request.shop = None
            return unknown_host_response(host)
        if target == PLATFORM:
            request.shop = None
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        elif redirect := primary_domain_redirect(request, target, host):
            request.shop = None
            return redirect
        else:
            # A shallow copy: the cached Shop is shared by every thread of this
            # process, and django-tenants records the request's host on it.
            target = copy.copy(target)
            target.domain_url = host
            connection.set_tenant(target)
            request.shop = target
            request.urlconf = settings.ROOT_URLCONF
        request.tenant = connection.tenant
        return self.get_response(request)
