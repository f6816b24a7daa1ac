"""Writes of Connect: connect a shop's Stripe account, follow its state, test mode.

Stripe decides an account's state; ``account_sync`` copies the account object Stripe
returns onto our row, whole. Every path that learns something about an account (the
merchant's "Refresh", the return from onboarding, an ``account.updated`` event) ends
there, so applying the same news twice, or late, lands in the same place.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from connect import stripe_gateway as gateway
from connect.models import ConnectedAccount, PaymentSettings
from kernel import stripe_client
from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.models import Shop, ShopEvent

logger = logging.getLogger(__name__)


def _shop(shop) -> Shop:
    """A Shop from a Shop or django-tenants' FakeTenant (``schema_context``)."""
    if isinstance(shop, Shop):
        return shop
    return Shop.objects.get(schema_name=shop.schema_name)


def _require_stripe() -> None:
    if not stripe_client.configured():
        raise ValidationError(
            _("Stripe is not set up on this platform yet; ask the platform operator.")
        )


@public_schema()
def account_connect(*, shop, actor: User | None = None) -> ConnectedAccount:
    """The shop's Stripe account, created (Express) the first time.

    The shop's row is locked while Stripe is asked, so a double-clicked "Connect"
    waits for the first and finds its account; the idempotency key makes a retry
    after a lost answer get the same account from Stripe.
    """
    _require_stripe()
    with transaction.atomic():
        shop = (
            Shop.objects.select_for_update(of=("self",))
            .select_related("owner")
            .get(pk=_shop(shop).pk)
        )
        existing = ConnectedAccount.objects.filter(shop=shop).first()
        if existing is not None:
            return existing
        remote = gateway.account_create(
            shop_id=shop.pk, email=shop.owner.email, shop_name=shop.name
        )
        account = ConnectedAccount(
            shop=shop,
            account_id=remote["id"],
            type=remote.get("type") or ConnectedAccount.Type.EXPRESS,
            livemode=stripe_client.key_livemode(),
        )
        _copy(account, remote)
        account.save()
        shop_event_record(
            shop=shop,
            action=ShopEvent.Action.PAYMENTS_STRIPE_CONNECTED,
            actor=actor,
            account=account.account_id,
        )
    return account


def onboarding_url(*, shop, return_url: str, refresh_url: str) -> str:
    """A fresh link to Stripe's hosted onboarding for the shop's account."""
    _require_stripe()
    account = ConnectedAccount.objects.for_shop(shop).first()
    if account is None:
        raise ValidationError(_("Connect a Stripe account first."))
    link = gateway.account_link_create(
        account_id=account.account_id, return_url=return_url, refresh_url=refresh_url
    )
    return link["url"]


def account_refresh(*, shop) -> ConnectedAccount | None:
    """Read the shop's account from Stripe now (the merchant's button, the return
    from onboarding); None when the shop has none."""
    _require_stripe()
    account = ConnectedAccount.objects.for_shop(shop).first()
    if account is None:
        return None
    return account_sync(remote=gateway.account_retrieve(account.account_id))


@public_schema()
def account_sync(*, remote: dict) -> ConnectedAccount | None:
    """Make our row what Stripe says the account is now (``remote``: Stripe's object).

    The result depends only on Stripe's object, so calling it twice changes nothing
    the second time. A state change is written to the shop's activity log once.
    """
    with transaction.atomic():
        account = (
            ConnectedAccount.objects.select_for_update(of=("self",))
            .select_related("shop")
            .filter(account_id=remote["id"])
            .first()
        )
        if account is None:
            logger.warning("connect: no shop for Stripe account %s", remote.get("id"))
            return None
        before = account.state
        _copy(account, remote)
        account.save()
        if account.state != before:
            shop_event_record(
                shop=account.shop,
                action=ShopEvent.Action.PAYMENTS_STRIPE_STATE,
                before=before,
                after=account.state,
            )
    return account


def _copy(account: ConnectedAccount, remote: dict) -> None:
    requirements = remote.get("requirements") or {}
    account.charges_enabled = bool(remote.get("charges_enabled"))
    account.payouts_enabled = bool(remote.get("payouts_enabled"))
    account.details_submitted = bool(remote.get("details_submitted"))
    account.requirements = {
        "currently_due": list(requirements.get("currently_due") or []),
        "eventually_due": list(requirements.get("eventually_due") or []),
        "past_due": list(requirements.get("past_due") or []),
        "pending_verification": list(requirements.get("pending_verification") or []),
        "disabled_reason": requirements.get("disabled_reason") or "",
        "current_deadline": requirements.get("current_deadline"),
        "errors": [
            {"requirement": e.get("requirement", ""), "reason": e.get("reason", "")}
            for e in requirements.get("errors") or []
        ],
    }
    account.refreshed_at = timezone.now()


@public_schema()
def account_deauthorize(*, account_id: str) -> ConnectedAccount | None:
    """The merchant disconnected the platform in their Stripe dashboard: from now on
    we cannot charge on the account, so the shop stops taking live payments."""
    with transaction.atomic():
        account = (
            ConnectedAccount.objects.select_for_update(of=("self",))
            .select_related("shop")
            .filter(account_id=account_id)
            .first()
        )
        if account is None or account.deauthorized_at is not None:
            return account
        account.deauthorized_at = timezone.now()
        account.charges_enabled = False
        account.payouts_enabled = False
        account.save()
        shop_event_record(
            shop=account.shop,
            action=ShopEvent.Action.PAYMENTS_STRIPE_DISCONNECTED,
            account=account_id,
        )
    return account


def test_mode_of(shop) -> bool:
    """Whether the shop takes payments through the test gateway (no row: yes)."""
    mode = PaymentSettings.objects.filter(shop__schema_name=shop.schema_name).first()
    return True if mode is None else mode.test_mode


test_mode_of.__test__ = False  # a service, not a pytest test


@public_schema()
def test_mode_set(*, shop, on: bool, actor: User | None = None) -> PaymentSettings:
    """Switch the shop's test mode. Going live needs an account that can charge.

    The account row is locked with the settings row, so a webhook disabling charges
    cannot slip between the check and the switch.
    """
    shop = _shop(shop)
    with transaction.atomic():
        settings_row, _created = PaymentSettings.objects.select_for_update().get_or_create(
            shop=shop
        )
        if not on:
            account = (
                ConnectedAccount.objects.select_for_update().charges_enabled().filter(shop=shop)
            ).first()
            if account is None:
                raise ValidationError(
                    _(
                        "Test mode stays on until your Stripe account can take payments: "
                        "connect Stripe and finish its onboarding first."
                    ),
                    code="charges_not_enabled",
                )
        if settings_row.test_mode != on:
            settings_row.test_mode = on
            settings_row.changed_by = actor.email if actor is not None else ""
            settings_row.save()
            shop_event_record(
                shop=shop,
                action=ShopEvent.Action.PAYMENTS_TEST_MODE_ON
                if on
                else ShopEvent.Action.PAYMENTS_TEST_MODE_OFF,
                actor=actor,
            )
    return settings_row


test_mode_set.__test__ = False
