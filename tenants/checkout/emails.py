"""The abandoned-checkout e-mail: what was left in the cart and the link back to it.

The ``abandoned_checkout`` notification (``notifications.registry``): the merchant's
template or the default, in the shop's layout, sent by a worker after the mark that
makes it go out once (``checkout.services.recovery``).
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.urls import reverse

from cart.selectors import cart_items
from checkout.models import CheckoutSession
from checkout.services.recovery import recovery_link_token
from kernel.money import money_format
from kernel.schemas import public_schema
from notifications.sending import notification_message
from shops.addresses import shop_url
from shops.models import Shop
from shops.selectors import shop_currency


def recovery_message(session: CheckoutSession) -> EmailMultiAlternatives | None:
    """The e-mail, or None when the cart has nothing left to come back to."""
    items = cart_items(session.cart)
    if not items:
        return None
    tenant = _current_shop()
    currency = shop_currency()
    path = reverse("checkout:recover", args=[recovery_link_token(session)])
    context = {
        "customer_name": (session.shipping_address or {}).get("name", ""),
        "recovery_url": shop_url(tenant, path),
        "lines": [
            {
                "quantity": item.quantity,
                "title": item.name,
                "sku": item.variant.sku,
                "price": money_format(item.unit_price, currency),
            }
            for item in items
        ],
        "total": money_format(sum(item.line_total for item in items), currency),
    }
    return notification_message(key="abandoned_checkout", to=session.email, context=context)


def _current_shop() -> Shop:
    """The shop whose schema is current: the routed tenant, or its row (a worker's
    tenant may carry only the schema name)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Shop):
        return tenant
    schema = connection.schema_name
    with public_schema():
        return Shop.objects.get(schema_name=schema)
