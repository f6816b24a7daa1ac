"""What identity adds to a shop's admin: the "first steps" checklist on the
dashboard and the shop's activity log (who entered, who changed access).

Both read public tables (``shops_shop``, ``shops_domain``, ``shops_shopevent``) by
``shop_id`` through the shop's ``search_path``; none of them exists in a shop
schema, so nothing can shadow them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from accounts.identity import Membership, Role
from catalog.selectors import has_products
from connect.models import ConnectedAccount
from shops.activity import actor_label, event_sentence
from shops.models import Domain, ShopEvent


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
    template_name = "accounts/admin/first_steps.html"
    # Above the orders panel (50): what a new merchant does first.
    order = 40

    def __init__(self, shop) -> None:
        self.shop = shop

    def get_context_data(self, parent_context=None):
        steps = first_steps(self.shop)
        return {"steps": steps, "done": sum(s.done for s in steps), "total": len(steps)}


def activity_view(request):
    """The shop's activity log, newest first; owners and admins only."""
    if not request.user.is_superuser:
        raise PermissionDenied
    events = [
        {"at": e.created_at, "action": event_sentence(e), "actor": actor_label(e)}
        for e in ShopEvent.objects.filter(shop_id=request.shop.pk).order_by("-created_at", "-id")[
            :200
        ]
    ]
    return TemplateResponse(request, "accounts/admin/activity.html", {"events": events})


def is_shop_owner(request) -> bool:
    """Whether the shop admin's user is the shop's owner: the platform account it
    is linked to holds the shop's owner *membership*.

    ``is_superuser`` does not say it: owners and admins are both superusers in the
    shop, and what is the owner's alone (billing: the plan, the card, cancelling)
    must not open to admins. One indexed query, remembered for the request; a role
    change ends the session (accounts.middleware), so it cannot go stale.
    """
    known = getattr(request, "_souk_is_shop_owner", None)
    if known is None:
        user, shop = request.user, getattr(request, "shop", None)
        account_id = getattr(user, "platform_account_id", None) if user.is_authenticated else None
        known = bool(
            shop is not None
            and account_id is not None
            and user.is_active
            and Membership.objects.filter(
                account_id=account_id, shop_id=shop.pk, role=Role.OWNER
            ).exists()
        )
        request._souk_is_shop_owner = known
    return known
