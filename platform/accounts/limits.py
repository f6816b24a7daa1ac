"""Plan limits that identity checks. Billing owns the plans; this is the seam.

``staff_limit_check`` is called by every service that adds a person to a shop
(invitations, collaborator approval). Until ``billing`` is merged there are no
plans, so there is no limit: the function returns without checking. The lead wires
it to billing's limit (e.g. ``billing.limits.limit_check(shop=..., limit="staff",
adding=...)``) in this one place.
"""

from __future__ import annotations


def staff_limit_check(*, shop, adding: int = 1) -> None:
    """Raise ``ValidationError`` when ``adding`` more staff would pass the shop's
    plan limit. NOT WIRED YET: no plans exist on this branch."""
    return None


def shop_plan_names(shop_ids) -> dict[int, str]:
    """{shop id: plan name} for listings, in one query once billing exists.
    NOT WIRED YET: returns no names, and "My shops" shows a dash."""
    return {}
