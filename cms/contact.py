"""Contact-form submissions: stored, then e-mailed to the merchant once committed.

Called by ``ContactPage.process_form_submission`` (``cms.models.contact``), so this
module imports no model of its own app.
"""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# The honeypot's field name: not a name FormBuilder makes from a label (those are
# slugs of what the merchant typed), so it never collides with a real field.
HONEYPOT = "souk_hp_website"


def contact_submission_record(*, page, form):
    """Store a contact form's submission and email it to the merchant once committed.

    The honeypot is dropped before storing. The email is sent on commit, so a
    failed save sends nothing, and a failing mail server loses no submission (it is
    already stored and listed in the admin).
    """
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
