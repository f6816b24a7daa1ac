from __future__ import annotations

from dataclasses import dataclass

from notifications.models import NotificationTemplate
from notifications.registry import NOTIFICATIONS, Notification


@dataclass(frozen=True)
class NotificationRow:
    notification: Notification
    customised: bool
    updated_at: object = None


def notification_rows() -> list[NotificationRow]:
    """Every notification with whether the merchant changed it (one query)."""
    changed = dict(NotificationTemplate.objects.values_list("key", "updated_at"))
    return [
        NotificationRow(notification=n, customised=n.key in changed, updated_at=changed.get(n.key))
        for n in NOTIFICATIONS
    ]
