"""Saving, resetting and test-sending a merchant's template; the branding copy."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context
from wagtail.models import ModelLogEntry

from notifications.models import EmailBranding, NotificationTemplate
from notifications.services import (
    email_branding_update,
    notification_template_reset,
    notification_template_save,
    notification_test_send,
)


def test_save_then_reset_each_audited(alpha):
    row = notification_template_save(
        key="refund", subject="Refund {{ amount }}", body="<p>{{ amount }} back.</p>"
    )
    again = notification_template_save(key="refund", subject="Money back", body="<p>Yes</p>")
    assert again.pk == row.pk and NotificationTemplate.objects.get().subject == "Money back"
    assert notification_template_reset(key="refund") is True
    assert not NotificationTemplate.objects.exists()
    assert notification_template_reset(key="refund") is False
    actions = list(
        ModelLogEntry.objects.filter(action__startswith="notifications.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["notifications.edit", "notifications.edit", "notifications.reset"]


@pytest.mark.parametrize(
    "body",
    ["{% load static %}", "{% include 'x.html' %}", "{% if %}", "{{ customer_name|safe }}"],
)
def test_a_broken_or_unsafe_template_is_not_saved(alpha, body):
    with pytest.raises(ValidationError) as error:
        notification_template_save(key="order_confirmation", subject="Hi", body=body)
    assert "body" in error.value.message_dict
    assert not NotificationTemplate.objects.exists()
    assert not ModelLogEntry.objects.filter(action__startswith="notifications.").exists()


def test_an_unknown_key_is_refused(alpha):
    with pytest.raises(LookupError):
        notification_template_save(key="nope", subject="x", body="y")


def test_overrides_belong_to_one_shop(shop_a, shop_b, mailoutbox):
    from notifications.sending import notification_render

    with schema_context(shop_a.schema_name):
        notification_template_save(key="refund", subject="Alpha refund", body="<p>A</p>")
        email_branding_update(color_primary="#123456", contact_email="a@alpha.example")
    with schema_context(shop_b.schema_name):
        assert not NotificationTemplate.objects.exists()
        email = notification_render(key="refund", context={"order": {"number": "#1"}})
        assert "Refund for order #1" in email.subject and "Beta Things" in email.subject
        assert "#123456" not in email.html and email.reply_to == "owner-beta@example.com"
    with schema_context(shop_a.schema_name):
        email = notification_render(key="refund", context={})
        assert email.subject == "Alpha refund" and "#123456" in email.html
        assert email.reply_to == "a@alpha.example"


def test_test_send_uses_the_saved_version_and_the_samples(
    alpha, mailoutbox, django_capture_on_commit_callbacks
):
    notification_template_save(
        key="abandoned_checkout",
        subject="Come back, {{ customer_name }}",
        body='<p><a href="{{ recovery_url }}">Back to my cart</a> {{ total }}</p>',
    )
    with django_capture_on_commit_callbacks(execute=True):
        notification_test_send(key="abandoned_checkout", to="me@alpha.example")
    [mail] = mailoutbox
    assert mail.subject == "[Test] Come back, Grace"
    assert "checkout/recover/abc123" in mail.body and "$50.50" in mail.body


def test_test_send_needs_an_address(alpha):
    with pytest.raises(ValidationError):
        notification_test_send(key="refund", to="")


def test_branding_refuses_a_colour_that_is_not_hex(alpha):
    with pytest.raises(ValidationError):
        email_branding_update(color_primary="red; background:url(x)")
    assert EmailBranding.objects.get().color_primary != "red; background:url(x)"


def test_publishing_a_theme_copies_its_colours(alpha):
    from themes.services import theme_activate, theme_publish

    theme_activate(theme="bold")
    assert EmailBranding.objects.get().color_primary == "#e11d48"
    theme_publish(theme="bold", values={"color_primary": "#0000ff"})
    assert EmailBranding.objects.get().color_primary == "#0000ff"


def test_storefront_settings_copy_the_logo_and_contact_address(alpha):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Site

    from cms.services import storefront_settings_update

    logo = Image.objects.create(title="Logo", file=get_test_image_file(size=(240, 80)))
    site = Site.objects.get(is_default_site=True)
    storefront_settings_update(site=site, logo=logo, contact_email="hi@alpha.example")
    branding = EmailBranding.objects.get()
    assert branding.contact_email == "hi@alpha.example"
    assert branding.logo_url.endswith(".png") and branding.logo_height == 40
    storefront_settings_update(site=site, logo=None)
    branding.refresh_from_db()
    assert branding.logo_url == "" and branding.logo_height is None


def test_branding_refuses_a_logo_address_that_is_not_a_link(alpha):
    with pytest.raises(ValidationError):
        email_branding_update(logo_url="javascript:alert(1)")
    assert not EmailBranding.objects.filter(logo_url__startswith="javascript").exists()
