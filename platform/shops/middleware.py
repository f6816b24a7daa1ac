"""What a shop's status means for a request."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.contrib.redirects.middleware import RedirectMiddleware

# Paths a suspended shop still serves: its admin (to settle billing, export data),
# the single sign-on that leads into it (the owner, staff and platform support) and
# the assets that admin needs.
SUSPENDED_SHOP_OPEN_PATHS = ("/admin/", "/_sso/", "/static/", "/media/", "/documents/")


class ShopStatusMiddleware:
    """A suspended shop's storefront answers 503 "temporarily closed"."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        shop = getattr(request, "shop", None)
        if (
            shop is not None
            and shop.is_suspended
            and not request.path.startswith(SUSPENDED_SHOP_OPEN_PATHS)
        ):
            response = TemplateResponse(
                request, "storefront/closed.html", {"shop": shop}, status=503
            )
            response["Retry-After"] = "3600"
            response["Cache-Control"] = "no-store"
            return response.render()
        return self.get_response(request)


class ShopRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, on shop hosts only.

    Wagtail looks up a redirect for every 404 and reads its ``Site`` table to do so;
    the public schema (the platform domain) has no Wagtail tables, so there a 404
    turned into a 500. Redirects are a shop's content: the platform has none.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if getattr(request, "shop", None) is None:
            return response
        return super().process_response(request, response)
