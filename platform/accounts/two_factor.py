"""Two-factor authentication of platform accounts, on django-otp.

django-otp is the maintained, audited home of TOTP (RFC 6238) for Django: its
``TOTPDevice`` keeps the shared key, refuses a code twice (``last_t``) and throttles
wrong codes per device (1, 2, 4, 8 … seconds: ``OTP_TOTP_THROTTLE_FACTOR``); its
``StaticDevice`` holds single-use recovery codes with the same throttle; its
middleware tells every view whether this session passed a second factor
(``request.user.is_verified()``). Its tables are in SHARED_APPS only: platform
accounts are the public schema's ``User``, shops never hold a second factor.

An account has at most one confirmed authenticator (``TOTPDevice``) and one set of
ten recovery codes (``StaticDevice``). Enrolment keeps the new key in the session
until a code proves the app has it, so no half-made device is ever stored.

Logging in: after a correct password, an account with a confirmed authenticator is
*not* logged in. Its id, authentication backend, destination and session-auth hash
go into the session, signed and valid for ``PENDING_SECONDS``; only a right code
(or a recovery code) turns that into a login. A password change in between voids
it (the hash), and so do ``PENDING_ATTEMPTS`` wrong codes (back to the password,
which has its own limits).

"Remember this device": a signed, HttpOnly cookie (Secure and ``__Host-`` over
https) naming the account and its authenticator, with a proof derived from the
account's password hash and the device's key, for at most ``REMEMBER_DAYS_MAX``
days. Another account, a removed or replaced authenticator, 2FA turned off or a new
password each make it worthless.

Required for platform staff (superusers, Django-admin staff, holders of
``console.access_console``): the console, the Django admin and "view as support"
open only for a verified session; staff without an authenticator are sent to
enrolment first (``two_factor_redirect``). Merchants and agency members are offered
it, not forced.
"""

from __future__ import annotations

import time
from base64 import b32encode
from dataclasses import dataclass
from math import ceil
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from accounts.models import User

STAFF_PERMISSION = "console.access_console"
RECOVERY_CODE_COUNT = 10

PENDING_KEY = "souk_2fa_pending"
PENDING_ATTEMPTS_KEY = "souk_2fa_attempts"
PENDING_SALT = "souk.2fa.pending"
PENDING_SECONDS = 5 * 60
PENDING_ATTEMPTS = 5

ENROL_KEY = "souk_2fa_enrol_key"
NEW_CODES_KEY = "souk_2fa_new_codes"

REMEMBER_COOKIE = "souk_2fa_remember"
REMEMBER_SALT = "souk.2fa.remember"
REMEMBER_DAYS_MAX = 30


# --- Who, and whether this session passed ---------------------------------------


def two_factor_required(user) -> bool:
    """Platform staff must use a second factor; everyone else may."""
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.is_staff or user.has_perm(STAFF_PERMISSION))
    )


def authenticator(account) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=account, confirmed=True).order_by("pk").first()


def has_two_factor(account) -> bool:
    return TOTPDevice.objects.filter(user=account, confirmed=True).exists()


def session_verified(user) -> bool:
    """Whether the request's user passed a second factor in this session.

    ``django_otp.middleware.OTPMiddleware`` sets ``otp_device`` on ``request.user``;
    an account object loaded any other way has none, so it counts as unverified.
    """
    return getattr(user, "otp_device", None) is not None


def recovery_codes_left(account) -> int:
    return StaticToken.objects.filter(device__user=account, device__confirmed=True).count()


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def two_factor_redirect(request: HttpRequest, *, next_url: str | None = None) -> HttpResponse:
    """Staff page, unverified session: to the code challenge, or to enrolment first."""
    next_url = next_url or request.get_full_path()
    if has_two_factor(request.user):
        target = reverse("accounts:two_factor_challenge")
    else:
        messages.info(
            request,
            _("Platform staff need two-factor authentication. Turn it on to continue."),
        )
        target = reverse("accounts:two_factor_enrol")
    return HttpResponseRedirect(f"{target}?{urlencode({'next': next_url})}")


# --- Enrolment, recovery codes, turning it off ------------------------------------


def enrolment_key_new() -> str:
    return default_key()


def enrolment_device(*, account, key: str) -> TOTPDevice:
    """The authenticator being set up, not saved: for its QR code and secret."""
    return TOTPDevice(user=account, key=key, name=_("Authenticator app"))


def secret_text(device: TOTPDevice) -> str:
    """The key as authenticator apps take it typed in: base32, no padding."""
    return b32encode(device.bin_key).decode().rstrip("=")


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """The ``otpauth://`` URL as an inline SVG: drawn here, no outside service, no script."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4
    )
    svg = image.to_string(encoding="unicode")
    svg = svg.replace("<svg ", '<svg role="img" class="qr" ', 1)
    return mark_safe(svg)  # noqa: S308 - qrcode's own markup, no user input but the URL


def _recovery_codes_make(account) -> list[str]:
    StaticDevice.objects.filter(user=account).delete()
    device = StaticDevice.objects.create(user=account, name="Recovery codes", confirmed=True)
    tokens = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=t) for t in tokens])
    return [f"{t[:4]}-{t[4:]}" for t in tokens]


def two_factor_enable(*, account: User, key: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator holding ``key`` with a code from it; returns the device
    and the recovery codes, which exist in clear text only in this return value and
    the one page that shows them."""
    device = enrolment_device(account=account, key=key)
    check = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    check.time = time.time()
    token = _normalise(code)
    if not (len(token) == device.digits and token.isdigit()) or not check.verify(
        int(token), device.tolerance
    ):
        raise ValidationError(
            _("This code does not match. Check the time on your phone and try the new code."),
            code="wrong_code",
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=account).delete()
        device.confirmed = True
        device.last_t = check.t()  # the code just typed cannot log in again
        device.drift = check.drift
        device.save()
        codes = _recovery_codes_make(account)
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, account: User) -> list[str]:
    return _recovery_codes_make(account)


@transaction.atomic
def two_factor_disable(*, account: User) -> None:
    """Remove every device: remembered browsers and verified sessions lose their device
    with it (the middleware drops a session's device that no longer exists)."""
    TOTPDevice.objects.filter(user=account).delete()
    StaticDevice.objects.filter(user=account).delete()


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()[:32]


def two_factor_code_check(*, account: User, code: str) -> TOTPDevice | StaticDevice:
    """The device that accepts ``code`` (six digits: the app; else a recovery code).

    The device row is locked while it checks, so parallel guesses each count
    against its throttle; a wrong code is recorded before this raises.
    """
    token = _normalise(code)
    if not token:
        raise ValidationError(_("Enter the code."), code="missing")
    model = TOTPDevice if len(token) == 6 and token.isdigit() else StaticDevice
    refusal = None
    with transaction.atomic():
        device = (
            model.objects.select_for_update()
            .filter(user=account, confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is not None:
            allowed, data = device.verify_is_allowed()
            if not allowed:
                refusal = data
            elif device.verify_token(token):
                return device
    if refusal is not None:
        seconds = max(1, ceil((refusal["locked_until"] - timezone.now()).total_seconds()))
        raise ValidationError(
            _("Too many wrong codes. Wait %(seconds)s seconds, then try the new code."),
            code="throttled",
            params={"seconds": seconds},
        )
    raise ValidationError(_("This code is not right."), code="wrong_code")


# --- Remember this device -----------------------------------------------------------


def remember_days() -> int:
    return max(0, min(int(settings.SOUK_2FA_REMEMBER_DAYS), REMEMBER_DAYS_MAX))


def _remember_cookie_name(request: HttpRequest) -> str:
    # Over https the __Host- prefix pins the cookie to this host, https and path /.
    return f"__Host-{REMEMBER_COOKIE}" if request.is_secure() else REMEMBER_COOKIE


def _remember_proof(account: User, device: TOTPDevice) -> str:
    return salted_hmac(
        REMEMBER_SALT,
        f"{account.pk}:{account.password}:{device.pk}:{device.key}",
        algorithm="sha256",
    ).hexdigest()


def device_remember(
    response: HttpResponse, request: HttpRequest, *, account: User, device: TOTPDevice
) -> None:
    days = remember_days()
    if not days:
        return
    value = signing.dumps(
        {"a": account.pk, "d": device.pk, "p": _remember_proof(account, device)},
        salt=REMEMBER_SALT,
    )
    response.set_cookie(
        _remember_cookie_name(request),
        value,
        max_age=days * 24 * 3600,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def device_forget(response: HttpResponse, request: HttpRequest) -> None:
    response.delete_cookie(_remember_cookie_name(request), samesite="Lax")


def remembered_device(request: HttpRequest, account: User) -> TOTPDevice | None:
    """The authenticator this browser was remembered for, if still valid for ``account``."""
    days = remember_days()
    raw = request.COOKIES.get(_remember_cookie_name(request))
    if not days or not raw:
        return None
    try:
        data = signing.loads(raw, salt=REMEMBER_SALT, max_age=days * 24 * 3600)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != account.pk:
        return None
    device = TOTPDevice.objects.filter(user=account, confirmed=True, pk=data.get("d")).first()
    if device is None or not constant_time_compare(
        str(data.get("p", "")), _remember_proof(account, device)
    ):
        return None
    return device


# --- The login seam ----------------------------------------------------------------


def two_factor_challenge_or_login(request: HttpRequest, user: User, *, next_url: str):
    """After a correct password: log ``user`` in, or first ask for the second factor.

    ``user`` comes from ``authenticate()`` (it carries ``backend``); ``next_url`` is
    already checked by the caller.
    """
    _pending_forget(request)
    if not has_two_factor(user):
        login(request, user)
        return HttpResponseRedirect(next_url)
    device = remembered_device(request, user)
    if device is not None:
        login(request, user)
        otp_login(request, device)
        return HttpResponseRedirect(next_url)
    request.session[PENDING_KEY] = signing.dumps(
        {"a": user.pk, "b": user.backend, "n": next_url, "h": user.get_session_auth_hash()},
        salt=PENDING_SALT,
    )
    request.session[PENDING_ATTEMPTS_KEY] = 0
    return HttpResponseRedirect(reverse("accounts:two_factor_challenge"))


@dataclass
class PendingLogin:
    account: User
    next_url: str


def pending_login(request: HttpRequest) -> PendingLogin | None:
    """The account that gave its password in this session and still owes a code."""
    raw = request.session.get(PENDING_KEY)
    if not isinstance(raw, str):
        return None
    try:
        data = signing.loads(raw, salt=PENDING_SALT, max_age=PENDING_SECONDS)
    except signing.BadSignature:
        return None
    account = User.objects.filter(pk=data.get("a"), is_active=True).first()
    if account is None or not constant_time_compare(
        account.get_session_auth_hash(), str(data.get("h", ""))
    ):
        return None
    account.backend = data["b"]
    return PendingLogin(account=account, next_url=data["n"])


def pending_failed(request: HttpRequest) -> bool:
    """Count a wrong code against the pending login; True when it is used up."""
    attempts = int(request.session.get(PENDING_ATTEMPTS_KEY, 0)) + 1
    request.session[PENDING_ATTEMPTS_KEY] = attempts
    if attempts >= PENDING_ATTEMPTS:
        _pending_forget(request)
        return True
    return False


def pending_complete(request: HttpRequest, pending: PendingLogin, device) -> None:
    _pending_forget(request)
    login(request, pending.account, backend=pending.account.backend)
    otp_login(request, device)


def had_pending(request: HttpRequest) -> bool:
    return PENDING_KEY in request.session


def _pending_forget(request: HttpRequest) -> None:
    request.session.pop(PENDING_KEY, None)
    request.session.pop(PENDING_ATTEMPTS_KEY, None)
