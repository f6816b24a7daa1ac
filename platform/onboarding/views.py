"""The public site: landing, sign-up, log-in/out, e-mail verification.

Password reset uses Django's views with our templates (onboarding.urls).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.login_limits import lockout_message
from accounts.sso import sso_start_url
from accounts.throttle import SIGNUP_PER_IP, client_ip, throttle_blocked, throttle_hit
from accounts.two_factor import two_factor_challenge_or_login
from kernel.countries import country_from_language
from onboarding.forms import LoginForm, SignupForm
from onboarding.services import account_signup, email_verify
from shops.models import Shop
from shops.subdomains import subdomain_errors

# Error keys raised by the services -> the sign-up form's fields.
FIELD_FOR = {"name": "shop_name", "owner_email": "email"}


def add_service_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = FIELD_FOR.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "platform/landing.html")


@require_GET
def subdomain_check(request: HttpRequest) -> JsonResponse:
    """As-you-type availability: the same rules and words as provisioning."""
    value = request.GET.get("subdomain", "")[:100]
    errors = subdomain_errors(value)
    if not errors and Shop.objects.filter(subdomain=value).exists():
        errors = [_("“%(name)s” is already taken.") % {"name": value}]
    return JsonResponse(
        {
            "subdomain": value,
            "available": not errors,
            "errors": errors,
            "address": f"{value}.{settings.PLATFORM_DOMAIN}",
        }
    )


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(
        request.POST or None,
        initial={"country": country_from_language(request.headers.get("Accept-Language", ""))},
    )
    if request.method == "POST":
        ip = client_ip(request)
        if throttle_blocked(SIGNUP_PER_IP, ip):
            form.add_error(
                None, _("Too many sign-ups from your network. Please try again in an hour.")
            )
        elif form.is_valid():
            throttle_hit(SIGNUP_PER_IP, ip)
            data = form.cleaned_data
            try:
                account, shop = account_signup(
                    email=data["email"],
                    password=data["password"],
                    shop_name=data["shop_name"],
                    subdomain=data["subdomain"],
                    country=data["country"] or form.initial["country"],
                    ip=ip,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                login(request, account, backend="django.contrib.auth.backends.ModelBackend")
                return HttpResponseRedirect(sso_start_url(account=account, shop=shop))
    return render(
        request,
        "platform/signup.html",
        {"form": form, "platform_domain": settings.PLATFORM_DOMAIN},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        # Failed attempts are limited by axes inside authenticate (accounts.login_limits).
        email = form.cleaned_data["email"].lower()
        account = authenticate(request, email=email, password=form.cleaned_data["password"])
        if account is None:
            locked = lockout_message(request)
            form.add_error(None, locked or _("This e-mail and password do not match."))
            status = 429 if locked else 400
        else:
            # The password is right: log in, or ask for the second factor first.
            return two_factor_challenge_or_login(request, account, next_url=next_url or "/shops/")
    elif request.method == "POST":
        status = 400
    return render(request, "platform/login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("You are logged out."))
    return redirect("landing")


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email_verify(token=token)
    except ValidationError as exc:
        return render(
            request,
            "platform/message.html",
            {"title": _("E-mail not confirmed"), "text": exc.messages[0]},
            status=400,
        )
    return render(
        request,
        "platform/message.html",
        {"title": _("E-mail confirmed"), "text": _("Thank you: your address is confirmed.")},
    )
