"""A shop's staff session follows the platform's memberships, request by request.

For a staff user linked to a platform account (``platform_account_id``), every
request on the shop's host compares the session's access stamp with the current
one (accounts.access: two cache reads, queries only after a change). Revoked, or
role or permissions changed -> logged out at once; they enter again from
"My shops", which applies the new role. A session opened by password (no stamp
yet) adopts the current access and its groups.

Support sessions (``sso_ticket_issue(support=True)``) are read-only and end after
``SUPPORT_SECONDS``: any non-GET request is refused.
"""

from __future__ import annotations

import time

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.utils.translation import gettext as _

from accounts.access import shop_access, shop_access_stamp

SESSION_STAMP = "souk_access"
SESSION_SUPPORT_UNTIL = "souk_support_until"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SUPPORT_WRITABLE_PATHS = ("/admin/logout/",)


class ShopAccessMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        shop = getattr(request, "shop", None)
        if shop is None or not hasattr(request, "user"):
            return self.get_response(request)
        user = request.user
        account_id = getattr(user, "platform_account_id", None) if user.is_authenticated else None
        if account_id is None:
            return self.get_response(request)
        until = request.session.get(SESSION_SUPPORT_UNTIL)
        if until is not None:
            if time.time() > until:
                logout(request)
                return HttpResponseRedirect("/admin/login/")
            if request.method not in SAFE_METHODS and request.path not in SUPPORT_WRITABLE_PATHS:
                return HttpResponseForbidden(
                    _("Support view is read-only: nothing can be changed in this session.")
                )
            return self.get_response(request)
        current = shop_access_stamp(account_id=account_id, shop_id=shop.pk)
        held = request.session.get(SESSION_STAMP)
        if current is None or (held is not None and held != current):
            logout(request)
            if request.path.startswith("/admin/"):
                return HttpResponseRedirect("/admin/login/")
            return self.get_response(request)
        if held is None:
            self._adopt(request, user, account_id, shop, current)
        return self.get_response(request)

    @staticmethod
    def _adopt(request, user, account_id, shop, stamp) -> None:
        from accounts.shop_staff import staff_user_for_access

        access = shop_access(account_id=account_id, shop_id=shop.pk)
        if access is None:
            return
        staff_user_for_access(
            account_id=account_id,
            account_email=user.email,
            role=access.role,
            permissions=access.permissions,
        )
        request.session[SESSION_STAMP] = stamp
