"""A shop's absolute URLs, built from its primary domain and never from the request.

Pages print absolute URLs (canonical, Open Graph, JSON-LD, sitemap, feeds) and mails
carry links. Taken from the request's ``Host`` they would carry whatever a client
sent — ``Host: shop.example:1337`` or ``SHOP.example.`` — and a page stored by the
page cache would hand those to every visitor until the next purge. So the host is the
shop's primary domain (cached on the routed shop, ``shops.routing``), the scheme is
``PLATFORM_SCHEME`` and the port ``PLATFORM_PORT`` only on ``<sub>.<PLATFORM_DOMAIN>``
hosts (the development server's port; a merchant's own domain is served on the
default port).
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django_tenants.utils import get_public_schema_name

from kernel.schemas import public_schema
from shops.models import Domain


def primary_host(shop) -> str:
    """The shop's primary domain: cached on a routed shop, else one query."""
    host = getattr(shop, "primary_host", None)
    if host:
        return host

    with public_schema():
        hosts = Domain.objects.filter(tenant=shop, is_primary=True).values_list("domain", flat=True)
        return next(iter(hosts), f"{shop.subdomain}.{settings.PLATFORM_DOMAIN}")


def host_base_url(host: str) -> str:
    """``scheme://host[:port]`` for a host the platform serves."""
    platform = settings.PLATFORM_DOMAIN
    on_platform = host == platform or host.endswith(f".{platform}")
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT and on_platform else ""
    return f"{settings.PLATFORM_SCHEME}://{host}{port}"


def shop_url(shop, path: str = "/") -> str:
    """``path`` (site-relative) as an absolute URL on the shop's primary domain."""
    if path.startswith(("http://", "https://")):
        return path
    return host_base_url(primary_host(shop)) + path


def absolute_url(request: HttpRequest, path: str) -> str:
    """``path`` made absolute for the page answering ``request``.

    On a shop's host: its primary domain. On the platform domain: the platform's own
    address. Neither reads the request's ``Host``.
    """
    shop = getattr(request, "shop", None)
    if shop is None and connection.schema_name != get_public_schema_name():
        shop = connection.tenant
    if shop is not None and getattr(shop, "schema_name", None) != get_public_schema_name():
        return shop_url(shop, path)
    if path.startswith(("http://", "https://")):
        return path
    return host_base_url(settings.PLATFORM_DOMAIN) + path
