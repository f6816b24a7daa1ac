"""Platform staff in tests: a confirmed authenticator and an OTP-verified session.

The console and the Django admin open only for a session that passed a second
factor. Tests that are about something else sign staff in with
``force_login_verified`` instead of walking through the code challenge each time.
"""

from __future__ import annotations

from django.db import connection
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user) -> TOTPDevice:
    """The account's confirmed authenticator, made if it has none."""
    connection.set_schema_to_public()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)


def force_login_verified(client, user) -> TOTPDevice:
    """``client.force_login(user)`` plus the mark a passed code challenge leaves."""
    device = confirmed_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
