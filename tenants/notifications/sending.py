"""The one way a shop's e-mail to a customer is written and sent.

``notification_send(key=..., to=..., context=...)`` renders the merchant's version
of that notification (else the default), wraps the body in the shop's layout (logo,
colours, contact details: ``EmailBranding``), derives the plain-text part from the
HTML, sets Reply-To to the shop's contact address (else the owner's) and sends. A
merchant's template that fails at send time (it rendered against the samples, but a
real context differs) falls back to the default and is logged: the customer still
gets their e-mail.

Senders pass plain data shaped like the registry's samples: amounts already
formatted, addresses as dicts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django_tenants.utils import get_tenant_model

from kernel.schemas import public_schema
from notifications.models import EmailBranding, NotificationTemplate
from notifications.plaintext import html_to_text
from notifications.registry import Notification, notification_get
from notifications.templating import render, render_subject
from shops.addresses import shop_url

logger = logging.getLogger(__name__)
# The default templates are this app's files, in the restricted language (read, not
# compiled by the project's engine, which does not know that language's builtins).
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class ShopIdentity:
    name: str
    url: str
    owner_email: str


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    html: str
    text: str
    reply_to: str
    shop_name: str


def current_shop() -> ShopIdentity:
    """The shop whose schema is active (a task's tenant may be schema-only)."""
    schema = connection.schema_name
    with public_schema():
        shop = get_tenant_model().objects.select_related("owner").filter(schema_name=schema).first()
        if shop is None:
            return ShopIdentity(name="", url="", owner_email="")
        return ShopIdentity(name=shop.name, url=shop_url(shop, "/"), owner_email=shop.owner.email)


def branding() -> EmailBranding:
    return EmailBranding.objects.filter(pk=1).first() or EmailBranding(pk=1)


def default_source(notification: Notification) -> tuple[str, str]:
    """The default ``(subject, body)`` sources, as the merchant sees them to edit."""
    subject = (TEMPLATES_DIR / notification.subject_template).read_text(encoding="utf-8")
    body = (TEMPLATES_DIR / notification.body_template).read_text(encoding="utf-8")
    return subject.strip(), body


def _absolute(url: str, shop: ShopIdentity) -> str:
    if url.startswith("/") and not url.startswith("//") and shop.url:
        return shop.url.rstrip("/") + url
    return url


def render_email(
    notification: Notification,
    *,
    context: dict,
    subject: str,
    body: str,
    shop: ShopIdentity,
    look: EmailBranding,
) -> RenderedEmail:
    """Render ``subject`` and ``body`` (sources) in the shop's layout; may raise
    ``ValidationError`` from the template."""
    full = {**context, "shop_name": shop.name, "shop_url": shop.url}
    rendered_subject = render_subject(subject, full)
    content = render(body, full)
    reply_to = look.contact_email or shop.owner_email
    layout = {
        "subject": rendered_subject,
        "content": mark_safe(content),  # noqa: S308 - rendered with autoescape on
        "shop_name": shop.name,
        "shop_url": shop.url,
        "logo_url": _absolute(look.logo_url, shop),
        "logo_width": look.logo_width,
        "logo_height": look.logo_height,
        "colors": {name.removeprefix("color_"): getattr(look, name) for name in look.COLOURS},
        "contact_email": reply_to,
    }
    html = render_to_string("notifications/email/layout.html", layout)
    text = html_to_text(content)
    footer = "\n".join(part for part in (shop.name, shop.url, reply_to) if part)
    return RenderedEmail(
        subject=rendered_subject,
        html=html,
        text=f"{text}\n--\n{footer}\n",
        reply_to=reply_to,
        shop_name=shop.name,
    )


def notification_render(*, key: str, context: dict) -> RenderedEmail:
    """The e-mail ``key`` would send with ``context``: the override, else the default."""
    notification = notification_get(key)
    shop = current_shop()
    look = branding()
    override = NotificationTemplate.objects.filter(key=key).first()
    if override is not None:
        try:
            return render_email(
                notification,
                context=context,
                subject=override.subject,
                body=override.body,
                shop=shop,
                look=look,
            )
        except ValidationError as error:
            logger.error(
                "notification %s: the shop's template failed (%s); sending the default",
                key,
                "; ".join(error.messages),
            )
    subject, body = default_source(notification)
    return render_email(
        notification, context=context, subject=subject, body=body, shop=shop, look=look
    )


def _sender(shop_name: str) -> str:
    """The platform's sending address, under the shop's name."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return (
        formataddr((shop_name, address)) if shop_name and address else settings.DEFAULT_FROM_EMAIL
    )


def email_message(email: RenderedEmail, *, to: str) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text,
        from_email=_sender(email.shop_name),
        to=[to],
        reply_to=[email.reply_to] if email.reply_to else None,
    )
    message.attach_alternative(email.html, "text/html")
    return message


def notification_message(*, key: str, to: str, context: dict) -> EmailMultiAlternatives:
    return email_message(notification_render(key=key, context=context), to=to)


def notification_send(*, key: str, to: str, context: dict) -> None:
    """Render and send notification ``key`` to ``to`` now (call it on commit, or
    from a task)."""
    notification_message(key=key, to=to, context=context).send()
