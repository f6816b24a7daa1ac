"""Wagtail's redirects, on shop hosts only.

``wagtail.contrib.redirects`` keeps its table in each shop's schema; on the
platform domain (public schema) its middleware looked that table up for every 404
and turned it into a 500. This subclass replaces it in MIDDLEWARE and skips
requests that are not for a shop.
"""

from __future__ import annotations

from wagtail.contrib.redirects.middleware import RedirectMiddleware


class ShopRedirectMiddleware(RedirectMiddleware):
    def process_response(self, request, response):
        if getattr(request, "shop", None) is None:
            return response
        return super().process_response(request, response)
