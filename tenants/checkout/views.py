"""Checkout pages: contact, address, shipping method, payment and review, thank-you.

Thin: each view finds the request's checkout, calls one service and renders or
redirects. The checkout is named by a token in the shop's session and must belong to
the request's cart, so a token copied from another browser or another shop finds
nothing. A step reached before the ones it needs sends the shopper back to the first
missing one.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cart.sessions import cart_for_request
from checkout import partners, services
from checkout.exceptions import CheckoutError
from checkout.forms import AddressForm, CardForm, ContactForm, ShippingForm
from checkout.models import CheckoutSession
from checkout.services import PlaceResult

SESSION_KEY = "checkout_token"
STEP_URLS = {
    "cart": "cart:detail",
    "contact": "checkout:contact",
    "address": "checkout:address",
    "shipping": "checkout:shipping",
    "payment": "checkout:payment",
}


def _checkout(request: HttpRequest) -> CheckoutSession | None:
    cart = cart_for_request(request)
    token = _valid_token(request.session.get(SESSION_KEY))
    if cart is None or token is None:
        return None
    return CheckoutSession.objects.filter(
        token=token, cart=cart, state=CheckoutSession.State.OPEN
    ).first()


def _go(step: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse(STEP_URLS.get(step, "cart:detail")))


def _missing_step(session: CheckoutSession, *, upto: str) -> str | None:
    order = ["contact", "address", "shipping"]
    done = {
        "contact": bool(session.email),
        "address": bool(session.country),
        "shipping": session.shipping_rate_id is not None,
    }
    for step in order[: order.index(upto)] if upto in order else order:
        if not done[step]:
            if step == "shipping" and not services.checkout_pricing_needs_shipping(session):
                continue
            return step
    return None


def _context(request, session, **extra):
    return {"checkout": session, "currency": request.shop.currency, **extra}


@require_GET
def checkout_start(request: HttpRequest) -> HttpResponse:
    cart = cart_for_request(request)
    user = request.user if request.user.is_authenticated else None
    if cart is None or not cart.lines.exists():
        messages.error(request, _("Your cart is empty."))
        return _go("cart")
    session = services.checkout_for_cart(
        cart=cart, session_token=_valid_token(request.session.get(SESSION_KEY)), customer=user
    )
    request.session[SESSION_KEY] = str(session.token)
    return _go(_missing_step(session, upto="payment") or "payment")


@require_http_methods(["GET", "POST"])
def checkout_contact(request: HttpRequest) -> HttpResponse:
    session = _checkout(request)
    if session is None:
        return HttpResponseRedirect(reverse("checkout:start"))
    form = ContactForm(request.POST or None, initial={"email": session.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.checkout_set_contact(session=session, email=form.cleaned_data["email"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _go("address")
    return render(request, "checkout/contact.html", _context(request, session, form=form))


@require_http_methods(["GET", "POST"])
def checkout_address(request: HttpRequest) -> HttpResponse:
    session = _checkout(request)
    if session is None:
        return HttpResponseRedirect(reverse("checkout:start"))
    if missing := _missing_step(session, upto="address"):
        return _go(missing)
    form = AddressForm(request.POST or None, initial=session.shipping_address or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkout_set_address(session=session, address=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except CheckoutError as exc:
            form.add_error(None, exc.message)
        else:
            return _go("shipping")
    return render(request, "checkout/address.html", _context(request, session, form=form))


@require_http_methods(["GET", "POST"])
def checkout_shipping(request: HttpRequest) -> HttpResponse:
    session = _checkout(request)
    if session is None:
        return HttpResponseRedirect(reverse("checkout:start"))
    if missing := _missing_step(session, upto="shipping"):
        return _go(missing)
    if not services.checkout_pricing_needs_shipping(session):
        return _go("payment")
    try:
        quotes = services.checkout_shipping_options(session=session)
    except CheckoutError as exc:
        messages.error(request, exc.message)
        return _go(exc.step or "address")
    form = ShippingForm(
        request.POST or None,
        quotes=quotes,
        currency=request.shop.currency,
        initial={"rate_id": session.shipping_rate_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.checkout_set_shipping(session=session, rate_id=form.cleaned_data["rate_id"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _go("payment")
    context = _context(request, session, form=form, quotes=quotes)
    return render(request, "checkout/shipping.html", context)


@require_http_methods(["GET", "POST"])
def checkout_payment(request: HttpRequest) -> HttpResponse:
    """Review and pay. A POST that finds changed amounts shows them and asks again."""
    session = _checkout(request)
    if session is None:
        return HttpResponseRedirect(reverse("checkout:start"))
    if missing := _missing_step(session, upto="payment"):
        return _go(missing)
    form = CardForm(request.POST or None)
    changes: list[str] = []
    if request.method == "POST" and form.is_valid():
        result = services.checkout_place_order(
            session=session, card=form.cleaned_data, currency=request.shop.currency
        )
        if result.placed:
            request.session.pop(SESSION_KEY, None)
            return HttpResponseRedirect(reverse("checkout:thank_you", args=[result.order.token]))
        if result.status == PlaceResult.REFUSED and result.step not in ("", "payment"):
            messages.error(request, result.message)
            return _go(result.step)
        if result.status == PlaceResult.CHANGED:
            changes = result.changes
        else:
            for field, errors in result.field_errors.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            if not result.field_errors:
                form.add_error(None, result.message)
        session.refresh_from_db()
    try:
        review = services.checkout_review(session=session) if not changes else None
    except CheckoutError as exc:
        messages.error(request, exc.message)
        return _go(exc.step or "cart")
    if changes:
        review = services.checkout_pricing(session=session)
    context = _context(request, session, form=form, review=review, changes=changes)
    return render(request, "checkout/payment.html", context)


@require_GET
def checkout_thank_you(request: HttpRequest, token) -> HttpResponse:
    order = partners.order_by_token(token)
    if order is None:
        raise Http404
    # Each line's amount before discount and tax, as the review page showed it.
    lines = [(line, line.unit_price * line.quantity) for line in order.lines.all()]
    return render(request, "checkout/thank_you.html", {"order": order, "lines": lines})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def _valid_token(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None
