"""One limit on every password login, through django-axes.

Every login form (the platform's ``/login/``, the console, the Django admin, each
shop's shopper login, and a shop's Wagtail login while it exists) calls
``authenticate(request, ...)``; axes' backend, first in
``AUTHENTICATION_BACKENDS``, refuses a locked client before any password is
checked, and axes counts each ``user_login_failed``. The policy, set in settings:

- failures are counted per account *and* IP (``LOGIN_FAILURES_PER_ACCOUNT_IP``),
  and per IP alone (``LOGIN_FAILURES_PER_IP``, which stops one address spraying
  many accounts); reaching either refuses that pair or that address, the right
  password included, until ``LOGIN_COOLOFF_MINUTES`` after the last failure;
- nothing is counted per account alone: a stranger guessing from elsewhere can
  never lock the owner out of their own account (the DoS the old counter had);
- the counters live in the ``default`` cache, whose keys django-tenants prefixes
  with the schema: the platform, console and Django admin share the public
  schema's counters (a lock on ``/login/`` holds on the console), while the same
  e-mail in shop A and shop B are different people with different counters;
- the client IP is ``accounts.throttle.client_ip``: one notion of the client's
  address (trusted proxies: ``SOUK_TRUSTED_PROXY_COUNT``) for every limit.

Axes' stock cache handler has a single failure limit for all its counters; the
handler below gives each counter its own and clears only the account+IP counter on
success (clearing the IP counter would let an attacker reset it by logging into an
account of their own between guesses).
"""

from __future__ import annotations

import logging

from axes.handlers.cache import AxesCacheHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cache_timeout, get_client_cache_keys, get_credentials
from axes.signals import user_locked_out
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import ngettext

log = logging.getLogger(__name__)

# The order of AXES_LOCKOUT_PARAMETERS, so each counter meets its own limit.
LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]


def _limits() -> list[int]:
    return [settings.LOGIN_FAILURES_PER_ACCOUNT_IP, settings.LOGIN_FAILURES_PER_IP]


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """The e-mail a login is for, whichever form sent it: our forms pass ``email``,
    Django's ``AuthenticationForm`` (console, admin, Wagtail) passes ``username``.
    Lower-cased, as logins are case-insensitive. The shop needs no qualifying:
    the cache keys are per schema."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if value is None:
        value = request.POST.get("email") or request.POST.get("username")
    return (value or "").strip().lower()


class LoginLimitHandler(AxesCacheHandler):
    """Axes' cache handler with one limit per counter (see the module docstring)."""

    def _counters(self, request, credentials) -> list[tuple[str, int]]:
        keys = get_client_cache_keys(request, credentials)
        return list(zip(keys, _limits(), strict=True))

    def get_failures(self, request, credentials: dict | None = None) -> int:
        counters = self._counters(request, credentials)
        return max(self.cache.get(key, default=0) for key, _ in counters)

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return any(
            self.cache.get(key, default=0) >= limit
            for key, limit in self._counters(request, credentials)
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return
        # Refused by the backend while locked: not counted, so the cool-off is not
        # pushed back by every further try (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT).
        if request.axes_locked_out or self.is_whitelisted(request, credentials):
            request.axes_credentials = credentials
            return
        timeout = get_cache_timeout(request)
        # dict.fromkeys: without a username both counters hash alike; count once.
        for key in dict.fromkeys(key for key, _ in self._counters(request, credentials)):
            if not self.cache.add(key, 1, timeout):
                try:
                    self.cache.incr(key)
                    self.cache.touch(key, timeout)
                except ValueError:  # expired between add and incr
                    self.cache.set(key, 1, timeout)
        if self.is_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            log.warning(
                "login limit reached: %s on %s", request.axes_ip_address, request.axes_path_info
            )
            user_locked_out.send(
                "axes",
                request=request,
                username=login_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    def user_logged_in(self, sender, request, user, **kwargs):
        """The right password for this account from this address: its own
        account+IP count starts again; the per-IP count does not."""
        credentials = get_credentials(user.get_username())
        account_ip_key = get_client_cache_keys(request, credentials)[0]
        self.cache.delete(account_ip_key)

    def user_logged_out(self, sender, request, user, **kwargs):
        return None


def lockout_text() -> str:
    minutes = settings.LOGIN_COOLOFF_MINUTES
    return ngettext(
        "Too many failed attempts. Try again in %(minutes)d minute.",
        "Too many failed attempts. Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_message(request: HttpRequest) -> str | None:
    """The lock-out message if the last ``authenticate`` on this request was refused
    (or just reached the limit), else None. A view that shows it gets its page
    answered with 429 (``lockout_response``) instead of a bare text page."""
    if not getattr(request, "axes_locked_out", False):
        return None
    request.login_lockout_shown = True
    return lockout_text()


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE, called by AxesMiddleware on a locked-out request: keep
    the page of a form that already says why (with 429), else a plain message (a
    login form of a library we do not shape, such as Wagtail's)."""
    if original_response is not None and getattr(request, "login_lockout_shown", False):
        original_response.status_code = 429
        return original_response
    return HttpResponse(
        escape(lockout_text()), status=429, content_type="text/plain; charset=utf-8"
    )


def password_check_locked(request: HttpRequest, *, email: str) -> bool:
    """For a form that checks a password without ``authenticate`` (the shopper's
    change-password form): is this account+IP, or this IP, locked?"""
    return not AxesProxyHandler.is_allowed(request, {"email": email})


def password_check_failed(request: HttpRequest, *, email: str) -> None:
    """Count a wrong password given outside ``authenticate`` as a failed login:
    Django's own signal, which is what axes counts."""
    user_login_failed.send(sender=__name__, credentials={"email": email}, request=request)


class _LockoutMessageMixin:
    """Django's login forms say "enter a correct e-mail and password" when
    ``authenticate`` returns None; say why when it was the limit."""

    def get_invalid_login_error(self):
        message = lockout_message(self.request)
        if message is not None:
            return forms.ValidationError(message, code="locked_out")
        return super().get_invalid_login_error()


class LimitedAuthenticationForm(_LockoutMessageMixin, AuthenticationForm):
    """The console's login form."""
