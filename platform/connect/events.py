"""The Connect webhook's events: routed by ``account``, applied once.

``connect.intake.event_receive`` runs in the webhook request. It stores every verified
event once by id (the unique constraint decides between racing deliveries) and
decides with ``event_route`` where it goes: an event about an account no shop has,
one whose ``livemode`` is not the platform key's, or one of a type nobody handles is
stored as ``ignored`` with the reason; anything else is ``received`` and
``connect_event_apply`` is queued after commit.

``event_apply`` (the task, or a console replay) locks the row, then runs the handler:
the account's own events (``ACCOUNT_HANDLERS``, public schema) here, and every other
type through ``checkout.dispatch.STRIPE_EVENT_HANDLERS`` (the shop's money; the seam
through which this platform app reaches the shop apps) *inside the shop's schema*, in
the same transaction as the status change. So
an event is applied exactly once however often it is delivered or the task runs,
and a handler that raises leaves ``failed`` with the error for the retry.
Suspended shops get their events too: their money keeps moving.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from checkout.dispatch import STRIPE_EVENT_HANDLERS
from connect import services
from connect import stripe_gateway as gateway
from connect.models import ConnectedAccount, ConnectEvent
from kernel import stripe_client
from kernel.schemas import public_schema
from shops.audit import shop_event_record
from shops.models import Shop, ShopEvent

logger = logging.getLogger(__name__)


def _account_updated(*, event: dict) -> None:
    """Re-read the account from Stripe: the event body may be older than our row."""
    services.account_sync(remote=gateway.account_retrieve(event["account"]))


def _account_deauthorized(*, event: dict) -> None:
    services.account_deauthorize(account_id=event["account"])


# The account's own events: applied in the public schema, where the account lives.
ACCOUNT_HANDLERS: dict[str, Callable[..., None]] = {
    "account.updated": _account_updated,
    "account.application.deauthorized": _account_deauthorized,
}


def handled(event_type: str) -> bool:
    return event_type in ACCOUNT_HANDLERS or event_type in STRIPE_EVENT_HANDLERS


def event_route(event: dict) -> tuple[ConnectedAccount | None, str]:
    """The account the event belongs to and, if it is to be ignored, why."""
    account_id = event.get("account") or ""
    livemode = bool(event.get("livemode"))
    if livemode != stripe_client.key_livemode():
        return None, (
            f"livemode mismatch: the event is {'live' if livemode else 'test'}, "
            f"the platform key is {'live' if stripe_client.key_livemode() else 'test'}"
        )
    if not account_id:
        return None, "no account: not a Connect event"
    account = ConnectedAccount.objects.by_account(account_id).select_related("shop").first()
    if account is None:
        return None, f"unknown account {account_id}"
    if account.shop.status == Shop.Status.CLOSED:
        return account, f"the shop {account.shop.subdomain} is closed"
    if not handled(event.get("type", "")):
        return account, f"unhandled type {event.get('type')}"
    return account, ""


class EventFailed(Exception):
    """The handler raised; the event is recorded ``failed`` and the task retries."""


@public_schema()
def event_apply(*, event_pk: int, replay: bool = False) -> bool:
    """Apply a stored event once; True if this call applied it.

    ``replay`` (the console) runs it again whatever its status, routing it afresh:
    an event ignored because the account was unknown then applies once the shop has
    connected it. The handlers are idempotent, so replaying an applied event changes
    nothing that is already true.
    """
    error: Exception | None = None
    with transaction.atomic():
        stored = ConnectEvent.objects.select_for_update().get(pk=event_pk)
        if not replay and stored.status in (
            ConnectEvent.Status.APPLIED,
            ConnectEvent.Status.IGNORED,
        ):
            return False
        account, reason = event_route(stored.payload)
        stored.shop = account.shop if account else stored.shop
        if reason:
            stored.status, stored.reason, stored.applied_at = (
                ConnectEvent.Status.IGNORED,
                reason,
                None,
            )
            stored.save()
            return False
        stored.attempts += 1
        try:
            with transaction.atomic():  # a savepoint: a failed handler leaves nothing
                _dispatch(stored, account.shop)
        except Exception as exc:
            logger.exception("connect: applying Stripe event %s failed", stored.event_id)
            error = exc
            stored.status, stored.reason, stored.applied_at = (
                ConnectEvent.Status.FAILED,
                f"{type(exc).__name__}: {exc}"[:2000],
                None,
            )
        else:
            stored.status, stored.reason = ConnectEvent.Status.APPLIED, ""
            stored.applied_at = timezone.now()
        stored.save()
    if error is not None:
        raise EventFailed(stored.reason) from error
    return True


def _dispatch(stored: ConnectEvent, shop: Shop) -> None:
    event = stored.payload
    handler = ACCOUNT_HANDLERS.get(stored.type)
    if handler is not None:
        handler(event=event)
        return
    with schema_context(shop.schema_name):
        STRIPE_EVENT_HANDLERS[stored.type](event=event)


def event_replay(*, event_pk: int, actor: User | None = None) -> ConnectEvent:
    """Run a stored event's handler again (the console's "Replay"); the outcome is on
    the returned row (applied, ignored with the reason, or failed with the error)."""
    with contextlib.suppress(EventFailed):
        event_apply(event_pk=event_pk, replay=True)
    stored = ConnectEvent.objects.select_related("shop").get(pk=event_pk)
    if stored.shop is not None:
        shop_event_record(
            shop=stored.shop,
            action=ShopEvent.Action.PAYMENTS_STRIPE_EVENT_REPLAYED,
            actor=actor,
            event=stored.event_id,
            status=stored.status,
        )
    return stored
