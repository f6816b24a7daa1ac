"""The abandoned-checkout e-mail: what was left in the cart and the link back to it.

Sent the way the shop's other e-mails are (``orders.emails``): rendered from the
``orders/emails/abandoned_checkout`` templates (text and HTML) and sent through
Django's e-mail backend by a worker, after the mark that makes it go out once
(``checkout.services.recovery``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from cart.selectors import cart_items
from checkout.models import CheckoutSession
from checkout.services.recovery import recovery_link_token
from kernel.schemas import public_schema
from orders.emails import shop_name
from shops.addresses import shop_url
from shops.models import Shop

TEMPLATE = "orders/emails/abandoned_checkout"


def recovery_message(session: CheckoutSession) -> EmailMultiAlternatives | None:
    """The e-mail, or None when the cart has nothing left to come back to.

    Template context: ``checkout`` (``CheckoutSession``: ``email``), ``lines`` (cart
    items: ``name``, ``quantity``, ``unit_price``, ``line_total``), ``subtotal``,
    ``currency``, ``url`` (restores the cart and resumes the checkout) and
    ``shop_name``.
    """
    items = cart_items(session.cart)
    if not items:
        return None
    tenant = _current_shop()
    currency = getattr(tenant, "currency", "") or "USD"
    shop = shop_name()
    path = reverse("checkout:recover", args=[recovery_link_token(session)])
    context = {
        "checkout": session,
        "lines": items,
        "subtotal": sum(item.line_total for item in items),
        "currency": currency,
        "url": shop_url(tenant, path),
        "shop_name": shop,
    }
    subject = _("You left something in your cart")
    if shop:
        subject = f"{shop}: {subject}"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{TEMPLATE}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[session.email],
    )
    message.attach_alternative(render_to_string(f"{TEMPLATE}.html", context), "text/html")
    return message


def _current_shop() -> Shop:
    """The shop whose schema is current: the routed tenant, or its row (a worker's
    tenant may carry only the schema name)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Shop):
        return tenant
    schema = connection.schema_name
    with public_schema():
        return Shop.objects.get(schema_name=schema)
