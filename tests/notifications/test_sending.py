"""Every e-mail a shop sends goes out as HTML with a text part, in the shop's look,
answered at the shop's contact address: one path, whichever app sends."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from notifications.models import EmailBranding
from notifications.sending import notification_send
from notifications.services import email_branding_update, notification_template_save
from orders.services import order_fulfil
from tests.notifications.conftest import ALPHA, paid_order, place


def _html(mail) -> str:
    ((html, mimetype),) = mail.alternatives
    assert mimetype == "text/html"
    return html


def _branded(alpha):
    email_branding_update(
        contact_email="hello@alpha.example",
        color_primary="#e11d48",
        logo_url="/media/images/logo.height-80.png",
        logo_width=120,
        logo_height=40,
    )


def test_order_confirmation(alpha, mailoutbox, django_capture_on_commit_callbacks):
    _branded(alpha)
    with django_capture_on_commit_callbacks(execute=True):
        order = place(email="grace@example.com", name="Grace Hopper")
    [mail] = mailoutbox
    assert mail.to == ["grace@example.com"]
    assert mail.reply_to == ["hello@alpha.example"]
    assert mail.from_email.startswith("Alpha Goods <")
    assert "#1001" in mail.subject and "Alpha Goods" in mail.subject
    html = _html(mail)
    # The shop's look: its colour and its logo (absolute, on the shop's domain).
    assert "#e11d48" in html
    assert 'src="http://alpha.souk.test' in html and "logo.height-80.png" in html
    for part in (mail.body, html):
        assert "Teapot" in part and "Grace Hopper" in part
        assert "€" in part and str(order.total) in part
    assert f"/orders/{order.token}/" in mail.body  # the status page link, in the text too
    assert "<" not in mail.body  # the text part is text


def test_shipping_confirmation(alpha, mailoutbox, django_capture_on_commit_callbacks):
    order = paid_order(email="ship@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        order_fulfil(
            order=order,
            lines=None,
            carrier="DHL",
            tracking_number="JD0001",
            tracking_url="https://track.example/JD0001",
            actor="owner",
        )
    [mail] = mailoutbox
    assert "on its way" in mail.subject
    assert "JD0001" in mail.body and "https://track.example/JD0001" in mail.body
    assert 'href="https://track.example/JD0001"' in _html(mail)
    # No contact address in the storefront settings: the owner's address answers.
    assert mail.reply_to == ["owner-alpha@example.com"]


def test_refund_email_only_when_asked(alpha, mailoutbox, django_capture_on_commit_callbacks):
    from orders.services import order_refund

    order = paid_order(email="refund@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        order_refund(order=order, amount="5.00", reason="Chipped lid", actor="owner")
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        order_refund(order=order, amount="3.00", reason="Late", actor="owner", notify=True)
    [mail] = mailoutbox
    assert mail.to == ["refund@example.com"] and "Refund for order #1001" in mail.subject
    assert "€3.00" in mail.body and "Late" in mail.body and "€3.00" in _html(mail)
    assert order.events.filter(kind="email", data__email="refund").exists()


def test_password_reset(shop_a, mailoutbox):
    from accounts.models import User

    with schema_context(shop_a.schema_name):
        User.objects.create_user(email="ana@example.com", password="correct-horse-9")
        email_branding_update(contact_email="help@alpha.example")
    web = Client(HTTP_HOST=ALPHA)
    assert web.post("/account/password-reset/", {"email": "ana@example.com"}).status_code == 302
    [mail] = mailoutbox
    assert "Alpha Goods" in mail.subject
    assert mail.reply_to == ["help@alpha.example"]
    link = re.search(r"http://alpha\.souk\.test[^\s)]*/account/reset/[^\s)]+/", mail.body)
    assert link, mail.body
    assert f'href="{link.group(0)}"' in _html(mail)


def test_order_claim(shop_a, mailoutbox, django_capture_on_commit_callbacks):
    with schema_context(shop_a.schema_name):
        place(email="buyer@example.com")
    web = Client(HTTP_HOST=ALPHA)
    with django_capture_on_commit_callbacks(execute=True):
        web.post(
            "/account/register/",
            {"email": "buyer@example.com", "password": "orchard-lamp-77", "first_name": "Bo"},
        )
    (mail,) = [m for m in mailoutbox if "past orders" in m.subject]
    assert "Welcome, Bo!" in mail.body and "1 order placed" in mail.body
    assert "/account/orders/claim/" in _html(mail)
    assert mail.reply_to == ["owner-alpha@example.com"]


def test_the_merchants_version_is_sent(alpha, mailoutbox, django_capture_on_commit_callbacks):
    notification_template_save(
        key="order_confirmation",
        subject="Danke! {{ order.number }}",
        body="<p>Hallo {{ customer_name }}, total {{ order.total }}.</p>",
    )
    with django_capture_on_commit_callbacks(execute=True):
        place(email="grace@example.com", name="Grace Hopper")
    [mail] = mailoutbox
    assert mail.subject == "Danke! #1001"
    assert "Hallo Grace Hopper, total €29.00." in mail.body
    assert "Hallo Grace Hopper" in _html(mail)


def test_a_stored_template_that_fails_on_real_data_falls_back_to_the_default(
    alpha, mailoutbox, caplog
):
    """Samples rendered, real data does not (here: a stored row the check never saw)."""
    from notifications.models import NotificationTemplate

    NotificationTemplate.objects.create(
        key="refund", subject="R", body="{% for a, b in amount %}{% endfor %}"
    )
    notification_send(
        key="refund", to="x@example.com", context={"amount": "€1.00", "order": {"number": "#9"}}
    )
    [mail] = mailoutbox
    assert "Refund for order #9" in mail.subject
    assert "failed" in caplog.text


def test_an_unknown_notification_is_a_programming_error(alpha):
    with pytest.raises(LookupError):
        notification_send(key="nope", to="x@example.com", context={})


def test_branding_defaults_without_a_row(alpha, mailoutbox):
    """Sign-up writes a row (the theme's colours); a shop without one still sends."""
    EmailBranding.objects.all().delete()
    notification_send(key="refund", to="x@example.com", context={"amount": "€1.00"})
    assert EmailBranding._meta.get_field("color_primary").default in _html(mailoutbox[0])
