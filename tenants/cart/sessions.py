"""Which cart a request means: the guest's (session) or the signed-in customer's.

A guest's cart token lives in the shop's session. Sessions are stored per shop
schema, so a token from one shop's cookie finds nothing in another's (and the cart
rows are per schema anyway). A customer's cart is found by ``customer`` so it
follows them to another device; at login the guest cart is merged into it
(``cart_after_login``, called by the customers app's login view).

A page that only *shows* the cart never creates one: bots and first visits would
otherwise fill the table with empty carts.
"""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

from cart.models import Cart
from cart.services import cart_create, cart_merge

SESSION_KEY = "cart_token"


def _session_cart(request) -> Cart | None:
    raw = request.session.get(SESSION_KEY)
    try:
        token = uuid.UUID(str(raw))
    except (TypeError, ValueError):
        return None
    return Cart.objects.filter(token=token).first()


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def cart_for_request(request, *, create: bool = False) -> Cart | None:
    """The request's cart; with ``create``, a new one when there is none yet."""
    user = _user(request)
    if user is not None:
        cart = Cart.objects.filter(customer=user).first()
        if cart is None and create:
            cart = _customer_cart(user)
        return cart
    cart = _session_cart(request)
    if cart is not None and cart.customer_id is not None:
        # A customer's cart is only theirs once they are signed in (logged out since).
        cart = None
    if cart is None and create:
        cart = cart_create()
        request.session[SESSION_KEY] = str(cart.token)
    return cart


def cart_after_login(request, user) -> list[str]:
    """Merge the guest's cart into ``user``'s; messages for anything cut.

    Call after ``django.contrib.auth.login`` (which keeps the session's data while it
    changes the key). With no customer cart yet, the guest cart simply becomes theirs.
    """
    guest = _session_cart(request)
    if guest is not None and guest.customer_id not in (None, user.pk):
        guest = None  # someone else's cart left in this browser's session
    with transaction.atomic():
        target = Cart.objects.filter(customer=user).first()
        if guest is None:
            notes: list[str] = []
        elif target is None:
            guest.customer = user
            guest.save(update_fields=["customer", "updated_at"])
            target, notes = guest, []
        else:
            notes = cart_merge(source=guest, target=target)
    if target is not None:
        request.session[SESSION_KEY] = str(target.token)
    return notes


def _customer_cart(user) -> Cart:
    try:
        with transaction.atomic():
            return cart_create(customer=user)
    except IntegrityError:  # the same customer in two tabs at once
        return Cart.objects.get(customer=user)
