"""Connect's background work (public schema; the handler enters the shop's schema)."""

from __future__ import annotations

from celery import shared_task

from connect.events import event_apply


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(Exception,),
    max_retries=8,
    retry_backoff=True,
)
def connect_event_apply(event_pk: int) -> bool:
    """Apply one stored Connect event (idempotent: a second run does nothing)."""
    return event_apply(event_pk=event_pk)
