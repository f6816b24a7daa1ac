"""Guest orders join an account only once the account proves it owns the email.

Linking at registration would hand a stranger's orders — addresses included — to
whoever registers that email first. Instead registration e-mails a signed link to
the address; opening it, logged in as that account, links the guest orders. The
token is signed with the shop's schema in its salt, so a link from one shop is
nothing in another, and it expires after ``MAX_AGE``.
"""

from __future__ import annotations

from django.core import signing
from django.db import connection, transaction
from django.urls import reverse

from notifications.sending import notification_send
from orders.models import Order
from shops import addresses

MAX_AGE = 3 * 24 * 3600


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"souk.customers.order-claim:{connection.schema_name}")


def claim_token(*, customer) -> str:
    return _signer().sign(f"{customer.pk}:{customer.email.lower()}")


def claim_token_valid(*, customer, token: str) -> bool:
    try:
        value = _signer().unsign(token, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return value == f"{customer.pk}:{customer.email.lower()}"


def guest_orders_count(*, email: str) -> int:
    if not email:
        return 0
    return Order.objects.filter(customer__isnull=True, email__iexact=email).count()


def order_claim_offer(*, customer, request) -> bool:
    """E-mail the link (on commit) when guest orders with this email exist."""
    count = guest_orders_count(email=customer.email)
    if not count:
        return False
    url = addresses.absolute_url(
        request, reverse("customers:claim_orders", args=[claim_token(customer=customer)])
    )
    context = {"customer_name": customer.first_name, "orders_count": count, "claim_url": url}
    transaction.on_commit(
        lambda: notification_send(key="order_claim", to=customer.email, context=context)
    )
    return True
