"""The shop host's end of single sign-on: ``/_sso/?token=…``."""

from __future__ import annotations

import time

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.middleware import SESSION_STAMP, SESSION_SUPPORT_UNTIL
from accounts.sso import SUPPORT_SECONDS, SSOError, sso_ticket_redeem


@never_cache
@require_GET
def sso_enter(request: HttpRequest) -> HttpResponse:
    """Redeem the token and land in the admin; the token leaves the address bar
    at once (redirect) and is never sent on as a Referer."""
    host = request.get_host().rsplit(":", 1)[0].lower()
    try:
        entry = sso_ticket_redeem(token=request.GET.get("token", ""), shop=request.shop, host=host)
    except SSOError as exc:
        response = TemplateResponse(
            request, "accounts/sso_refused.html", {"reason": str(exc)}, status=403
        )
        response["Referrer-Policy"] = "no-referrer"
        return response
    login(request, entry.user, backend="django.contrib.auth.backends.ModelBackend")
    if entry.support:
        request.session[SESSION_SUPPORT_UNTIL] = time.time() + SUPPORT_SECONDS
    else:
        request.session[SESSION_STAMP] = entry.access.stamp
    # Absolute: the hand-off crosses hosts, so clients following it keep this one.
    response = HttpResponseRedirect(request.build_absolute_uri("/admin/"))
    response["Referrer-Policy"] = "no-referrer"
    return response
