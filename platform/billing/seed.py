"""The three plans a new platform starts with (Starter, Growth, Pro).

The data migration 0002 seeds them on ``migrate``; ``plans_seed`` puts back any that
are missing (tests whose database was flushed, a demo platform). The operator edits
prices, limits and Stripe ids afterwards; seeding never overwrites an existing plan.
"""

from decimal import Decimal

from billing.models import Plan

GB = 1024**3
PLANS = [
    {
        "code": "starter",
        "name": "Starter",
        "description": "Everything to open a small shop.",
        "price_monthly": Decimal("19.00"),
        "price_yearly": Decimal("190.00"),
        "max_products": 100,
        "max_staff": 2,
        "max_custom_domains": 1,
        "max_storage_bytes": 1 * GB,
        "max_apps": 3,
        "api_requests_per_second": 2,
        "transaction_fee_percent": Decimal("2.00"),
        "features": {"custom_domain": True, "discounts": True, "api": False, "b2b": False},
        "is_default": True,
        "position": 1,
    },
    {
        "code": "growth",
        "name": "Growth",
        "description": "For a shop with a team and a growing catalogue.",
        "price_monthly": Decimal("49.00"),
        "price_yearly": Decimal("490.00"),
        "max_products": 5000,
        "max_staff": 10,
        "max_custom_domains": 3,
        "max_shops_per_account": 10,
        "max_storage_bytes": 20 * GB,
        "max_apps": 10,
        "api_requests_per_second": 4,
        "transaction_fee_percent": Decimal("1.00"),
        "features": {"custom_domain": True, "discounts": True, "api": True, "b2b": True},
        "is_default": False,
        "position": 2,
    },
    {
        "code": "pro",
        "name": "Pro",
        "description": "No limits on products or staff.",
        "price_monthly": Decimal("149.00"),
        "price_yearly": Decimal("1490.00"),
        "max_products": None,
        "max_staff": None,
        "max_custom_domains": 10,
        "max_shops_per_account": 25,
        "max_storage_bytes": 200 * GB,
        "max_apps": None,
        "api_requests_per_second": 10,
        "transaction_fee_percent": Decimal("0.50"),
        "features": {"custom_domain": True, "discounts": True, "api": True, "b2b": True},
        "is_default": False,
        "position": 3,
    },
]


def plans_seed() -> int:
    """Create the default plans that do not exist yet; returns how many were made."""
    made = 0
    for plan in PLANS:
        _plan, created = Plan.objects.get_or_create(
            code=plan["code"], defaults={**plan, "currency": "USD", "trial_days": 14}
        )
        made += created
    return made
