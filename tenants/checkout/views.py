"""Checkout pages: contact, address, shipping method, payment and review, thank-you.

Thin: each view finds the request's checkout, calls one service and renders or
redirects. The checkout is named by a token in the shop's session and must belong to
the request's cart, so a token copied from another browser or another shop finds
nothing. A step reached before the ones it needs sends the shopper back to the first
missing one. Every view is ``never_cache`` (private, no-store): the steps and the
thank-you page show the shopper's name, address and totals, which no browser
history, proxy or page cache may keep.
"""

from __future__ import annotations

import uuid

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cart.sessions import SESSION_KEY as CART_SESSION_KEY
from cart.sessions import cart_for_request
from checkout import services
from checkout.exceptions import CheckoutError
from checkout.forms import AddressForm, CardForm, ContactForm, ShippingForm, StripePaymentForm
from checkout.models import CheckoutSession
from checkout.services import PlaceResult
from checkout.services.drafts import checkout_for_draft, draft_for_invoice
from checkout.services.recovery import checkout_for_recovery
from orders.models import Order
from payments import providers
from payments.providers import PaymentsUnavailable

SESSION_KEY = "checkout_token"
STEP_URLS = {
    "cart": "cart:detail",
    "contact": "checkout:contact",
    "address": "checkout:address",
    "shipping": "checkout:shipping",
    "payment": "checkout:payment",
}


def _checkout(request: HttpRequest) -> CheckoutSession | None:
    """The request's open checkout: its cart's, or the draft order whose invoice link
    this browser opened (the token is in the shop's session only through that link)."""
    token = _valid_token(request.session.get(SESSION_KEY))
    if token is None:
        return None
    session = (
        CheckoutSession.objects.filter(token=token, state=CheckoutSession.State.OPEN)
        .select_related("draft_order")
        .first()
    )
    if session is None or session.draft_order_id:
        return session
    cart = cart_for_request(request)
    if cart is None or session.cart_id != cart.pk:
        return None
    return session


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


# The payment step of a Stripe shop loads Stripe.js, which frames Stripe's card field
# and calls its API; added to the page's Content-Security-Policy on this view only.
STRIPE_JS_POLICY = {
    "script-src": ["https://js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}


@never_cache
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


@never_cache
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


@never_cache
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


@never_cache
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


@csp_update(STRIPE_JS_POLICY)
@never_cache
@require_http_methods(["GET", "POST"])
def checkout_payment(request: HttpRequest) -> HttpResponse:
    """Review and pay. A POST that finds changed amounts shows them and asks again.

    A Stripe shop's page carries Stripe's card field (Stripe.js), which posts only a
    PaymentMethod id; a shop in test mode keeps the test gateway's card form. A shop
    that can take no payment says so and places nothing (the cart stays).
    """
    session = _checkout(request)
    if session is None:
        return HttpResponseRedirect(reverse("checkout:start"))
    if missing := _missing_step(session, upto="payment"):
        return _go(missing)
    try:
        provider = providers.provider_for_shop()
    except PaymentsUnavailable:
        provider = None
    stripe_account = getattr(provider, "account_id", "") if provider else ""
    form_class = StripePaymentForm if stripe_account else CardForm
    form = form_class(request.POST or None) if provider else None
    changes: list[str] = []
    if provider is None and request.method == "POST":
        messages.error(request, unavailable_message())
    if provider is not None and request.method == "POST" and form.is_valid():
        card = form.cleaned_data
        if stripe_account:
            card = {**card, "return_url": request.build_absolute_uri(reverse("checkout:return"))}
        result = services.checkout_place_order(
            session=session, card=card, provider=provider, currency=request.shop.currency
        )
        if result.placed:
            request.session.pop(SESSION_KEY, None)
            return HttpResponseRedirect(reverse("checkout:thank_you", args=[result.order.token]))
        if result.status == PlaceResult.ACTION:
            return HttpResponseRedirect(result.redirect_url)  # the shopper's bank, via Stripe
        if result.status == PlaceResult.PROCESSING:
            return HttpResponseRedirect(reverse("checkout:return"))
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
    context = _context(
        request,
        session,
        form=form,
        review=review,
        changes=changes,
        payments_unavailable=unavailable_message() if provider is None else "",
        stripe_account=stripe_account,
        stripe_publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
    )
    return render(request, "checkout/payment.html", context)


def unavailable_message() -> str:
    return _(
        "This shop cannot take payments at the moment, so no order was placed. Your cart "
        "is saved; please try again later or contact the shop."
    )


@never_cache
@require_GET
def checkout_payment_return(request: HttpRequest) -> HttpResponse:
    """Where Stripe sends the shopper back after 3-D Secure (and a slow payment waits).

    Three clear states: paid (the order), still confirming (a page that reloads
    itself), refused (back to the payment step with the reason, cart kept).
    """
    token = _valid_token(request.session.get(SESSION_KEY))
    if token is None:
        return HttpResponseRedirect(reverse("checkout:start"))
    try:
        # The PaymentIntent is Stripe's whatever the shop's mode has become since.
        provider = providers.provider_named("stripe")
    except PaymentsUnavailable:
        messages.error(request, unavailable_message())
        return _go("payment")
    result = services.checkout_payment_returned(
        token=str(token), reference=request.GET.get("payment_intent", ""), provider=provider
    )
    if result.placed:
        request.session.pop(SESSION_KEY, None)
        return HttpResponseRedirect(reverse("checkout:thank_you", args=[result.order.token]))
    if result.status == PlaceResult.PROCESSING:
        return render(
            request,
            "checkout/confirming.html",
            {"message": result.message, "currency": request.shop.currency},
        )
    if result.status == PlaceResult.ACTION and result.redirect_url:
        return HttpResponseRedirect(result.redirect_url)
    messages.error(request, result.message)
    return _go(result.step if result.step not in ("",) else "payment")


@never_cache
@require_GET
def checkout_invoice(request: HttpRequest, token) -> HttpResponse:
    """A draft order's invoice link: open its checkout in this browser and go on.

    A paid invoice shows its order's confirmation (whoever holds the link saw the
    invoice already); an unknown token is a 404.
    """
    draft = draft_for_invoice(token)
    if draft is None:
        raise Http404
    if draft.is_completed:
        messages.info(request, _("This invoice has already been paid. Thank you!"))
        return HttpResponseRedirect(reverse("checkout:thank_you", args=[draft.order.token]))
    session = checkout_for_draft(draft=draft)
    request.session[SESSION_KEY] = str(session.token)
    return _go(_missing_step(session, upto="payment") or "payment")


@never_cache
@require_GET
def checkout_recover(request: HttpRequest, signed: str) -> HttpResponse:
    """The link of an abandoned-checkout e-mail: the cart back in this browser.

    A guest's cart is put back in the session and the checkout resumes where it
    stopped; a customer's cart follows their login, so they are asked to sign in. A
    checkout completed since goes to the cart with a word that the order was placed.
    """
    session = checkout_for_recovery(signed)
    if session is None:
        messages.error(request, _("This link has expired. Your cart may still be here."))
        return _go("cart")
    if not session.is_open:
        messages.info(request, _("You have already placed this order. Thank you!"))
        return _go("cart")
    cart = session.cart
    if cart is None or not cart.lines.exists():
        messages.info(request, _("The items you left are no longer in your cart."))
        return _go("cart")
    user = request.user if request.user.is_authenticated else None
    if cart.customer_id is not None and (user is None or user.pk != cart.customer_id):
        messages.info(request, _("Sign in to see the cart you left."))
        return _go("cart")
    request.session[CART_SESSION_KEY] = str(cart.token)
    request.session[SESSION_KEY] = str(session.token)
    return HttpResponseRedirect(reverse("checkout:start"))


@never_cache
@require_GET
def checkout_thank_you(request: HttpRequest, token) -> HttpResponse:
    order = Order.objects.filter(token=token).first()
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
