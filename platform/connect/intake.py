"""Accepting a verified Connect event: stored once, routed, its application queued.

Apart from ``connect.events`` because the task it queues (``connect.tasks``) runs
``connect.events.event_apply``.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from connect.events import event_route
from connect.models import ConnectEvent
from connect.tasks import connect_event_apply
from kernel import stripe_client
from kernel.schemas import public_schema

logger = logging.getLogger(__name__)


@public_schema()
def event_receive(*, event: dict) -> ConnectEvent | None:
    """Store a verified event once; None for a repeat (delivered before)."""
    account, reason = event_route(event)
    status = ConnectEvent.Status.IGNORED if reason else ConnectEvent.Status.RECEIVED
    try:
        with transaction.atomic():
            stored = ConnectEvent.objects.create(
                event_id=event["id"],
                account=event.get("account") or "",
                type=event.get("type") or "",
                livemode=bool(event.get("livemode")),
                created=stripe_client.timestamp(event.get("created")) or timezone.now(),
                payload=event,
                shop=account.shop if account else None,
                status=status,
                reason=reason,
            )
            if status == ConnectEvent.Status.RECEIVED:
                transaction.on_commit(lambda: connect_event_apply.delay(stored.pk))
    except IntegrityError:
        return None  # delivered before: the first delivery applies it
    if reason:
        logger.info(
            "connect: ignored Stripe event %s (%s): %s", stored.event_id, stored.type, reason
        )
    return stored
