"""The shop host's end of single sign-on, and the admin's doors that lead to it.

``/_sso/start/`` and ``/_sso/`` are the shop host's legs of the hand-off
(accounts.sso). ``/admin/login/`` shows no password form: shop staff enter from
their platform account. ``/admin/users/`` sends to the platform's team page,
where people are invited, given roles and removed.
"""

from __future__ import annotations

import time

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import account_generation
from accounts.middleware import SESSION_ACCOUNT_GENERATION, SESSION_STAMP, SESSION_SUPPORT_UNTIL
from accounts.services import platform_url
from accounts.sso import (
    NONCE_SECONDS,
    SUPPORT_SECONDS,
    SSOError,
    browser_hash,
    browser_nonce_new,
    nonce_cookie_name,
    sso_start_read,
    sso_ticket_check,
    sso_ticket_redeem,
    sso_ticket_url,
)


def _host(request: HttpRequest) -> str:
    return request.get_host().rsplit(":", 1)[0].lower()


def _no_referrer(response: HttpResponse) -> HttpResponse:
    """The hand-off's URLs carry signed values: never sent to another origin as a
    Referer. ``same-origin`` rather than ``no-referrer``: with the latter a browser
    sends ``Origin: null`` on the confirmation form's POST, which CSRF refuses."""
    response["Referrer-Policy"] = "same-origin"
    return response


def _refused(request: HttpRequest, exc: SSOError) -> HttpResponse:
    return _no_referrer(
        TemplateResponse(
            request,
            "accounts/sso_refused.html",
            {"reason": str(exc), "my_shops": platform_url("accounts:shops")},
            status=403,
        )
    )


@never_cache
@require_GET
def sso_start(request: HttpRequest) -> HttpResponse:
    """Leg 1: put a fresh nonce in this browser's host-only cookie, and send the
    browser back to the platform with its hash (accounts.sso)."""
    start = request.GET.get("r", "")
    try:
        sso_start_read(request=start, shop=request.shop, host=_host(request))
    except SSOError as exc:
        return _refused(request, exc)
    nonce = browser_nonce_new()
    response = HttpResponseRedirect(
        sso_ticket_url(shop=request.shop, start=start, nonce_hash=browser_hash(nonce))
    )
    secure = request.is_secure()
    response.set_cookie(
        nonce_cookie_name(secure=secure),
        nonce,
        max_age=NONCE_SECONDS,
        path="/",
        secure=secure,
        httponly=True,
        samesite="Lax",
    )
    return _no_referrer(response)


@never_cache
@require_http_methods(["GET", "POST"])
def sso_enter(request: HttpRequest) -> HttpResponse:
    """Leg 3: redeem the ticket in the browser that started the hand-off and land
    in the admin. A browser signed in here as someone else is asked first (GET);
    its answer comes back as a POST, and only then is its session replaced."""
    secure = request.is_secure()
    cookie = nonce_cookie_name(secure=secure)
    nonce = request.COOKIES.get(cookie, "")
    token = (request.POST if request.method == "POST" else request.GET).get("token", "")
    host = _host(request)
    try:
        if request.method == "GET" and request.user.is_authenticated:
            pending = sso_ticket_check(token=token, shop=request.shop, host=host, nonce=nonce)
            if request.user.platform_account_id != pending.account_id:
                return _no_referrer(
                    TemplateResponse(
                        request,
                        "accounts/sso_confirm.html",
                        {
                            "token": token,
                            "entering": pending.email,
                            "support": pending.support,
                            "current": request.user.email,
                            "stay_url": "/admin/" if request.user.is_staff else "/",
                        },
                    )
                )
        entry = sso_ticket_redeem(token=token, shop=request.shop, host=host, nonce=nonce)
    except SSOError as exc:
        return _refused(request, exc)
    login(request, entry.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_ACCOUNT_GENERATION] = account_generation(entry.account_id)
    if entry.support:
        request.session[SESSION_SUPPORT_UNTIL] = time.time() + SUPPORT_SECONDS
    else:
        request.session[SESSION_STAMP] = entry.access.stamp
    # Absolute: the hand-off crosses hosts, so clients following it keep this one.
    response = HttpResponseRedirect(request.build_absolute_uri("/admin/"))
    response.delete_cookie(cookie, path="/", samesite="Lax")
    return _no_referrer(response)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def staff_login(request: HttpRequest) -> HttpResponse:
    """Wagtail's login, replaced: no password is accepted here, whoever posts one.
    Staff sign in to the platform and open the shop from My shops."""
    if request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin"):
        return HttpResponseRedirect("/admin/")
    return TemplateResponse(
        request,
        "accounts/staff_login.html",
        {"shop": request.shop, "my_shops": platform_url("accounts:shops")},
    )


def staff_users(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Wagtail's users area (list, add, edit, delete), replaced by the platform's
    team page: people join a shop by invitation and leave it there, so no user
    with a password of its own can be made inside a shop."""
    return HttpResponseRedirect(platform_url("accounts:team", request.shop.pk))
