"""The shopper's emails about an order: confirmation, shipping, a draft order's invoice.

Rendered from templates (plain text and HTML) and sent through Django's email
backend. Called from ``orders.tasks`` after the change they announce is committed,
so a rolled-back order never sends a confirmation.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django_tenants.utils import get_tenant_model

from kernel.schemas import public_schema
from orders.draft_models import DraftOrder
from orders.draft_pricing import draft_price
from orders.models import Fulfilment, Order, OrderEvent, Refund

TEMPLATES = {
    "confirmation": "orders/emails/confirmation",
    "shipping": "orders/emails/shipping",
    "refund": "orders/emails/refund",
}
DRAFT_INVOICE_TEMPLATE = "orders/emails/draft_order_invoice"


def shop_name() -> str:
    """The current shop's name; a schema-only tenant (tests, shell) has none."""
    tenant = getattr(connection, "tenant", None)
    name = getattr(tenant, "name", "")
    if name:
        return name

    shop = get_tenant_model().objects.filter(schema_name=connection.schema_name).first()
    return shop.name if shop else ""


def order_email_message(
    order: Order, *, kind: str, fulfilment: Fulfilment | None = None, refund: Refund | None = None
) -> EmailMultiAlternatives:
    shop = shop_name()
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "fulfilment": fulfilment,
        "fulfilment_lines": list(fulfilment.lines.select_related("order_line"))
        if fulfilment
        else [],
        "refund": refund,
        "shop_name": shop,
    }
    if kind == "confirmation":
        subject = _("Order %(number)s confirmed") % {"number": order}
    elif kind == "refund":
        subject = _("Refund for order %(number)s") % {"number": order}
    else:
        subject = _("Order %(number)s is on its way") % {"number": order}
    if shop:
        subject = f"{shop}: {subject}"
    base = TEMPLATES[kind]
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{base}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.email],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    return message


def draft_invoice_message(draft: DraftOrder, *, url: str) -> EmailMultiAlternatives:
    """The customer's invoice for a draft order: what it holds and the link to pay it.

    Template context: ``draft``, ``lines`` (``DraftOrderLine``: ``title``, ``quantity``,
    ``unit_price``, ``line_total``), ``pricing`` (``orders.draft_pricing.DraftPricing``:
    ``subtotal``, ``discount_total``, ``discount_code`` (the reason), ``shipping_name``,
    ``shipping_total``, ``tax_known``, ``tax_total``, ``prices_include_tax``, ``total``;
    tax for the draft's address, confirmed at checkout for the address the customer gives),
    ``currency``, ``url`` (the invoice link) and ``shop_name``.
    """
    shop = shop_name()
    lines = list(draft.lines.all())
    context = {
        "draft": draft,
        "lines": lines,
        "pricing": draft_price(
            draft,
            lines=lines,
            country=(draft.shipping_address or {}).get("country", ""),
            region=(draft.shipping_address or {}).get("region", ""),
        ),
        "currency": draft.currency,
        "url": url,
        "shop_name": shop,
    }
    subject = _("Your invoice %(number)s") % {"number": draft}
    if shop:
        subject = f"{shop}: {subject}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{DRAFT_INVOICE_TEMPLATE}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[draft.email],
    )
    message.attach_alternative(
        render_to_string(f"{DRAFT_INVOICE_TEMPLATE}.html", context), "text/html"
    )
    return message


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
