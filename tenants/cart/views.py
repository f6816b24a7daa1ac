"""The cart page and its forms. Thin: parse, call one ``cart.services`` function, redirect.

Every form posts and redirects back (post/redirect/get), with the outcome in a
message, so reloading the cart page never repeats an add. Every view is
``never_cache`` (private, no-store): the cart is one shopper's, and no browser
history, proxy or page cache may keep it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.throttle import client_ip
from cart import services
from cart.exceptions import CartError
from cart.pricing import cart_price, tax_estimate_country
from cart.selectors import cart_items
from cart.sessions import cart_for_request

# The attempt limits live with the service both the cart page and the Storefront API
# call (``cart.services.cart_discount_code_try``).
DISCOUNT_CODES_PER_CART = services.DISCOUNT_CODES_PER_CART
DISCOUNT_CODES_PER_IP = services.DISCOUNT_CODES_PER_IP


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to the page the form was on (the product page), else the cart."""
    target = request.POST.get("next") or request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("cart:detail")
    return HttpResponseRedirect(target)


@never_cache
@require_GET
def cart_detail(request: HttpRequest) -> HttpResponse:
    cart = cart_for_request(request)
    items = cart_items(cart)
    country, region = tax_estimate_country() if items else ("", "")
    pricing = cart_price(
        items=items,
        discount_code=cart.discount_code if cart else "",
        country=country,
        region=region,
    )
    context = {
        "cart": cart,
        "items": items,
        "pricing": pricing,
        "can_check_out": bool(items) and not any(item.problem for item in items),
    }
    return render(request, "cart/cart.html", context)


@never_cache
@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    cart = cart_for_request(request, create=True)
    try:
        line = services.cart_add(
            cart=cart,
            variant_id=request.POST.get("variant_id"),
            quantity=request.POST.get("quantity", "1"),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _back(request)
    except CartError as exc:
        messages.error(request, exc.message)
        return _back(request)
    messages.success(request, _("Added to your cart: %(count)d in all.") % {"count": line.quantity})
    return HttpResponseRedirect(reverse("cart:detail"))


@never_cache
@require_POST
def cart_update(request: HttpRequest) -> HttpResponse:
    cart = cart_for_request(request)
    if cart is None:
        messages.error(request, _("Your cart is empty."))
        return HttpResponseRedirect(reverse("cart:detail"))
    try:
        line = services.cart_set_quantity(
            cart=cart,
            variant_id=request.POST.get("variant_id"),
            quantity=request.POST.get("quantity"),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    except CartError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Cart updated.") if line else _("Item removed."))
    return HttpResponseRedirect(reverse("cart:detail"))


@never_cache
@require_POST
def cart_remove(request: HttpRequest) -> HttpResponse:
    cart = cart_for_request(request)
    if cart is not None and services.cart_remove(
        cart=cart, variant_id=request.POST.get("variant_id")
    ):
        messages.success(request, _("Item removed."))
    return HttpResponseRedirect(reverse("cart:detail"))


@never_cache
@require_POST
def cart_discount(request: HttpRequest) -> HttpResponse:
    """Keep (or, with an empty code, remove) a discount code; the page says if it applies."""
    try:
        services.cart_discount_code_try(
            cart=None,
            code=request.POST.get("code", ""),
            ip=client_ip(request),
            cart_for=lambda: cart_for_request(request, create=True),
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return HttpResponseRedirect(reverse("cart:detail"))
