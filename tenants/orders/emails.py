"""The shopper's emails about an order: confirmation, shipping, refund, a draft's invoice.

Each is a notification (``notifications.registry``): rendered from the merchant's
template or the default, in the shop's layout, with a plain-text part and the
shop's contact address as Reply-To (``notifications.sending``). This module turns
an order into the plain data those templates read: amounts formatted in the
order's currency, the address as a dict, a link to the order's status page.
Called from ``orders.tasks`` after the change they announce is committed, so a
rolled-back order never sends a confirmation.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django_tenants.utils import get_tenant_model

from kernel.money import money_format
from kernel.schemas import public_schema
from notifications.sending import current_shop, notification_message
from orders.draft_models import DraftOrder
from orders.draft_pricing import draft_price
from orders.models import Fulfilment, Order, OrderEvent, Refund

# Order e-mail kind (what ``orders.tasks`` is asked to send) -> notification key.
NOTIFICATIONS = {
    "confirmation": "order_confirmation",
    "shipping": "shipping_confirmation",
    "refund": "refund",
}


def shop_name() -> str:
    """The current shop's name; a schema-only tenant (tests, shell) has none."""
    tenant = getattr(connection, "tenant", None)
    name = getattr(tenant, "name", "")
    if name:
        return name

    shop = get_tenant_model().objects.filter(schema_name=connection.schema_name).first()
    return shop.name if shop else ""


def _status_url(order: Order) -> str:
    """The order's status page on the shop's domain (the token is the key)."""
    try:
        path = reverse("customers:order_status", args=[order.token])
    except NoReverseMatch:
        return ""
    base = current_shop().url
    return base.rstrip("/") + path if base else ""


def order_context(order: Order) -> dict:
    """The order as the notification templates see it (plain, formatted data)."""
    currency = order.currency
    address = order.shipping_address or None
    customer = order.customer
    return {
        "customer_name": (customer.first_name if customer else "")
        or (address or {}).get("name", ""),
        "order": {
            "number": str(order),
            "subtotal": money_format(order.subtotal, currency),
            "discount": money_format(order.discount_total, currency)
            if order.discount_total
            else "",
            "shipping": money_format(order.shipping_total, currency),
            "tax": money_format(order.tax_total, currency),
            "tax_included": order.prices_include_tax,
            "total": money_format(order.total, currency),
            "url": _status_url(order),
            "shipping_address": address,
        },
        "lines": [
            {
                "quantity": line.quantity,
                "title": line.title,
                "sku": line.sku,
                "price": money_format(line.unit_price, currency),
            }
            for line in order.lines.all()
        ],
    }


def order_email_message(
    order: Order,
    *,
    kind: str,
    fulfilment: Fulfilment | None = None,
    refund: Refund | None = None,
) -> EmailMultiAlternatives:
    context = order_context(order)
    if kind == "shipping" and fulfilment is not None:
        context.update(
            lines=[
                {"quantity": fl.quantity, "title": fl.order_line.title}
                for fl in fulfilment.lines.select_related("order_line")
            ],
            carrier=fulfilment.carrier,
            tracking_number=fulfilment.tracking_number,
            tracking_url=fulfilment.tracking_url,
        )
    if kind == "refund" and refund is not None:
        context.update(
            amount=money_format(refund.amount, order.currency),
            reason=refund.reason,
            lines=[
                {"quantity": rl.quantity, "title": rl.order_line.title}
                for rl in refund.lines.select_related("order_line")
            ],
        )
    return notification_message(key=NOTIFICATIONS[kind], to=order.email, context=context)


def draft_invoice_message(draft: DraftOrder, *, url: str) -> EmailMultiAlternatives:
    """The customer's invoice for a draft order (the ``draft_order_invoice``
    notification): what it holds and the link to pay it. Tax is for the draft's
    address; checkout confirms it for the address the customer gives."""
    lines = list(draft.lines.all())
    address = draft.shipping_address or {}
    pricing = draft_price(
        draft, lines=lines, country=address.get("country", ""), region=address.get("region", "")
    )
    context = {
        "customer_name": address.get("name", ""),
        "invoice_url": url,
        "lines": [
            {
                "quantity": line.quantity,
                "title": line.title,
                "sku": line.sku,
                "price": money_format(line.unit_price, draft.currency),
            }
            for line in lines
        ],
        "discount": money_format(pricing.discount_total, draft.currency)
        if pricing.discount_total
        else "",
        "discount_reason": pricing.discount_code,
        "shipping": money_format(pricing.shipping_total, draft.currency)
        if pricing.shipping_total
        else "",
        "total": money_format(pricing.total, draft.currency),
        "note": draft.note,
    }
    return notification_message(key="draft_order_invoice", to=draft.email, context=context)


def merchant_email() -> str:
    """The shop owner's address (a platform account, read in the public schema)."""
    schema = connection.schema_name
    with public_schema():
        shop = get_tenant_model().objects.select_related("owner").filter(schema_name=schema).first()
        return shop.owner.email if shop else ""


def merchant_dispute_message(event: OrderEvent) -> EmailMultiAlternatives | None:
    """The merchant's email about a dispute: what happened and where to answer it."""
    to = merchant_email()
    if not to:
        return None
    order = event.order
    subject = _("Payment of order %(number)s disputed") % {"number": order}
    shop = shop_name()
    if shop:
        subject = f"{shop}: {subject}"
    body = "\n\n".join(
        [
            event.message,
            _(
                "Answer the dispute in your Stripe dashboard before its deadline; the "
                "order's timeline in your shop admin records every step."
            ),
        ]
    )
    return EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]
    )
