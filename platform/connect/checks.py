"""Deployment checks for shop payments (``manage.py check --deploy`` and every start).

A shop out of test mode shows Stripe's card field, which needs the platform's
publishable key of the same mode as its secret key. Missing or mismatched, the
payment step would render a dead field: better said at deploy time than found by a
shopper.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks


def _mode(key: str) -> str:
    for mode in ("live", "test"):
        if key.startswith((f"sk_{mode}_", f"rk_{mode}_", f"pk_{mode}_")):
            return mode
    return ""


@checks.register(checks.Tags.security, deploy=False)
def stripe_keys_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    secret = settings.STRIPE_SECRET_KEY
    public = settings.STRIPE_PUBLISHABLE_KEY
    if not secret:
        return []
    if not public:
        return [
            checks.Warning(
                "STRIPE_SECRET_KEY is set but STRIPE_PUBLISHABLE_KEY is not.",
                hint="Shops out of test mode cannot show Stripe's card field without it.",
                id="connect.W001",
            )
        ]
    if _mode(secret) and _mode(public) and _mode(secret) != _mode(public):
        return [
            checks.Error(
                "STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY are of different modes "
                f"({_mode(secret)} and {_mode(public)}).",
                hint="Use both keys from the same Stripe mode (test or live).",
                id="connect.E001",
            )
        ]
    return []
