"""Reads on plans and subscriptions for pages that list shops."""

from __future__ import annotations

from billing.models import Subscription


def shop_plan_names(shop_ids) -> dict[int, str]:
    """{shop id: plan name} for listings, in one query."""
    return dict(
        Subscription.objects.filter(shop_id__in=list(shop_ids)).values_list("shop_id", "plan__name")
    )
