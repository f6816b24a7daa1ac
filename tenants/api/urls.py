"""URLs of both APIs on a shop's host: ``/api/admin/<version>/`` and
``/api/storefront/<version>/``, each view behind its gate (``api.gate``); any other
version is a 404 problem listing the supported ones."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from api.admin_api.api import VERSION as ADMIN_VERSION
from api.admin_api.api import admin_api
from api.gate import admin_gate, storefront_gate
from api.storefront_api.api import VERSION as STOREFRONT_VERSION
from api.storefront_api.api import storefront_api
from api.versions import unknown_version


def _gated(api, gate, version: str):
    patterns, app_name, namespace = api.urls

    def wrap(items):
        for item in items:
            if isinstance(item, URLPattern):
                item.callback = gate(item.callback, version)
            elif isinstance(item, URLResolver):
                wrap(item.url_patterns)

    wrap(patterns)
    return patterns, app_name, namespace


urlpatterns = [
    path(f"admin/{ADMIN_VERSION}/", _gated(admin_api, admin_gate, ADMIN_VERSION)),
    path(
        f"storefront/{STOREFRONT_VERSION}/",
        _gated(storefront_api, storefront_gate, STOREFRONT_VERSION),
    ),
    re_path(r"^(?:admin|storefront)/(?P<version>[^/]+)/(?P<rest>.*)$", unknown_version),
]
