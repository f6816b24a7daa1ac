"""A shop's staff session follows the platform, request by request.

Shop staff have no password inside a shop: the only way into a shop's admin is
single sign-on from the platform account (accounts.sso), which links the shop's
staff user to the account (``platform_account_id``) and writes into the session
what it was opened with: the access stamp and the account's generation. Every
request on a shop's host then checks:

- a staff or superuser session whose user has **no** platform link is ended
  (a user made in the shop admin, an old password login, a session row that
  outlived a change: none of them is a way in);
- any other unlinked user (a shopper) is kept out of ``/admin/`` but keeps its
  storefront session;
- a linked session whose stamp or account generation differs from the current
  one (accounts.access: two cache round trips, queries only after a change) is
  ended: membership removed, role or permissions changed, collaborator access
  withdrawn, platform password changed or reset, "log out everywhere".

Support sessions (``support=True`` tickets) are read-only and end after
``SUPPORT_SECONDS``: any non-GET request is refused.
"""

from __future__ import annotations

import time

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.utils.translation import gettext as _

from accounts.access import shop_session_check

SESSION_STAMP = "souk_access"
SESSION_ACCOUNT_GENERATION = "souk_account_gen"
SESSION_SUPPORT_UNTIL = "souk_support_until"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
SUPPORT_WRITABLE_PATHS = ("/admin/logout/",)
ADMIN_PREFIX = "/admin/"
STAFF_LOGIN_PATH = "/admin/login/"


class ShopAccessMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        shop = getattr(request, "shop", None)
        if shop is None or not hasattr(request, "user"):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        account_id = user.platform_account_id
        if account_id is None:
            if user.is_staff or user.is_superuser:
                return self._end(request)
            if request.path.startswith(ADMIN_PREFIX) and request.path != STAFF_LOGIN_PATH:
                return HttpResponseRedirect(STAFF_LOGIN_PATH)
            return self.get_response(request)
        now = shop_session_check(account_id=account_id, shop_id=shop.pk)
        if request.session.get(SESSION_ACCOUNT_GENERATION) != now.account_generation:
            return self._end(request)
        until = request.session.get(SESSION_SUPPORT_UNTIL)
        if until is not None:
            if time.time() > until:
                return self._end(request)
            if request.method not in SAFE_METHODS and request.path not in SUPPORT_WRITABLE_PATHS:
                return HttpResponseForbidden(
                    _("Support view is read-only: nothing can be changed in this session.")
                )
            return self.get_response(request)
        if now.stamp is None or request.session.get(SESSION_STAMP) != now.stamp:
            return self._end(request)
        return self.get_response(request)

    def _end(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        if request.path.startswith(ADMIN_PREFIX):
            return HttpResponseRedirect(STAFF_LOGIN_PATH)
        return self.get_response(request)
