"""Abandoned checkouts: which ones, the one recovery e-mail, the link that restores the cart.

A checkout is abandoned when it has the shopper's e-mail, is still open, and nothing
happened on it for the shop's delay (``CheckoutSettings``), and that e-mail placed no
order since the checkout began (a shopper who gave up on the phone and bought on the
laptop is not written to).

The e-mail goes out once, and never after the order: ``recovery_emails_mark`` locks
the due rows (``SKIP LOCKED``: a checkout being placed right now is skipped and looked
at again next time), sets ``recovery_email_sent_at`` by a conditional update on open
rows with no timestamp, and queues the e-mail only for the rows that update changed,
after commit. The worker checks again before sending (``recovery_email_still_due``),
because the shopper may have paid between the scan and the send.

The link carries the checkout's token signed with the site's key and the shop's
schema (no extra column; a guessed token, or one signed for another shop, opens
nothing): it puts the
checkout's cart back in the shopper's session and resumes the checkout.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from checkout.models import (
    RECOVERY_DELAY_MAX,
    RECOVERY_DELAY_MIN,
    CheckoutSession,
    CheckoutSettings,
)
from orders.models import Order

SALT = "checkout.recover"
# Links in recovery e-mails work this long; checkouts older than a week get none.
LINK_MAX_AGE = timedelta(days=30)
MAX_AGE = timedelta(days=7)
BATCH = 500


def checkout_settings() -> CheckoutSettings:
    """The shop's checkout settings row, made with the defaults on first use."""
    found = CheckoutSettings.objects.first()
    if found is not None:
        return found
    settings_row, _created = CheckoutSettings.objects.get_or_create(singleton=True)
    return settings_row


def checkout_settings_update(
    *, recovery_email_enabled: bool, recovery_email_delay_minutes: int, user=None
) -> CheckoutSettings:
    delay = recovery_email_delay_minutes
    if isinstance(delay, bool) or not isinstance(delay, int):
        delay = -1
    if not RECOVERY_DELAY_MIN <= delay <= RECOVERY_DELAY_MAX:
        raise ValidationError(
            {
                "recovery_email_delay_minutes": _(
                    "Choose a delay from %(min)d minutes to %(max)d minutes (a week)."
                )
                % {"min": RECOVERY_DELAY_MIN, "max": RECOVERY_DELAY_MAX}
            }
        )
    with transaction.atomic():
        checkout_settings()
        row = CheckoutSettings.objects.select_for_update().get()
        row.recovery_email_enabled = bool(recovery_email_enabled)
        row.recovery_email_delay_minutes = delay
        row.save()
        log(instance=row, action="wagtail.edit", user=user, content_changed=True)
    return row


def _ordered_since() -> Exists:
    return Exists(
        Order.objects.filter(email=OuterRef("email"), placed_at__gte=OuterRef("created_at"))
    )


def checkouts_abandoned(*, now: datetime | None = None, delay_minutes: int | None = None):
    """Open checkouts with an e-mail, idle for the delay, whose shopper ordered nothing
    since; newest first. Carts and drafts both count (a draft's invoice left unpaid)."""
    now = now or timezone.now()
    if delay_minutes is None:
        delay_minutes = checkout_settings().recovery_email_delay_minutes
    return (
        CheckoutSession.objects.filter(
            state=CheckoutSession.State.OPEN, updated_at__lte=now - timedelta(minutes=delay_minutes)
        )
        .exclude(email="")
        .exclude(_ordered_since())
        .order_by("-updated_at", "-id")
    )


def _due(now: datetime, delay_minutes: int) -> QuerySet:
    """Checkouts owed a recovery e-mail now: abandoned carts (not drafts: the merchant
    sent those invoices), never written to, not older than ``MAX_AGE``."""
    return checkouts_abandoned(now=now, delay_minutes=delay_minutes).filter(
        recovery_email_sent_at__isnull=True,
        draft_order__isnull=True,
        cart__isnull=False,
        updated_at__gte=now - MAX_AGE,
    )


def recovery_emails_mark(*, now: datetime | None = None) -> list[int]:
    """Mark this shop's due checkouts as written to; their ids, to queue the e-mails.

    Call inside the transaction that queues the e-mails on commit
    (``checkout.tasks.checkout_recovery_emails_queue``): a rolled-back mark sends none.
    """
    settings_row = checkout_settings()
    if not settings_row.recovery_email_enabled:
        return []
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            _due(now, settings_row.recovery_email_delay_minutes)
            .order_by()
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return []
        marked = CheckoutSession.objects.filter(
            pk__in=ids, state=CheckoutSession.State.OPEN, recovery_email_sent_at__isnull=True
        )
        ids = list(marked.values_list("pk", flat=True))
        marked.update(recovery_email_sent_at=now)
    return ids


def recovery_email_still_due(checkout_id: int) -> CheckoutSession | None:
    """The checkout to write to, or None: completed, or its shopper ordered since."""
    return (
        CheckoutSession.objects.filter(
            Q(pk=checkout_id), state=CheckoutSession.State.OPEN, cart__isnull=False
        )
        .exclude(_ordered_since())
        .select_related("cart")
        .first()
    )


def _salt() -> str:
    # Per shop: a link signed for one shop is nothing in another.
    return f"{SALT}:{connection.schema_name}"


def recovery_link_token(session: CheckoutSession) -> str:
    return signing.dumps(str(session.token), salt=_salt(), compress=True)


def checkout_for_recovery(signed: str) -> CheckoutSession | None:
    """The checkout named by a recovery link (open or completed), or None."""
    try:
        token = signing.loads(signed, salt=_salt(), max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return CheckoutSession.objects.filter(token=token).select_related("cart").first()
