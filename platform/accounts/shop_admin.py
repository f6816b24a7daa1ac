"""What identity adds to a shop's admin: the shop's activity log (who entered,
who changed access) and whether the admin's user is the shop's owner.

The log reads a public table (``shops_shopevent``) by ``shop_id`` through the
shop's ``search_path``; it does not exist in a shop schema, so nothing can shadow
it. The dashboard's setup guide is the ``setup_guide`` app.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from accounts.models import Membership, Role
from shops.activity import actor_label, event_sentence
from shops.models import ShopEvent


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
