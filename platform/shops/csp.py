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
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

SHOP_ADMIN_PREFIX = "/admin/"


def uses_shop_admin_policy(request: HttpRequest) -> bool:
    return getattr(request, "shop", None) is not None and request.path_info.startswith(
        SHOP_ADMIN_PREFIX
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the looser policy on a shop's Wagtail admin."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and uses_shop_admin_policy(request):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_SHOP_ADMIN["DIRECTIVES"])
        return parts
