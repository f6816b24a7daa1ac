"""Storefront API: carts, checkouts, and customers — the HTML checkout's services.

A cart and a checkout are named by their unguessable tokens (UUIDs), as the HTML
storefront names them in the session. Every write is the HTML path's: ``cart.services``
(stock checked on add, the discount-code attempt limit of the cart page through
``cart_discount_code_try``), ``checkout.services`` (address, shipping, review, and
``checkout_place_order``: stock reserved, payment taken, order placed once — its
guarantees against overselling and double orders hold here too). Card details are
checked by the checkout page's own forms (``CardForm``; ``StripePaymentForm`` for a
Stripe PaymentMethod made with Stripe.js).

Customers register (the account page's limit per IP) or log in (the login limits of
every password form apply: the ``axes`` backend) and get a customer token for
``X-Souk-Customer-Access-Token``; with it, a cart's checkout is theirs and
``customer/orders.json`` lists their orders.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from accounts.throttle import client_ip
from api.admin_api.money import amount
from api.problems import ApiProblem
from api.services import customer_token_issue
from cart import services as cart_services
from cart.exceptions import CartError
from cart.models import Cart
from cart.pricing import cart_price
from cart.selectors import cart_items
from checkout import services as checkout_services
from checkout.exceptions import CheckoutError
from checkout.forms import CardForm, StripePaymentForm
from checkout.models import CheckoutSession
from customers.selectors import customer_orders
from customers.services import customer_register
from customers.sign_in import registration_attempted, registration_blocked
from payments import providers
from payments.types import PaymentsUnavailable
from shops.selectors import shop_currency

router = Router(tags=["cart and checkout"])


# --- Schemas -----------------------------------------------------------------------


class CartLineOut(Schema):
    variant_id: int
    product_id: int
    title: str
    variant_title: str
    quantity: int
    price: str
    line_price: str
    available: int
    problem: str


class CartOut(Schema):
    token: str
    currency: str
    lines: list[CartLineOut]
    discount_code: str
    discount_error: str
    subtotal_price: str
    total_discounts: str
    total_price: str
    item_count: int


class CartEnvelope(Schema):
    cart: CartOut


class LineIn(Schema):
    variant_id: int = Field(..., ge=1, le=2**62)
    quantity: int = Field(1, ge=1, le=10_000)


class QuantityIn(Schema):
    quantity: int = Field(..., ge=0, le=10_000)


class CodeIn(Schema):
    code: str = Field("", max_length=64)


class AddressIO(Schema):
    name: str = Field("", max_length=255)
    company: str = Field("", max_length=255)
    address1: str = Field("", max_length=255)
    address2: str = Field("", max_length=255)
    city: str = Field("", max_length=255)
    province_code: str = Field("", max_length=255)
    zip: str = Field("", max_length=255)
    country_code: str = Field("", max_length=255)
    phone: str = Field("", max_length=64)


class ShippingRateOut(Schema):
    id: int
    title: str
    price: str


class CheckoutOut(Schema):
    token: str
    email: str
    shipping_address: AddressIO | None
    shipping_rate_id: int | None
    requires_shipping: bool
    currency: str
    next_step: str
    message: str
    subtotal_price: str | None
    total_discounts: str | None
    total_shipping: str | None
    total_tax: str | None
    taxes_included: bool | None
    total_price: str | None
    order_id: int | None


class CheckoutEnvelope(Schema):
    checkout: CheckoutOut


class CheckoutIn(Schema):
    email: str | None = Field(None, max_length=254)
    shipping_address: AddressIO | None = None
    shipping_rate_id: int | None = Field(None, ge=1, le=2**62)


class ShippingRates(Schema):
    shipping_rates: list[ShippingRateOut]


class CardIn(Schema):
    number: str = Field(..., max_length=23)
    name: str = Field(..., max_length=255)
    expiry: str = Field(..., max_length=7)
    cvc: str = Field(..., max_length=4)


class PaymentIn(Schema):
    card: CardIn | None = Field(None, description="Test gateway: card details.")
    payment_method: str | None = Field(
        None, max_length=255, description="Stripe: a PaymentMethod id made with Stripe.js."
    )


class OrderSummary(Schema):
    id: int
    name: str
    token: str
    total_price: str
    currency: str
    financial_status: str
    fulfillment_status: str
    processed_at: datetime


class PaymentOut(Schema):
    status: str
    message: str
    changes: list[str]
    next_step: str
    redirect_url: str
    order: OrderSummary | None


class CustomerIn(Schema):
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=128)
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)


class LoginIn(Schema):
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=128)


class CustomerTokenOut(Schema):
    customer_access_token: str
    email: str


class CustomerOrders(Schema):
    orders: list[OrderSummary]


# --- Helpers -----------------------------------------------------------------------


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ApiProblem(404, "not-found", _("Not found")) from None


def _cart(token: str) -> Cart:
    return get_object_or_404(Cart, token=_uuid(token))


def _checkout(token: str) -> CheckoutSession:
    return get_object_or_404(CheckoutSession.objects.select_related("cart"), token=_uuid(token))


def cart_out(cart: Cart) -> dict:
    currency = shop_currency()
    items = cart_items(cart)
    pricing = cart_price(items=items, discount_code=cart.discount_code, currency=currency)
    return {
        "cart": {
            "token": str(cart.token),
            "currency": currency,
            "lines": [
                {
                    "variant_id": item.variant.pk,
                    "product_id": item.variant.product_id,
                    "title": item.variant.product.title,
                    "variant_title": item.variant.title,
                    "quantity": item.quantity,
                    "price": amount(item.unit_price, currency),
                    "line_price": amount(item.line_total, currency),
                    "available": item.available,
                    "problem": item.problem,
                }
                for item in items
            ],
            "discount_code": cart.discount_code,
            "discount_error": pricing.discount_error,
            "subtotal_price": amount(pricing.subtotal, currency),
            "total_discounts": amount(pricing.discount_total, currency),
            "total_price": amount(pricing.subtotal - pricing.discount_total, currency),
            "item_count": sum(item.quantity for item in items),
        }
    }


def _cart_call(call):
    try:
        return call()
    except CartError as exc:
        raise ApiProblem(422, "cart-refused", _("The cart was not changed"), exc.message) from exc


_ADDRESS_NAMES = {
    "address1": "line1",
    "address2": "line2",
    "province_code": "region",
    "zip": "postal_code",
    "country_code": "country",
}
_FIELD_NAMES = {v: k for k, v in _ADDRESS_NAMES.items()}


def _address_in(address: AddressIO) -> dict:
    return {_ADDRESS_NAMES.get(k, k): v for k, v in address.model_dump().items()}


def _address_out(address: dict) -> dict | None:
    if not address:
        return None
    return {
        _FIELD_NAMES.get(k, k): v
        for k, v in address.items()
        if k in {*_FIELD_NAMES, "name", "company", "city", "phone"}
    }


def checkout_out(session: CheckoutSession, *, review: bool = True) -> dict:
    currency = shop_currency()
    body = {
        "token": str(session.token),
        "email": session.email,
        "shipping_address": _address_out(session.shipping_address),
        "shipping_rate_id": session.shipping_rate_id,
        "requires_shipping": checkout_services.checkout_pricing_needs_shipping(session),
        "currency": currency,
        "next_step": "",
        "message": "",
        "subtotal_price": None,
        "total_discounts": None,
        "total_shipping": None,
        "total_tax": None,
        "taxes_included": None,
        "total_price": None,
        "order_id": session.order_id,
    }
    if session.state != CheckoutSession.State.OPEN:
        body["next_step"] = "done"
        return {"checkout": body}
    try:
        result = (
            checkout_services.checkout_review(session=session)
            if review
            else checkout_services.checkout_pricing(session=session)
        )
    except CheckoutError as exc:
        body["next_step"], body["message"] = exc.step or "cart", exc.message
        return {"checkout": body}
    pricing = result.pricing
    body.update(
        next_step="payment",
        subtotal_price=amount(pricing.subtotal, currency),
        total_discounts=amount(pricing.discount_total, currency),
        total_shipping=amount(pricing.shipping_total, currency),
        total_tax=amount(pricing.tax_total, currency),
        taxes_included=pricing.prices_include_tax,
        total_price=amount(pricing.total, currency),
    )
    return {"checkout": body}


def order_summary(order) -> dict:
    return {
        "id": order.pk,
        "name": str(order),
        "token": str(order.token),
        "total_price": amount(order.total, order.currency),
        "currency": order.currency,
        "financial_status": order.financial_status,
        "fulfillment_status": order.fulfilment_status,
        "processed_at": order.placed_at,
    }


# --- Cart --------------------------------------------------------------------------


@router.post("/carts.json", response={201: CartEnvelope})
def sf_cart_create(request):
    cart = cart_services.cart_create(customer=getattr(request, "api_customer", None))
    return 201, cart_out(cart)


@router.get("/carts/{token}.json", response=CartEnvelope)
def sf_cart(request, token: str):
    return cart_out(_cart(token))


@router.post("/carts/{token}/lines.json", response=CartEnvelope)
def sf_cart_add(request, token: str, payload: LineIn):
    cart = _cart(token)
    _cart_call(
        lambda: cart_services.cart_add(
            cart=cart, variant_id=payload.variant_id, quantity=payload.quantity
        )
    )
    return cart_out(cart)


@router.put("/carts/{token}/lines/{variant_id}.json", response=CartEnvelope)
def sf_cart_set(request, token: str, variant_id: int, payload: QuantityIn):
    cart = _cart(token)
    _cart_call(
        lambda: cart_services.cart_set_quantity(
            cart=cart, variant_id=variant_id, quantity=payload.quantity
        )
    )
    return cart_out(cart)


@router.delete("/carts/{token}/lines/{variant_id}.json", response=CartEnvelope)
def sf_cart_remove(request, token: str, variant_id: int):
    cart = _cart(token)
    cart_services.cart_remove(cart=cart, variant_id=variant_id)
    return cart_out(cart)


@router.post("/carts/{token}/discount_code.json", response=CartEnvelope)
def sf_cart_discount(request, token: str, payload: CodeIn):
    """Apply (or, with an empty code, remove) a discount code; the cart page's limit on
    codes tried (per cart, per IP) applies."""
    cart = _cart(token)
    cart_services.cart_discount_code_try(cart=cart, code=payload.code, ip=client_ip(request))
    return cart_out(cart)


# --- Checkout ----------------------------------------------------------------------


@router.post("/carts/{token}/checkout.json", response={201: CheckoutEnvelope})
def sf_checkout_start(request, token: str):
    cart = _cart(token)
    if not cart.lines.exists():
        raise ApiProblem(422, "cart-empty", _("The cart is empty"))
    session = checkout_services.checkout_for_cart(
        cart=cart, customer=getattr(request, "api_customer", None)
    )
    return 201, checkout_out(session)


@router.get("/checkouts/{token}.json", response=CheckoutEnvelope)
def sf_checkout(request, token: str):
    """The checkout priced now (and remembered as what the buyer saw, as the review
    page does): totals with taxes once email, address and shipping are given."""
    return checkout_out(_checkout(token))


@router.put("/checkouts/{token}.json", response=CheckoutEnvelope)
def sf_checkout_update(request, token: str, payload: CheckoutIn):
    session = _checkout(token)
    try:
        if payload.email is not None:
            checkout_services.checkout_set_contact(session=session, email=payload.email)
        if payload.shipping_address is not None:
            checkout_services.checkout_set_address(
                session=session, address=_address_in(payload.shipping_address)
            )
        if payload.shipping_rate_id is not None:
            checkout_services.checkout_set_shipping(
                session=session, rate_id=payload.shipping_rate_id
            )
    except CheckoutError as exc:
        raise ApiProblem(
            422, "checkout-step", _("A step is missing"), exc.message, next_step=exc.step
        ) from exc
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            exc = ValidationError({_FIELD_NAMES.get(f, f): e for f, e in exc.error_dict.items()})
        raise exc from None
    session.refresh_from_db()
    return checkout_out(session)


@router.get("/checkouts/{token}/shipping_rates.json", response=ShippingRates)
def sf_checkout_rates(request, token: str):
    session = _checkout(token)
    currency = shop_currency()
    try:
        quotes = checkout_services.checkout_shipping_options(session=session)
    except CheckoutError as exc:
        raise ApiProblem(
            422, "checkout-step", _("A step is missing"), exc.message, next_step=exc.step
        ) from exc
    return {
        "shipping_rates": [
            {"id": q.rate_id, "title": q.name, "price": amount(q.price, currency)} for q in quotes
        ]
    }


@router.post("/checkouts/{token}/complete.json", response=PaymentOut)
def sf_checkout_complete(request, token: str, payload: PaymentIn):
    """Pay and place the order: the test gateway takes ``card``; a Stripe shop takes
    ``payment_method`` and may answer ``requires_action`` with the URL of the
    buyer's bank (3-D Secure), after which the order is confirmed by the same paths
    as the HTML checkout (the return page, the webhook, reconciliation)."""
    session = _checkout(token)
    try:
        provider = providers.provider_for_shop()
    except PaymentsUnavailable as exc:
        raise ApiProblem(
            422, "payments-unavailable", _("This shop cannot take payments now")
        ) from exc
    stripe_account = getattr(provider, "account_id", "")
    if stripe_account:
        form = StripePaymentForm({"payment_method": payload.payment_method or ""})
    else:
        card = payload.card.model_dump() if payload.card else {}
        form = CardForm(card)
    if not form.is_valid():
        raise ValidationError({f: e for f, e in form.errors.items()})
    card = form.cleaned_data
    if stripe_account:
        card = {**card, "return_url": request.build_absolute_uri(reverse("checkout:return"))}
    result = checkout_services.checkout_place_order(
        session=session, card=card, provider=provider, currency=shop_currency()
    )
    if result.field_errors:
        raise ValidationError({f: e for f, e in result.field_errors.items()})
    return {
        "status": result.status,
        "message": str(result.message),
        "changes": [str(c) for c in result.changes],
        "next_step": result.step,
        "redirect_url": result.redirect_url,
        "order": order_summary(result.order) if result.order is not None else None,
    }


# --- Customers ---------------------------------------------------------------------


@router.post("/customers.json", response={201: CustomerTokenOut})
def sf_customer_register(request, payload: CustomerIn):
    """Register a shopper account (the registration limit per IP of the account page)."""
    if registration_blocked(request):
        raise ApiProblem(429, "rate-limited", _("Too many registrations from here; try later."))
    registration_attempted(request)
    user = customer_register(
        email=payload.email,
        password=payload.password,
        first_name=payload.first_name,
        last_name=payload.last_name,
    )
    return 201, {"customer_access_token": customer_token_issue(user=user), "email": user.email}


@router.post("/customer_tokens.json", response={201: CustomerTokenOut})
def sf_customer_login(request, payload: LoginIn):
    user = authenticate(request, email=payload.email.strip().lower(), password=payload.password)
    if user is None or user.is_staff:
        raise ApiProblem(401, "login-failed", _("Wrong e-mail or password"))
    return 201, {"customer_access_token": customer_token_issue(user=user), "email": user.email}


@router.get("/customer/orders.json", response=CustomerOrders)
def sf_customer_orders(request):
    customer = getattr(request, "api_customer", None)
    if customer is None:
        raise ApiProblem(
            401,
            "customer-token-missing",
            _("Log in first"),
            _("Send the customer's token in X-Souk-Customer-Access-Token."),
        )
    return {"orders": [order_summary(o) for o in customer_orders(customer=customer)]}
