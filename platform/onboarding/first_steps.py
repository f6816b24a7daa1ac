"""The "first steps" checklist on a new shop's admin dashboard: a product, a theme,
payments, a domain — ticked from the shop's own data.

It reads a shop app (``catalog.selectors.has_products``, a named seam), the Stripe
account (``connect``) and the shop's domains (``shops``), so it sits in
``onboarding``, above all of them. The domains are public rows read by ``shop_id``
through the shop's ``search_path``; no shop schema has such a table, so nothing can
shadow them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from catalog.selectors import has_products
from connect.models import ConnectedAccount
from shops.models import Domain


def _admin_url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return "/admin/"


@dataclass
class Step:
    label: str
    done: bool
    url: str
    help: str = ""


def first_steps(shop) -> list[Step]:
    """Ticked from the shop's data: one small query per step (payments: the public
    Stripe account row, charges enabled)."""
    platform_suffix = f".{settings.PLATFORM_DOMAIN}"
    has_domain = (
        Domain.objects.filter(tenant_id=shop.pk).exclude(domain__endswith=platform_suffix).exists()
    )
    return [
        Step(_("Add a product"), has_products(), _admin_url("catalog_products:add")),
        Step(
            _("Choose a theme"),
            shop.theme != "base",
            "/admin/",
            _("Your shop uses the base theme."),
        ),
        Step(
            _("Set up payments"),
            ConnectedAccount.objects.filter(shop_id=shop.pk).charges_enabled().exists(),
            _admin_url("connect_admin:index"),
            _("The built-in test gateway takes orders until you connect Stripe."),
        ),
        Step(
            _("Connect a domain"),
            has_domain,
            "/admin/",
            _("Your shop answers on %(host)s.") % {"host": f"{shop.subdomain}{platform_suffix}"},
        ),
    ]


class FirstStepsPanel(Component):
    name = "first_steps"
    template_name = "onboarding/admin/first_steps.html"
    # Above the orders panel (50): what a new merchant does first.
    order = 40

    def __init__(self, shop) -> None:
        self.shop = shop

    def get_context_data(self, parent_context=None):
        steps = first_steps(self.shop)
        return {"steps": steps, "done": sum(s.done for s in steps), "total": len(steps)}
