"""A shop's audit trail read as sentences: "Trial started by maya@example.com".

``ShopEvent`` keeps an action key and a JSON ``detail``; the owner reading the
activity log (shop admin) and the platform admin (console) need neither. Every
action has a sentence here (a test holds the table complete), filled from the
actor and the few detail values a person cares about; the raw detail stays in the
database and in exports.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from shops.models import ShopEvent

A = ShopEvent.Action

# Actors that are systems, not people: how the log names them.
SYSTEM_ACTORS = {
    "": _("Souk"),
    "billing": _("billing"),
    "manage.py": _("the platform's operator"),
    "checkout": _("checkout"),
    "stripe": _("Stripe"),
}

SENTENCES = {
    A.PROVISIONED: _("Shop created by %(actor)s"),
    A.SUSPENDED: _("Shop suspended by %(actor)s"),
    A.REACTIVATED: _("Shop reopened by %(actor)s"),
    A.EXPORTED: _("Shop data exported by %(actor)s"),
    A.DELETED: _("Shop deleted by %(actor)s"),
    A.DOMAIN_ADDED: _("Domain %(domain)s added by %(actor)s"),
    A.DOMAIN_VERIFIED: _("Domain %(domain)s verified"),
    A.DOMAIN_REMOVED: _("Domain %(domain)s removed by %(actor)s"),
    A.DOMAIN_PRIMARY: _("%(domain)s made the main domain by %(actor)s"),
    A.MEMBER_JOINED: _("%(actor)s joined the team as %(role)s"),
    A.MEMBER_CHANGED: _("A team member's role changed to %(role)s by %(actor)s"),
    A.MEMBER_REMOVED: _("A team member removed by %(actor)s"),
    A.MEMBER_INVITED: _("%(email)s invited to the team by %(actor)s"),
    A.OWNERSHIP_PROPOSED: _("Hand-over of the shop proposed by %(actor)s"),
    A.OWNERSHIP_TRANSFERRED: _("Shop handed over to a new owner"),
    A.COLLABORATOR_REQUESTED: _("Agency %(agency)s asked for access"),
    A.COLLABORATOR_APPROVED: _("Agency %(agency)s given access by %(actor)s"),
    A.COLLABORATOR_REFUSED: _("Agency %(agency)s refused access by %(actor)s"),
    A.COLLABORATOR_WITHDRAWN: _("Agency %(agency)s's access withdrawn by %(actor)s"),
    A.COLLABORATOR_CHANGED: _("Agency %(agency)s's permissions changed by %(actor)s"),
    A.COLLABORATOR_ENTERED: _("%(actor)s (agency) opened the shop admin"),
    A.SUPPORT_ENTERED: _("Platform support (%(actor)s) viewed the shop admin"),
    A.BILLING_TRIAL_STARTED: _("Trial started by %(actor)s"),
    A.BILLING_STATUS: _("Subscription changed from %(before)s to %(after)s"),
    A.BILLING_PLAN_CHANGED: _("Plan changed to %(after)s by %(actor)s"),
    A.BILLING_CANCEL_REQUESTED: _("Subscription cancelled by %(actor)s (ends with the period)"),
    A.BILLING_CANCEL_UNDONE: _("Cancellation undone by %(actor)s"),
    A.PAYMENTS_STRIPE_CONNECTED: _("Stripe account connected by %(actor)s"),
    A.PAYMENTS_STRIPE_STATE: _("Stripe account changed from %(before)s to %(after)s"),
    A.PAYMENTS_STRIPE_DISCONNECTED: _("Stripe account disconnected"),
    A.PAYMENTS_TEST_MODE_ON: _("Test payments turned on by %(actor)s"),
    A.PAYMENTS_TEST_MODE_OFF: _("Live payments turned on by %(actor)s"),
    A.PAYMENTS_STRIPE_EVENT_REPLAYED: _("A Stripe notification was processed again"),
}

# Detail values that are codes, said in words.
WORDS = {
    "trialing": _("trial"),
    "active": _("active"),
    "past_due": _("payment overdue"),
    "canceled": _("cancelled"),
    "unpaid": _("unpaid"),
    "incomplete": _("incomplete"),
    "owner": _("owner"),
    "admin": _("admin"),
    "staff": _("staff"),
    "not_connected": _("not connected"),
    "onboarding_incomplete": _("onboarding not finished"),
    "restricted": _("restricted"),
    "charges_enabled": _("taking payments"),
    "payouts_enabled": _("taking payments and paying out"),
}


class _Words(dict):
    """Detail values in words; a value a sentence names but the event lacks is "—"."""

    def __missing__(self, key):
        return "—"


def actor_label(event: ShopEvent) -> str:
    name = event.actor_name or ""
    return str(SYSTEM_ACTORS.get(name, name))


def event_sentence(event: ShopEvent) -> str:
    """What happened, as a sentence a merchant reads."""
    template = SENTENCES.get(event.action)
    if template is None:  # an action stored before its sentence existed
        return event.get_action_display()
    values = _Words(
        {
            key: str(WORDS.get(value, value))
            for key, value in (event.detail or {}).items()
            if isinstance(value, str | int)
        }
    )
    values["actor"] = actor_label(event)
    return str(template) % values
