"""Writes of apps and tokens: create, change scopes, rotate, revoke, delete.

A new or rotated admin token is returned once, to be shown once; only its digest is
kept. Every write leaves an entry in the shop's audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from api.models import App, CustomerToken, StorefrontToken
from api.scopes import scopes_clean
from api.tokens import (
    ADMIN_PREFIX,
    CUSTOMER_PREFIX,
    SHOWN,
    STOREFRONT_PREFIX,
    token_digest,
    token_new,
)
from billing.limits import limit_check

CUSTOMER_TOKEN_DAYS = 30
# ``last used`` is written at most this often per token: one UPDATE a minute, not one
# per request.
LAST_USED_PRECISION = timedelta(minutes=1)


def _name_clean(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the app a name.")}, code="required")
    if len(name) > 80:
        raise ValidationError({"name": _("At most 80 characters.")}, code="max_length")
    return name


def _origins_clean(origins: Iterable[str]) -> list[str]:
    clean = []
    for origin in origins:
        origin = origin.strip().rstrip("/")
        if not origin:
            continue
        scheme, sep, rest = origin.partition("://")
        if scheme not in ("http", "https") or not sep or not rest or "/" in rest:
            raise ValidationError(
                {
                    "allowed_origins": _("“%(o)s” is not an origin like https://example.com.")
                    % {"o": origin}
                },
                code="invalid",
            )
        clean.append(origin.lower())
    return sorted(set(clean))


def _token_set(app: App) -> str:
    token = token_new(ADMIN_PREFIX)
    app.token_digest = token_digest(token)
    app.token_prefix = token[:SHOWN]
    app.token_created_at = timezone.now()
    app.token_last_used_at = None
    return token


@transaction.atomic
def app_create(*, name: str, scopes: Iterable[str], user=None) -> tuple[App, str]:
    """Create an app with its admin token, within the plan's app limit.

    Returns the app and its token: the only time the token exists in clear.
    """
    name = _name_clean(name)
    scopes = scopes_clean(scopes)
    limit_check(shop=connection.tenant, resource="apps")
    acting = get_user_model().objects.create_user(
        email=f"app-{uuid.uuid4().hex}@apps.invalid",
        password=None,
        first_name=name[:150],
        last_name=_("(app)"),
        is_active=False,
    )
    app = App(name=name, scopes=scopes, user=acting, created_by=user)
    token = _token_set(app)
    app.save()
    log(instance=app, action="wagtail.create", user=user)
    return app, token


@transaction.atomic
def app_update(*, app: App, name: str | None = None, scopes=None, user=None) -> App:
    fields = []
    if name is not None:
        app.name = _name_clean(name)
        app.user.first_name = app.name[:150]
        app.user.save(update_fields=["first_name"])
        fields.append("name")
    if scopes is not None:
        app.scopes = scopes_clean(scopes)
        fields.append("scopes")
    app.save(update_fields=fields)
    log(instance=app, action="wagtail.edit", user=user)
    return app


@transaction.atomic
def app_token_rotate(*, app: App, user=None) -> str:
    """A new admin token; the old one stops working at once."""
    token = _token_set(app)
    app.save(
        update_fields=["token_digest", "token_prefix", "token_created_at", "token_last_used_at"]
    )
    log(instance=app, action="api.token.rotate", user=user)
    return token


@transaction.atomic
def app_token_revoke(*, app: App, user=None) -> None:
    """No admin token any more (the app stays, with its scopes, until rotated)."""
    app.token_digest = None
    app.token_prefix = ""
    app.save(update_fields=["token_digest", "token_prefix"])
    log(instance=app, action="api.token.revoke", user=user)


@transaction.atomic
def app_delete(*, app: App, user=None) -> None:
    """Delete the app; its acting user stays (inactive) so its audit entries keep a name."""
    log(instance=app, action="wagtail.delete", user=user, deleted=True)
    app.delete()


def app_token_used(*, app: App) -> None:
    """Note that the token was used (at most once per LAST_USED_PRECISION)."""
    now = timezone.now()
    last = app.token_last_used_at
    if last is None or now - last >= LAST_USED_PRECISION:
        App.objects.filter(pk=app.pk).update(token_last_used_at=now)
        app.token_last_used_at = now


@transaction.atomic
def storefront_token_create(
    *, name: str, allowed_origins: Iterable[str] = (), user=None
) -> StorefrontToken:
    row = StorefrontToken.objects.create(
        name=_name_clean(name),
        token=token_new(STOREFRONT_PREFIX),
        allowed_origins=_origins_clean(allowed_origins),
    )
    log(instance=row, action="wagtail.create", user=user)
    return row


@transaction.atomic
def storefront_token_revoke(*, token: StorefrontToken, user=None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log(instance=token, action="api.token.revoke", user=user)


def storefront_token_used(*, token: StorefrontToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        StorefrontToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def customer_token_issue(*, user) -> str:
    """A token for a shopper who just logged in or registered through the API."""
    token = token_new(CUSTOMER_PREFIX)
    CustomerToken.objects.create(
        user=user,
        digest=token_digest(token),
        expires_at=timezone.now() + timedelta(days=CUSTOMER_TOKEN_DAYS),
    )
    return token
