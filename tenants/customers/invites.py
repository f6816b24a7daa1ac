"""Account invites: the merchant asks a customer to open an account.

The link carries a token signed with the shop's schema in its salt (a link from one
shop is nothing in another) naming the customer record and its e-mail, so changing
the record's e-mail voids invites sent to the old address. It works for ``MAX_AGE``
(30 days, as Shopify's) and until the account has a password: opening it after that
says to log in instead, so a forwarded old invite cannot reset anyone's password.
"""

from __future__ import annotations

from django.core import signing
from django.db import connection

from customers.models import Customer

MAX_AGE = 30 * 24 * 3600


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"souk.customers.invite:{connection.schema_name}")


def invite_token(*, customer: Customer) -> str:
    return _signer().sign(f"{customer.pk}:{customer.email.lower()}")


def invited_customer(token: str) -> Customer | None:
    """The customer the token invites, or ``None`` (forged, expired, e-mail changed)."""
    try:
        value = _signer().unsign(token, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    pk, _sep, email = value.partition(":")
    customer = Customer.objects.select_related("user").filter(pk=pk).first()
    if customer is None or customer.email.lower() != email:
        return None
    return customer


def has_active_account(customer: Customer) -> bool:
    """Whether the customer already has an account they can log in to."""
    user = customer.user
    return user is not None and user.is_active and user.has_usable_password()
