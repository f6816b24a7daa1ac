"""Writes of the customers app, by topic: shopper accounts and address books
(``accounts``), the merchant's customer records (``records``), segments
(``segments``), account invites (``invites``). Import from here."""

from customers.services.accounts import (
    MAX_ADDRESSES,
    address_create,
    address_delete,
    address_set_default,
    address_update,
    customer_link_guest_orders,
    customer_password_change,
    customer_register,
)
from customers.services.invites import customer_account_activate, customer_invite_send
from customers.services.records import (
    customer_create,
    customer_for_account,
    customer_for_order,
    customer_update,
    email_clean,
    tags_clean,
)
from customers.services.segments import segment_create, segment_delete, segment_update

__all__ = [
    "MAX_ADDRESSES",
    "address_create",
    "address_delete",
    "address_set_default",
    "address_update",
    "customer_account_activate",
    "customer_create",
    "customer_for_account",
    "customer_for_order",
    "customer_invite_send",
    "customer_link_guest_orders",
    "customer_password_change",
    "customer_register",
    "customer_update",
    "email_clean",
    "segment_create",
    "segment_delete",
    "segment_update",
    "tags_clean",
]
