"""Plan limits that identity checks; billing owns the plans and the counting."""

from __future__ import annotations


def staff_limit_check(*, shop, adding: int = 1) -> None:
    """Raise ``billing.limits.LimitReached`` (a ``ValidationError``) when ``adding``
    more people would pass the shop's plan limit on staff accounts. Call it inside
    the transaction that adds them: it locks the shop's subscription row."""
    from billing.limits import limit_check

    limit_check(shop=shop, resource="staff", adding=adding)


def shop_plan_names(shop_ids) -> dict[int, str]:
    """{shop id: plan name} for listings, in one query."""
    from billing.models import Subscription

    return dict(
        Subscription.objects.filter(shop_id__in=list(shop_ids)).values_list("shop_id", "plan__name")
    )
