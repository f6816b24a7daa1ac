"""What a Stripe Connect event does inside a shop: one handler per event type.

Issue 7 seam (skeleton, filled in on the ``stripe-pay`` branch): the Connect webhook
(``platform/connect``) verifies an event, stores it once by id, finds the shop by the
event's ``account`` and, in a task running in that shop's schema, calls
``HANDLERS[event["type"]](event=event)`` inside a transaction. Types missing here are
recorded as ignored. A handler must be idempotent: the same event can be replayed.
"""

from __future__ import annotations

from collections.abc import Callable

HANDLERS: dict[str, Callable[..., None]] = {}
