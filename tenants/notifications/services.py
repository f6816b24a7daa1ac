"""Writes of the notifications app: a merchant's template versions, the e-mail look.

Saving a template checks it first (``templating.template_problems``: it must
compile in the restricted language and render against the notification's sample
context), so a broken or unsafe template is refused with the reason and nothing
stored. Each change is recorded in Wagtail's log with the staff ``user``.

``email_branding_update`` is called by the apps that own the sources (``themes``
when a theme is published or switched, ``cms`` when the storefront settings change),
never by a view here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from notifications.models import HEX_COLOUR, EmailBranding, NotificationTemplate
from notifications.registry import notification_get
from notifications.sending import branding as current_branding
from notifications.sending import current_shop, default_source, email_message, render_email
from notifications.templating import template_problems

_HEX = RegexValidator(HEX_COLOUR)


def notification_template_save(
    *, key: str, subject: str, body: str, user=None
) -> NotificationTemplate:
    """Store the merchant's version of notification ``key`` (replacing any before)."""
    notification = notification_get(key)
    subject = (subject or "").strip()
    body = (body or "").replace("\r\n", "\n")
    context = {**notification.sample_context, "shop_name": current_shop().name}
    problems = template_problems(subject=subject, body=body, context=context)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        row, created = NotificationTemplate.objects.select_for_update().get_or_create(
            key=key, defaults={"subject": subject, "body": body, "updated_by": user}
        )
        if not created:
            row.subject, row.body, row.updated_by = subject, body, user
            row.save(update_fields=["subject", "body", "updated_by", "updated_at"])
        log(instance=row, action="notifications.edit", user=user, data={"key": key})
    return row


def notification_template_reset(*, key: str, user=None) -> bool:
    """Go back to the default of ``key``; False when there was nothing to reset."""
    notification_get(key)
    with transaction.atomic():
        row = NotificationTemplate.objects.select_for_update().filter(key=key).first()
        if row is None:
            return False
        log(instance=row, action="notifications.reset", user=user, data={"key": key})
        row.delete()
    return True


def notification_test_send(*, key: str, to: str, user=None) -> None:
    """Send the current version of ``key`` (the merchant's, else the default) to
    ``to`` (the staff member asking), filled with the sample data."""
    notification = notification_get(key)
    try:
        validate_email(to)
    except ValidationError:
        raise ValidationError(_("Your account has no valid e-mail address to send to.")) from None
    row = NotificationTemplate.objects.filter(key=key).first()
    subject, body = (row.subject, row.body) if row else default_source(notification)
    email = render_email(
        notification,
        context=notification.sample_context,
        subject=subject,
        body=body,
        shop=current_shop(),
        look=current_branding(),
    )
    message = email_message(email, to=to)
    message.subject = _("[Test] %(subject)s") % {"subject": email.subject}
    transaction.on_commit(message.send)


def email_branding_update(**changes) -> EmailBranding:
    """Copy the given look values (``logo_url``, ``logo_width``, ``logo_height``,
    ``contact_email``, ``color_*``) into the shop's e-mail branding."""
    allowed = {"logo_url", "logo_width", "logo_height", "contact_email", *EmailBranding.COLOURS}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name in EmailBranding.COLOURS:
        if name in changes:
            _HEX(changes[name])
    with transaction.atomic():
        row, _created = EmailBranding.objects.select_for_update().get_or_create(pk=1)
        for name, value in changes.items():
            if value is None and name in ("logo_url", "contact_email"):
                value = ""
            setattr(row, name, value)
        if not row.logo_url:
            row.logo_width = row.logo_height = None
        row.full_clean()
        row.save()
    return row
