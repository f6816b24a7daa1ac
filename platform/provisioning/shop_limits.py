"""The limit on making shops, checked by ``provisioning.services.shop_provision``,
which every way of making a shop goes through: a shop is a PostgreSQL schema, so an
account that may make shops without end can fill the database.

The cap per account reads the account's *paid* plans (``billing``); the hourly
counts are ``accounts.throttle`` limits, per account and per client IP.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.throttle import Limit, throttle_blocked, throttle_hit
from billing.models import Subscription
from shops.models import Shop

HOUR = 3600


def _creation_limits() -> tuple[Limit, Limit]:
    return (
        Limit("shop-create-account", settings.SHOP_CREATIONS_PER_HOUR_PER_ACCOUNT, HOUR),
        Limit("shop-create-ip", settings.SHOP_CREATIONS_PER_HOUR_PER_IP, HOUR),
    )


def shops_allowed(*, account) -> int:
    """How many shops ``account`` may own: ``MAX_SHOPS_PER_ACCOUNT``, or more when it
    owns a shop whose *paid* subscription is on a plan allowing more. A trial does
    not count: anyone can start one, on any plan."""
    best = Subscription.objects.filter(
        shop__owner_id=account.pk, status=Subscription.Status.ACTIVE
    ).aggregate(best=Max("plan__max_shops_per_account"))["best"]
    return max(settings.MAX_SHOPS_PER_ACCOUNT, best or 0)


def shop_creation_check(*, owner_email: str, ip: str | None = None) -> None:
    """Refuse a new shop for ``owner_email`` past the account's cap or past the
    hourly counts (per account, and per client IP when a request made the call).

    Call it inside the creating transaction, in the public schema: the owner's row
    is locked, so two creations racing for the last place are serialised.
    """
    email = (owner_email or "").strip().lower()
    per_account, per_ip = _creation_limits()
    if ip and throttle_blocked(per_ip, ip):
        raise ValidationError(
            _(
                "Too many shops were made from your network in the last hour. "
                "Wait an hour, then try again."
            ),
            code="shop_creation_throttled",
        )
    if throttle_blocked(per_account, email):
        raise ValidationError(
            ngettext(
                "Your account has made %(count)d shop in the last hour. "
                "Wait an hour, then try again.",
                "Your account has made %(count)d shops in the last hour. "
                "Wait an hour, then try again.",
                per_account.max_hits,
            )
            % {"count": per_account.max_hits},
            code="shop_creation_throttled",
        )
    account = User.objects.select_for_update().filter(email__iexact=email).first()
    if account is None:
        return
    allowed = shops_allowed(account=account)
    if Shop.objects.filter(owner_id=account.pk).count() >= allowed:
        raise ValidationError(
            ngettext(
                "Your account already owns %(count)d shop, the most it may have.",
                "Your account already owns %(count)d shops, the most it may have.",
                allowed,
            )
            % {"count": allowed}
            + " "
            + _(
                "To open another, delete or hand over a shop you no longer need, or put "
                "one of your shops on a paid plan that allows more (Billing, in that "
                "shop’s admin)."
            ),
            code="shop_limit_reached",
        )


def shop_creation_count(*, owner_email: str, ip: str | None = None) -> None:
    """Count a shop just made against the hourly limits."""
    per_account, per_ip = _creation_limits()
    throttle_hit(per_account, (owner_email or "").strip().lower())
    if ip:
        throttle_hit(per_ip, ip)
