"""A shop suspended by billing: the admin shows a banner and only billing works.

Runs after ``shops.middleware.ShopStatusMiddleware`` (which already closes the
storefront of any suspended shop). Only a suspended shop's admin costs a query; the
past-due warning is shown on the dashboard and the billing page (wagtail_hooks).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.shop_admin import is_shop_owner
from billing.models import Subscription

# Still open in the admin of a shop closed for billing: billing itself, signing in
# and out, and the admin's assets.
OPEN_ADMIN_PATHS = ("/admin/billing/", "/admin/login/", "/admin/logout/", "/admin/jsi18n/")


class BillingStatusMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        shop = getattr(request, "shop", None)
        if (
            shop is None
            or not shop.is_suspended  # the routed shop is cached: no query
            or not request.path.startswith("/admin/")
            or request.path.startswith(OPEN_ADMIN_PATHS)
        ):
            return self.get_response(request)
        if Subscription.objects.filter(shop_id=shop.pk, suspended_for_billing=True).exists():
            if not is_shop_owner(request):
                # Billing is the owner's page: sending anyone else there would bounce
                # them back here, so tell them who can reopen the shop.
                return render(request, "billing/admin/closed.html", status=403)
            messages.error(
                request, _("Your shop is closed because of an unpaid bill. Pay it here to reopen.")
            )
            return redirect("billing_admin:index")
        return self.get_response(request)
