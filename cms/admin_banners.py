"""The states that cost a merchant money, shown across the top of every admin page.

A suspended shop, a trial running out, a failed payment, test mode (no real money
moves) and a platform admin's read-only support view are each one ``Banner``. They
sit in the admin's frame (``wagtailadmin/base.html``), not on the dashboard alone: a
merchant who goes straight to Orders must still see that their shop is closed.

Each state is read where it is kept: the shop row (suspension), the subscription
(billing), the payment settings (connect) and the session (support view). Two small
public-schema queries per admin page, remembered for the request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.middleware import SESSION_SUPPORT_UNTIL
from accounts.shop_admin import is_shop_owner
from billing.models import Subscription
from connect.admin_views import may_manage_payments
from connect.services import test_mode_of

# The one set of test cards, true for the built-in test gateway and for Stripe's
# test mode alike (payments.providers.TestGateway accepts both numbers).
TEST_CARD_APPROVED = "4242 4242 4242 4242"
TEST_CARD_DECLINED = "4000 0000 0000 0002"


@dataclass(frozen=True)
class Banner:
    kind: str  # suspended, past_due, trial, test_mode, support: a CSS modifier and a test hook
    level: str  # critical, warning, info
    text: str
    link_url: str = ""
    link_label: str = ""


def _date(moment) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT")


def _billing(request, shop, subscription: Subscription | None) -> list[Banner]:
    owner = is_shop_owner(request)
    link = (reverse("billing_admin:index"), _("Go to Billing")) if owner else ("", "")
    who = "" if owner else " " + _("The shop's owner can change this in Billing.")
    if shop.is_suspended:
        if subscription is not None and subscription.suspended_for_billing:
            text = _(
                "Your shop is suspended: shoppers see it as closed until the overdue bill is paid."
            )
        else:
            text = _(
                "Your shop is suspended: shoppers see it as closed. Contact the platform's support."
            )
            link, who = ("", ""), ""
        return [Banner("suspended", "critical", text + who, *link)]
    if subscription is None:
        return []
    if subscription.status == Subscription.Status.PAST_DUE:
        deadline = subscription.grace_deadline
        text = _(
            "Your last payment failed. Update your card before %(date)s or the storefront closes."
        ) % {"date": _date(deadline) if deadline else "—"}
        return [Banner("past_due", "critical", text + who, *link)]
    if subscription.status == Subscription.Status.TRIALING and subscription.trial_end:
        days = max((subscription.trial_end - timezone.now()).days, 0)
        text = ngettext(
            "Your trial ends in %(days)d day (%(date)s).",
            "Your trial ends in %(days)d days (%(date)s).",
            days,
        ) % {"days": days, "date": _date(subscription.trial_end)}
        link = (reverse("billing_admin:index"), _("Choose a plan")) if owner else ("", "")
        return [Banner("trial", "info", text + who, *link)]
    return []


def _test_mode(request, shop) -> list[Banner]:
    if not test_mode_of(shop):
        return []
    text = _(
        "Test mode: no real money moves. Test with card %(approved)s (any future date, "
        "any CVC); %(declined)s is declined."
    ) % {"approved": TEST_CARD_APPROVED, "declined": TEST_CARD_DECLINED}
    if may_manage_payments(request.user):
        return [Banner("test_mode", "warning", text, reverse("connect_admin:index"), _("Payments"))]
    return [Banner("test_mode", "warning", text)]


def admin_banners(request) -> list[Banner]:
    """The banners for this admin request, most urgent first."""
    known = getattr(request, "_souk_admin_banners", None)
    if known is not None:
        return known
    shop = getattr(request, "shop", None)
    banners: list[Banner] = []
    if shop is not None and request.user.is_authenticated:
        if SESSION_SUPPORT_UNTIL in request.session:
            banners.append(
                Banner("support", "info", _("Support view: you are seeing this shop read-only."))
            )
        subscription = Subscription.objects.filter(shop_id=shop.pk).first()
        banners += _billing(request, shop, subscription)
        banners += _test_mode(request, shop)
    request._souk_admin_banners = banners
    return banners
