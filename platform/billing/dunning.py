"""Time-driven billing: trial reminders, grace-period suspension, closing ended
subscriptions and deleting a closed shop's data after retention.

Each function looks at the clock (so tests travel in time) and is safe to run any
number of times: the e-mails are recorded once (``BillingEmail``), and suspension
and deletion check the state they change. ``billing.tasks.billing_hourly`` calls
them all.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from billing.models import BillingEmail, Subscription
from billing.services import (
    SUSPEND_REASON_CANCELED,
    SUSPEND_REASON_PAST_DUE,
    _shop_close_for_billing,
    billing_email_send,
)
from kernel.schemas import public_schema
from shops.models import Shop
from shops.services import shop_delete

logger = logging.getLogger(__name__)

TRIAL_REMINDERS = (
    (3, BillingEmail.Kind.TRIAL_ENDS_3_DAYS),
    (1, BillingEmail.Kind.TRIAL_ENDS_1_DAY),
)


@public_schema()
def trial_reminders_send() -> int:
    """E-mail owners whose trial ends within 3 days, and again within 1 day."""
    now = timezone.now()
    sent = 0
    for days, kind in TRIAL_REMINDERS:
        subs = Subscription.objects.filter(
            status=Subscription.Status.TRIALING,
            trial_end__gt=now,
            trial_end__lte=now + timedelta(days=days),
        ).select_related("shop", "shop__owner", "plan")
        for sub in subs:
            if kind == BillingEmail.Kind.TRIAL_ENDS_3_DAYS and sub.trial_end <= now + timedelta(
                days=1
            ):
                continue  # too late for "3 days": the 1-day reminder says it
            sent += billing_email_send(
                shop=sub.shop,
                kind=kind,
                key=sub.trial_end.isoformat(),
                context={"trial_end": sub.trial_end, "plan": sub.plan.name, "days": days},
            )
    return sent


def payment_failed_notify(*, subscription: Subscription, invoice: dict) -> bool:
    return billing_email_send(
        shop=subscription.shop,
        kind=BillingEmail.Kind.PAYMENT_FAILED,
        key=invoice["id"],
        context={
            "grace_deadline": subscription.grace_deadline,
            "amount": invoice.get("amount_due"),
            "currency": (invoice.get("currency") or "").upper(),
        },
    )


@public_schema()
def past_due_suspend() -> int:
    """Suspend past-due shops whose grace period is over."""
    done = 0
    ids = Subscription.objects.filter(
        status=Subscription.Status.PAST_DUE,
        grace_deadline__lte=timezone.now(),
        suspended_for_billing=False,
        shop__status=Shop.Status.ACTIVE,
    ).values_list("pk", flat=True)
    for pk in ids:
        with transaction.atomic():
            sub = (
                Subscription.objects.select_for_update(of=("self",))
                .select_related("shop", "shop__owner")
                .get(pk=pk)
            )
            if sub.status != Subscription.Status.PAST_DUE or sub.suspended_for_billing:
                continue
            _shop_close_for_billing(sub, reason=SUSPEND_REASON_PAST_DUE)
            sub.save(update_fields=["suspended_for_billing", "updated_at"])
            billing_email_send(
                shop=sub.shop,
                kind=BillingEmail.Kind.SUSPENDED,
                key=sub.grace_deadline.isoformat(),
                context={},
            )
            done += 1
    return done


@public_schema()
def ended_subscriptions_close() -> int:
    """Close shops whose cancelled subscription's paid period is over.

    Stripe's ``customer.subscription.deleted`` normally does this at period end;
    this catches a lost event. The subscription is marked ended here too.
    """
    now = timezone.now()
    done = 0
    ids = (
        Subscription.objects.filter(cancel_at_period_end=True, current_period_end__lte=now)
        .exclude(status=Subscription.Status.CANCELED)
        .values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            sub = (
                Subscription.objects.select_for_update(of=("self",))
                .select_related("shop")
                .get(pk=pk)
            )
            sub.status = Subscription.Status.CANCELED
            sub.past_due_since = sub.grace_deadline = None
            sub.canceled_at = sub.current_period_end
            sub.delete_after = sub.canceled_at + timedelta(days=settings.BILLING_RETENTION_DAYS)
            _shop_close_for_billing(sub, reason=SUSPEND_REASON_CANCELED)
            sub.save()
            done += 1
    return done


@public_schema()
def retention_expired_delete() -> int:
    """Delete the shops whose subscription ended more than the retention period ago."""
    done = 0
    subs = Subscription.objects.filter(
        status=Subscription.Status.CANCELED, delete_after__lte=timezone.now()
    ).select_related("shop")
    for sub in list(subs):
        logger.info("billing: deleting shop %s (subscription ended)", sub.shop.subdomain)
        shop_delete(shop=sub.shop, confirm_subdomain=sub.shop.subdomain, actor_name="billing")
        done += 1
    return done
