"""Reads of apps and tokens: the token look-ups cost one query each."""

from __future__ import annotations

from django.utils import timezone

from api.models import App, CustomerToken, StorefrontToken
from api.tokens import ADMIN_PREFIX, CUSTOMER_PREFIX, STOREFRONT_PREFIX, token_digest


def app_count() -> int:
    """Apps in the current shop (the plan's ``apps`` limit, through billing.limits)."""
    return App.objects.count()


def app_for_token(token: str) -> App | None:
    if not token.startswith(ADMIN_PREFIX):
        return None
    return App.objects.filter(token_digest=token_digest(token)).select_related("user").first()


def storefront_token_for(token: str) -> StorefrontToken | None:
    if not token.startswith(STOREFRONT_PREFIX):
        return None
    return StorefrontToken.objects.filter(token=token, revoked_at__isnull=True).first()


def storefront_origins() -> set[str]:
    """Every origin some live storefront token allows (answers CORS preflights, which
    carry no token)."""
    origins: set[str] = set()
    for row in StorefrontToken.objects.filter(revoked_at__isnull=True).values_list(
        "allowed_origins", flat=True
    ):
        origins.update(row)
    return origins


def customer_for_token(token: str):
    """The shopper (a shop ``User``) a customer token stands for, if still valid."""
    if not token.startswith(CUSTOMER_PREFIX):
        return None
    row = (
        CustomerToken.objects.filter(digest=token_digest(token), expires_at__gt=timezone.now())
        .select_related("user")
        .first()
    )
    return row.user if row and row.user.is_active else None
