"""The account page with the order history, one order, and the guest status page.

The order pages read through ``customers.selectors``, which is where this app
meets ``orders``. The status page at ``/orders/<token>/`` needs no login: the
token (a random UUID sent to the buyer) is the credential, so the page is never
cached, never indexed, and sends no ``Referer`` that would carry the token to
another site.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from customers import selectors, services
from customers.models import Address
from customers.order_claims import claim_token_valid

ORDERS_PER_PAGE = 20

customer_required = login_required(login_url=reverse_lazy("customers:login"))


@never_cache
@customer_required
def overview(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(selectors.customer_orders(customer=request.user), ORDERS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "orders": page.object_list,
        "default_address": Address.objects.filter(customer=request.user, is_default=True).first(),
    }
    return render(request, "account/overview.html", context)


@never_cache
@customer_required
def order_detail(request: HttpRequest, number: int) -> HttpResponse:
    order = selectors.customer_order(customer=request.user, number=number)
    return render(request, "account/order_detail.html", {"order": order, "guest_view": False})


@never_cache
def order_status(request: HttpRequest, token: UUID) -> HttpResponse:
    order = selectors.order_by_token(token)
    response = render(request, "account/order_detail.html", {"order": order, "guest_view": True})
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@customer_required
def claim_orders(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: proves the account owns its email, then links guest orders."""
    if not claim_token_valid(customer=request.user, token=token):
        messages.error(
            request,
            _("This link is invalid or has expired, or belongs to another account."),
        )
        return redirect("customers:overview")
    linked = services.customer_link_guest_orders(customer=request.user)
    messages.success(
        request, _("%(count)d earlier order(s) added to your account.") % {"count": linked}
    )
    return redirect("customers:overview")
