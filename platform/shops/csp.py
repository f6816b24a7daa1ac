"""Content-Security-Policy on every page: storefront, shop admin, platform and console.

django-csp (``csp.middleware.CSPMiddleware``) writes the header; the policies are in
settings. Two of them:

* ``CONTENT_SECURITY_POLICY``, everywhere but a shop's ``/admin/``: scripts and
  style elements only from our own origin or carrying the response's nonce
  (``nonce="{{ request.csp_nonce }}"`` in a template), so a link or text a merchant
  or shopper typed can never run as script on the shop's origin, the origin of
  ``/admin/``.
* ``CONTENT_SECURITY_POLICY_SHOP_ADMIN``, on a shop's ``/admin/`` (Wagtail): Wagtail
  8's admin still has inline scripts and styles of its own, so this one allows
  ``'unsafe-inline'`` for both (and no nonce, which would switch it off). It still
  allows scripts from our own origin only, no plugins, no framing by other origins.

The storefront page cache stores a page with a placeholder where the nonce was and
puts a fresh one in each hit (``storefront.page_cache``), so a nonce is never reused.

django-csp rebuilds the header from the settings dictionaries on every response
(~55 µs each, twice with the report-only pass: a sixth of a cheap request). A response
no view customised (``csp_update`` and friends) always gets one of two strings per
policy, with or without this request's nonce, so those are built once and the nonce is
put in by a string replacement; customised responses take django-csp's own path.
"""

from __future__ import annotations

import http.client

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

SHOP_ADMIN_PREFIX = "/admin/"
# Stands in for the nonce in a prebuilt header; a real nonce is base64 (no hyphens).
_NONCE_MARK = "souk-nonce-mark"
# (id of the policy dict, with a nonce) -> (that dict, the header built from it). The
# dict is kept so that an id is never reused while its entry lives (override_settings).
_built: dict[tuple[int, bool], tuple[dict, str]] = {}
_CUSTOMISED = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


def _header(policy: dict, *, with_nonce: bool) -> str:
    key = (id(policy), with_nonce)
    entry = _built.get(key)
    if entry is None or entry[0] is not policy:
        config = default_config(policy.get("DIRECTIVES", {}))
        entry = _built[key] = (
            policy,
            build_policy(config=config, nonce=_NONCE_MARK if with_nonce else None),
        )
    return entry[1]


def uses_shop_admin_policy(request: HttpRequest) -> bool:
    return getattr(request, "shop", None) is not None and request.path_info.startswith(
        SHOP_ADMIN_PREFIX
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the looser policy on a shop's Wagtail admin."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("EXCLUDE_URL_PREFIXES")
            or any(getattr(response, name, None) for name in _CUSTOMISED)
            or HEADER in response
        ):
            return super().process_response(request, response)
        debug_page = response.status_code in (
            http.client.INTERNAL_SERVER_ERROR,
            http.client.NOT_FOUND,
        )
        if debug_page and settings.DEBUG:
            return response
        if uses_shop_admin_policy(request):
            response[HEADER] = _header(
                settings.CONTENT_SECURITY_POLICY_SHOP_ADMIN, with_nonce=False
            )
        else:
            nonce = getattr(request, "_csp_nonce", None)
            header = _header(settings.CONTENT_SECURITY_POLICY, with_nonce=bool(nonce))
            response[HEADER] = header.replace(_NONCE_MARK, nonce) if nonce else header
        if getattr(request, "_csp_nonce", None) is None:
            # As django-csp does: a nonce asked for after the header is written fails loudly.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and uses_shop_admin_policy(request):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_SHOP_ADMIN["DIRECTIVES"])
        return parts
