"""Who may use the console: platform admins, i.e. holders of ``console.access_console``.

Superusers hold every permission. Anyone else signed in gets 403; an anonymous
visitor is sent to the console's login page; a platform admin whose session has not
passed a second factor is sent to the code challenge (or to enrolment, without an
authenticator: accounts.two_factor). The check runs on every console view
through ``platform_admin_required``; there is no console page without it
(``tests/console/test_access.py`` walks every URL).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.two_factor import session_verified, two_factor_redirect

ACCESS_CONSOLE = "console.access_console"


def is_platform_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(ACCESS_CONSOLE))


def platform_admin_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("console:login"))
        if not is_platform_admin(request.user):
            raise PermissionDenied
        if not session_verified(request.user):
            return two_factor_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper
