"""Every e-mail a shop sends its customers, as one literal table.

One entry per notification: its key (what senders name and what an override is
stored under), the name the merchant reads, the variables its templates may use
with a sample value for each (the admin's preview and a template's validation
render against them), and the default subject and body files. Adding a
notification is one entry here and its two default files; the sender calls
``notifications.sending.notification_send(key=..., to=..., context=...)`` with a
context of the same shape as the samples.

Samples are plain data (dicts, lists, strings), and so are the contexts senders
pass: a merchant's template never sees a model instance, so it cannot reach a
method or a relation that was not meant for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

_ADDRESS = {
    "name": "Grace Hopper",
    "line1": "12 Harbour Street",
    "line2": "",
    "postal_code": "10115",
    "city": "Berlin",
    "country": "Germany",
}
_LINES = [
    {"quantity": 2, "title": "Stoneware mug — Sand", "sku": "MUG-SND", "price": "$36.00"},
    {"quantity": 1, "title": "Linen tea towel", "sku": "", "price": "$14.50"},
]
_ORDER = {
    "number": "#1001",
    "subtotal": "$50.50",
    "discount": "",
    "shipping": "$5.00",
    "tax": "$8.87",
    "tax_included": True,
    "total": "$55.50",
    "url": "https://shop.example.com/account/orders/1001/",
    "shipping_address": _ADDRESS,
}


@dataclass(frozen=True)
class Notification:
    key: str
    name: str
    description: str
    # Variable name -> sample value: what the templates may use, and the preview's data.
    samples: dict = field(default_factory=dict)

    @property
    def subject_template(self) -> str:
        return f"notifications/defaults/{self.key}.subject.txt"

    @property
    def body_template(self) -> str:
        return f"notifications/defaults/{self.key}.html"

    @property
    def sample_context(self) -> dict:
        return {"shop_name": "Your shop", "shop_url": "https://shop.example.com/", **self.samples}

    def variables(self) -> list[tuple[str, str]]:
        """``(name, sample)`` of every variable, dotted (``order.total``); a list is
        shown by what each of its items has (``{% for line in lines %}``)."""
        found: list[tuple[str, str]] = []

        def walk(prefix: str, value) -> None:
            if isinstance(value, dict):
                for key, inner in value.items():
                    walk(f"{prefix}.{key}" if prefix else key, inner)
            elif isinstance(value, list):
                keys = sorted({k for item in value if isinstance(item, dict) for k in item})
                found.append(
                    (prefix, _("a list; each item has: %(keys)s") % {"keys": ", ".join(keys)})
                )
            else:
                found.append((prefix, "" if value is None else str(value)))

        walk("", self.sample_context)
        return found


NOTIFICATIONS: tuple[Notification, ...] = (
    Notification(
        key="order_confirmation",
        name=_("Order confirmation"),
        description=_("Sent to the customer when they place an order."),
        samples={"customer_name": "Grace", "order": _ORDER, "lines": _LINES},
    ),
    Notification(
        key="shipping_confirmation",
        name=_("Shipping confirmation"),
        description=_("Sent when you mark items as shipped, with the tracking details."),
        samples={
            "customer_name": "Grace",
            "order": _ORDER,
            "lines": [{"quantity": 2, "title": "Stoneware mug — Sand"}],
            "carrier": "DHL",
            "tracking_number": "JD014600006281",
            "tracking_url": "https://www.dhl.com/track?id=JD014600006281",
        },
    ),
    Notification(
        key="refund",
        name=_("Refund"),
        description=_("Sent when you refund an order and choose to notify the customer."),
        samples={
            "customer_name": "Grace",
            "order": _ORDER,
            "amount": "$14.50",
            "reason": "Damaged in transit",
            "lines": [{"quantity": 1, "title": "Linen tea towel"}],
        },
    ),
    Notification(
        key="password_reset",
        name=_("Customer password reset"),
        description=_("Sent when a customer asks to reset the password of their account."),
        samples={
            "customer_name": "Grace",
            "customer_email": "grace@example.com",
            "reset_url": "https://shop.example.com/account/reset/MQ/set-password/",
        },
    ),
    Notification(
        key="customer_invite",
        name=_("Customer account invite"),
        description=_(
            "Sent when you invite a customer to open an account (from the customer's "
            "page): the link lets them choose a password."
        ),
        samples={
            "customer_name": "Grace",
            "customer_email": "grace@example.com",
            "invite_url": "https://shop.example.com/account/activate/abc123/",
            "message": "Thanks for ordering by phone — your orders are waiting in your account.",
        },
    ),
    Notification(
        key="order_claim",
        name=_("Customer account: earlier orders"),
        description=_(
            "Sent when someone opens an account with an e-mail address that placed "
            "orders as a guest: the link adds those orders to the account."
        ),
        samples={
            "customer_name": "Grace",
            "orders_count": 2,
            "claim_url": "https://shop.example.com/account/orders/claim/abc123/",
        },
    ),
    Notification(
        key="abandoned_checkout",
        name=_("Abandoned checkout"),
        description=_("Sent once, after the delay you choose, to a customer who left checkout."),
        samples={
            "customer_name": "Grace",
            "recovery_url": "https://shop.example.com/checkout/recover/abc123/",
            "lines": _LINES,
            "total": "$50.50",
        },
    ),
    Notification(
        key="draft_order_invoice",
        name=_("Draft order invoice"),
        description=_("Sent when you e-mail a draft order's invoice; the link pays it."),
        samples={
            "customer_name": "Grace",
            "invoice_url": "https://shop.example.com/checkout/invoice/abc123/",
            "lines": _LINES,
            "discount": "$5.05",
            "discount_reason": "Loyal customer",
            "shipping": "$5.00",
            "total": "$50.45",
            "note": "As discussed on the phone: gift wrapped.",
        },
    ),
)

BY_KEY: dict[str, Notification] = {n.key: n for n in NOTIFICATIONS}


def notification_get(key: str) -> Notification:
    """The registry entry; ``LookupError`` for a key nobody registered."""
    try:
        return BY_KEY[key]
    except KeyError:
        raise LookupError(f"unknown notification {key!r}") from None
