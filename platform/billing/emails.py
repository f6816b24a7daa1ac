"""The billing e-mails to a shop's owner (plain text, rendered from templates)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

SUBJECTS = {
    "trial_3d": lambda shop: _("Your %(shop)s trial ends in 3 days") % {"shop": shop.name},
    "trial_1d": lambda shop: _("Your %(shop)s trial ends tomorrow") % {"shop": shop.name},
    "payment_failed": lambda shop: (
        _("Payment failed for %(shop)s: please update your card") % {"shop": shop.name}
    ),
    "suspended": lambda shop: _("%(shop)s is closed until the bill is paid") % {"shop": shop.name},
}


def billing_url(shop) -> str:
    domain = shop.domains.filter(is_primary=True).values_list("domain", flat=True).first()
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_SCHEME}://{domain}{port}/admin/billing/"


def billing_email_deliver(*, shop, kind: str, to: str, context: dict) -> None:
    context = {**context, "shop": shop, "billing_url": billing_url(shop)}
    body = render_to_string(f"billing/email/{kind}.txt", context)
    send_mail(SUBJECTS[kind](shop), body, None, [to])
