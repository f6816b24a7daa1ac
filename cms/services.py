"""Writes of the storefront CMS: site settings and menus, newsletter sign-ups and
contact-form submissions.

The settings and menus are written here whether the change comes from the shop
admin's settings forms or from a command (the demo): checked, saved (which drops the
storefront's cached header and footer on commit, ``cms.chrome``) and recorded in
Wagtail's audit log with the staff ``user`` who made it (none for commands).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.models import NavigationSettings, NewsletterSignup, StorefrontSettings

logger = logging.getLogger(__name__)


def newsletter_subscribe(*, email: str, source: str = "") -> tuple[NewsletterSignup, bool]:
    """Add an address to the shop's newsletter list; ``(signup, created)``.

    An address already on the list (in any letter case) is not added again and is
    not an error: the shopper is told they are subscribed. A malformed address
    raises ``ValidationError`` with a message for the shopper.
    """
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Enter a valid email address, e.g. name@example.com.")) from None
    existing = NewsletterSignup.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            signup = NewsletterSignup.objects.create(email=email, source=source[:500])
    except IntegrityError:
        # The same address signed up by a concurrent request: the unique index decided.
        return NewsletterSignup.objects.get(email__iexact=email), False
    return signup, True


def contact_submission_record(*, page, form):
    """Store a contact form's submission and email it to the merchant once committed.

    The honeypot is dropped before storing. The email is sent on commit, so a
    failed save sends nothing, and a failing mail server loses no submission (it is
    already stored and listed in the admin).
    """
    from cms.models.contact import HONEYPOT

    form.cleaned_data.pop(HONEYPOT, None)
    with transaction.atomic():
        submission = page.get_submission_class().objects.create(
            form_data=form.cleaned_data, page=page
        )
        if page.to_address:
            addresses = [a.strip() for a in page.to_address.split(",") if a.strip()]
            subject = page.subject or _("New message from your contact page")
            body = page.render_email(form)
            sender = page.from_address or None
            transaction.on_commit(lambda: _send_notification(subject, body, sender, addresses))
    return submission


def _send_notification(subject, body, sender, addresses) -> None:
    """The shopper's message is stored whatever the mail server does: log, don't fail."""
    try:
        send_mail(subject, body, sender, addresses)
    except Exception:
        logger.exception("contact form notification to %s not sent", addresses)


def _setting_update(model, *, site, user, changes: dict):
    editable = {f.name for f in model._meta.get_fields() if getattr(f, "editable", False)}
    unknown = set(changes) - (editable - {"id", "site"})
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        setting = model.for_site(site)
        for name, value in changes.items():
            setattr(setting, name, value)
        setting.full_clean(exclude=["site"])
        setting.save()
        log(instance=setting, action="wagtail.edit", user=user, content_changed=True)
    return setting


def storefront_settings_update(*, site, user=None, **changes) -> StorefrontSettings:
    """Change the shop's storefront settings (logo, announcement bar, contact, social)."""
    return _setting_update(StorefrontSettings, site=site, user=user, changes=changes)


def navigation_settings_update(*, site, user=None, **changes) -> NavigationSettings:
    """Change the shop's header and footer menus (``header_menu``, ``footer_menu``)."""
    return _setting_update(NavigationSettings, site=site, user=user, changes=changes)
