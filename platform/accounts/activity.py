"""Entries in a shop's activity log (``shops.ShopEvent``, public schema).

The owner reads these in the shop admin ("Activity"): who joined, who entered as a
collaborator or as platform support, who changed access. ``ShopEvent.action`` is a
free ``CharField`` whose choices live in ``shops``; the identity actions are listed
here so the log can label them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name, schema_context

from shops.models import ShopEvent

ACTIONS = {
    "member_joined": _("Member joined"),
    "member_changed": _("Member's access changed"),
    "member_removed": _("Member removed"),
    "member_invited": _("Member invited"),
    "ownership_proposed": _("Ownership transfer proposed"),
    "ownership_transferred": _("Ownership transferred"),
    "collaborator_requested": _("Collaborator access requested"),
    "collaborator_approved": _("Collaborator access approved"),
    "collaborator_refused": _("Collaborator access refused"),
    "collaborator_withdrawn": _("Collaborator access withdrawn"),
    "collaborator_changed": _("Collaborator permissions changed"),
    "collaborator_entered": _("Collaborator entered the shop admin"),
    "support_entered": _("Platform support viewed the shop admin"),
}


def shop_event_record(*, shop, action: str, actor: str = "", detail: dict | None = None) -> None:
    assert action in ACTIONS, action
    with schema_context(get_public_schema_name()):
        ShopEvent.objects.create(
            shop=shop, subdomain=shop.subdomain, action=action, actor=actor, detail=detail or {}
        )


def action_label(action: str) -> str:
    if action in ACTIONS:
        return str(ACTIONS[action])
    return str(dict(ShopEvent.Action.choices).get(action, action))
