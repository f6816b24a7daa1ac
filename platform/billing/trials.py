"""A new shop's trial: the local subscription now, Stripe's after commit.

Apart from ``billing.services`` because it queues ``billing.tasks``, whose tasks run
``billing.services``.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from billing.models import Plan, Subscription
from billing.services import default_plan
from billing.tasks import stripe_subscription_open
from kernel import stripe_client
from shops.audit import shop_event_record
from shops.models import Shop, ShopEvent

logger = logging.getLogger(__name__)


def subscription_trial_start(*, shop: Shop, plan: Plan | None = None) -> Subscription | None:
    """Start a new shop's trial: no card needed.

    The local row is written now (limits apply at once); the Stripe customer and the
    trialing subscription are made by a task after commit, so a sign-up never waits
    on, or fails with, Stripe. With no plan at all (the operator removed them) the
    shop starts unbilled and unlimited, and that is logged: a sign-up never fails
    because of billing.
    """
    plan = plan or default_plan()
    if plan is None:
        logger.warning("billing: no plan exists; shop %s starts without a trial", shop.subdomain)
        return None
    with transaction.atomic():
        sub, created = Subscription.objects.get_or_create(
            shop=shop,
            defaults={
                "plan": plan,
                "status": Subscription.Status.TRIALING,
                "trial_end": timezone.now() + timedelta(days=plan.trial_days),
            },
        )
        if created:
            shop_event_record(
                shop=shop,
                action=ShopEvent.Action.BILLING_TRIAL_STARTED,
                plan=plan.code,
                trial_end=sub.trial_end.isoformat(),
            )
            if stripe_client.configured():
                transaction.on_commit(lambda: stripe_subscription_open.delay(sub.pk))
    return sub
