"""Account security pages: two-factor enrolment, recovery codes, turning it off, and
the code challenge after the password (accounts.two_factor holds the rules)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import two_factor as tf

LOGIN_URL = "onboarding:login"


def _security_context(request: HttpRequest, **extra) -> dict:
    account = request.user
    return {
        "enabled": tf.has_two_factor(account),
        "required": tf.two_factor_required(account),
        "codes_left": tf.recovery_codes_left(account),
        "verified": tf.session_verified(account),
        "remember_days": tf.remember_days(),
        **extra,
    }


@never_cache
@login_required(login_url=LOGIN_URL)
def security(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/security.html", _security_context(request))


@never_cache
@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Show the QR code and secret; a code from the app confirms it."""
    account = request.user
    next_url = tf.safe_next(
        request,
        request.POST.get("next") or request.GET.get("next"),
        default=reverse("accounts:security"),
    )
    if tf.has_two_factor(account):
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("accounts:security")
    key = request.session.get(tf.ENROL_KEY)
    if not isinstance(key, str):
        key = request.session[tf.ENROL_KEY] = tf.enrolment_key_new()
    error, status = None, 200
    if request.method == "POST":
        try:
            device, codes = tf.two_factor_enable(
                account=account, key=key, code=request.POST.get("code", "")
            )
        except ValidationError as exc:
            error, status = exc.messages[0], 400
        else:
            request.session.pop(tf.ENROL_KEY, None)
            otp_login(request, device)
            request.session[tf.NEW_CODES_KEY] = codes
            messages.success(request, _("Two-factor authentication is on."))
            return HttpResponseRedirect(
                f"{reverse('accounts:recovery_codes')}?next={quote(next_url)}"
            )
    device = tf.enrolment_device(account=account, key=key)
    secret = tf.secret_text(device)
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "qr_code": tf.qr_code_svg(device),
            "secret": secret,
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "error": error,
            "next": next_url,
            "required": tf.two_factor_required(account),
        },
        status=status,
    )


@never_cache
@login_required(login_url=LOGIN_URL)
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """GET: the new codes, once (they leave the session as they are shown).
    POST: new codes for old; the old ones stop working."""
    account = request.user
    if request.method == "POST":
        if not tf.has_two_factor(account):
            return redirect("accounts:security")
        if not tf.session_verified(account):
            return tf.two_factor_redirect(request, next_url=reverse("accounts:security"))
        request.session[tf.NEW_CODES_KEY] = tf.recovery_codes_regenerate(account=account)
        messages.success(request, _("New recovery codes made: the old ones no longer work."))
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(tf.NEW_CODES_KEY, None)
    next_url = tf.safe_next(request, request.GET.get("next"), default=reverse("accounts:security"))
    download = None
    if codes:
        text = "\n".join([_("Souk recovery codes for %(email)s") % {"email": account.email}, ""])
        text += "\n".join(codes) + "\n"
        download = "data:text/plain;charset=utf-8," + quote(text)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "download": download,
            "next": next_url,
            "codes_left": tf.recovery_codes_left(account),
            "enabled": tf.has_two_factor(account),
        },
    )


@never_cache
@login_required(login_url=LOGIN_URL)
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    """Turning it off takes a current code (or a recovery code) or the password."""
    account = request.user
    code, password = request.POST.get("code", ""), request.POST.get("password", "")
    error = None
    if password:
        if not account.check_password(password):
            error = _("This password is not right.")
    elif code.strip():
        try:
            tf.two_factor_code_check(account=account, code=code)
        except ValidationError as exc:
            error = exc.messages[0]
    else:
        error = _("Enter a code from your app or your password.")
    if error:
        context = _security_context(request, disable_error=error)
        return render(request, "accounts/security.html", context, status=400)
    tf.two_factor_disable(account=account)
    messages.success(request, _("Two-factor authentication is off."))
    response = redirect("accounts:security")
    tf.device_forget(response, request)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_challenge(request: HttpRequest) -> HttpResponse:
    """The second step of a login (password given, code owed), or a signed-in
    session proving a code before a staff page (``?next=``)."""
    pending = tf.pending_login(request)
    if pending is not None:
        account, next_url = pending.account, pending.next_url
    elif request.user.is_authenticated and tf.has_two_factor(request.user):
        account = request.user
        next_url = tf.safe_next(
            request, request.POST.get("next") or request.GET.get("next"), default="/shops/"
        )
        if tf.session_verified(account):
            return HttpResponseRedirect(next_url)
    else:
        if tf.had_pending(request):
            messages.error(request, _("Your sign-in expired. Please log in again."))
        return redirect(LOGIN_URL)
    error, status = None, 200
    if request.method == "POST":
        try:
            device = tf.two_factor_code_check(account=account, code=request.POST.get("code", ""))
        except ValidationError as exc:
            error, status = exc.messages[0], 429 if exc.code == "throttled" else 400
            if pending is not None and tf.pending_failed(request):
                messages.error(request, _("Too many wrong codes. Please log in again."))
                return redirect(LOGIN_URL)
        else:
            if pending is not None:
                tf.pending_complete(request, pending, device)
            else:
                otp_login(request, device)
            response = HttpResponseRedirect(next_url)
            app = tf.authenticator(account)
            if request.POST.get("remember") and app is not None:
                tf.device_remember(response, request, account=account, device=app)
            if isinstance(device, StaticDevice):
                left = tf.recovery_codes_left(account)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code: %(n)s is left.",
                        "You used a recovery code: %(n)s are left.",
                        left,
                    )
                    % {"n": left},
                )
            return response
    return render(
        request,
        "accounts/two_factor_challenge.html",
        {
            "error": error,
            "next": next_url,
            "step_up": pending is None,
            "remember_days": tf.remember_days(),
            "email": account.email,
        },
        status=status,
    )
