"""Writes of the setup guide: "I have reviewed this", and hiding it once done.

Each write is recorded in Wagtail's audit log with the staff ``user`` who made it,
like the shop's other settings.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from setup_guide.models import SetupGuide
from setup_guide.selectors import setup_steps

# The steps only the merchant can tick, and the field that remembers it.
REVIEWABLE = {
    "shipping": "shipping_reviewed_at",
    "taxes": "taxes_reviewed_at",
    "payments": "test_mode_understood_at",
}


def _guide() -> SetupGuide:
    guide, _created = SetupGuide.objects.select_for_update().get_or_create(singleton=True)
    return guide


def setup_step_review(*, step: str, user=None) -> SetupGuide:
    """The merchant looked at ``step`` (shipping, taxes, payments' test mode) and is
    content with it; the guide ticks it."""
    field = REVIEWABLE.get(step)
    if field is None:
        raise ValidationError(_("This step is ticked by what you do, not by a button."))
    with transaction.atomic():
        guide = _guide()
        if getattr(guide, field) is None:
            setattr(guide, field, timezone.now())
            guide.save(update_fields=[field, "updated_at"])
            log(instance=guide, action="wagtail.edit", user=user, content_changed=True)
    return guide


def setup_guide_dismiss(*, shop, user=None) -> SetupGuide:
    """Hide the guide from the dashboard; only once every step is done."""
    with transaction.atomic():
        guide = _guide()
        if not all(step.done for step in setup_steps(shop=shop, guide=guide)):
            raise ValidationError(_("Finish every step before hiding the setup guide."))
        if guide.dismissed_at is None:
            guide.dismissed_at = timezone.now()
            guide.save(update_fields=["dismissed_at", "updated_at"])
            log(instance=guide, action="wagtail.edit", user=user, content_changed=True)
    return guide
