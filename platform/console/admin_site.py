"""The Django admin of the platform domain, for staff whose session passed 2FA.

It has no password form of its own: ``/django-admin/login/`` sends the visitor to
the platform's ``/login/`` (one login, with its limits and its code challenge) and
back. A staff session that has not passed a second factor is sent to the code
challenge, or to enrolment without an authenticator (accounts.two_factor);
``has_permission`` refuses it too (django-otp's ``OTPAdminSite``), so no admin
view opens for it whatever the path.
"""

from __future__ import annotations

from functools import update_wrapper

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django_otp.admin import OTPAdminSite

from accounts.two_factor import safe_next, session_verified, two_factor_redirect


class PlatformAdminSite(OTPAdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            user = request.user
            if (
                user.is_active
                and user.is_staff
                and not session_verified(user)
                and request.path != reverse("admin:logout", current_app=self.name)
            ):
                return two_factor_redirect(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        next_url = safe_next(
            request, request.GET.get("next"), default=reverse("admin:index", current_app=self.name)
        )
        user = request.user
        if user.is_authenticated:
            if not (user.is_active and user.is_staff):
                raise PermissionDenied
            if not session_verified(user):
                return two_factor_redirect(request, next_url=next_url)
            return HttpResponseRedirect(next_url)
        return redirect_to_login(next_url, reverse("onboarding:login"))
