"""Sign-up's seam to billing: every new shop starts its plan's trial."""

from __future__ import annotations

from billing.trials import subscription_trial_start


def plan_trial_start(*, shop) -> None:
    """Start the new shop's trial (no card; Stripe objects are made on commit)."""
    subscription_trial_start(shop=shop)
