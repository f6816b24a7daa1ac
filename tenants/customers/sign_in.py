"""Logging a shopper in: the failed-attempt throttle and what follows a login.

Failed attempts are counted in the shop's cache (keys are schema-prefixed by
django-tenants) per client IP *and* email. Keying on both means a script guessing
one shopper's password from one address is stopped, while that shopper — or anyone
else — logging in from elsewhere is not locked out by it. The count expires
``WINDOW_SECONDS`` after the first failure; a successful login clears it.

Registrations are counted per client IP alone (``MAX_REGISTRATIONS`` an hour): every
submitted registration counts, taken email or not, so a script can neither fill the
shop with accounts nor use the "email already registered" answer to list who shops
here at speed.

The client IP is ``REMOTE_ADDR``: behind a proxy that must be the real client's
address (set by the proxy layer), or every shopper shares one counter per email.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util

from django.contrib import messages
from django.contrib.auth import login
from django.core.cache import cache
from django.http import HttpRequest

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _throttle_key(request: HttpRequest, email: str) -> str:
    ip = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{ip}|{email.strip().lower()}".encode()).hexdigest()
    return f"customers:login-failures:{digest}"


def login_blocked(request: HttpRequest, *, email: str) -> bool:
    return (cache.get(_throttle_key(request, email)) or 0) >= MAX_FAILURES


def login_failed(request: HttpRequest, *, email: str) -> None:
    _count(_throttle_key(request, email), WINDOW_SECONDS)


def login_succeeded(request: HttpRequest, *, email: str) -> None:
    cache.delete(_throttle_key(request, email))


MAX_REGISTRATIONS = 5
REGISTRATION_WINDOW_SECONDS = 60 * 60


def _registration_key(request: HttpRequest) -> str:
    ip = request.META.get("REMOTE_ADDR", "")
    return f"customers:registrations:{hashlib.sha256(ip.encode()).hexdigest()}"


def registration_blocked(request: HttpRequest) -> bool:
    return (cache.get(_registration_key(request)) or 0) >= MAX_REGISTRATIONS


def registration_attempted(request: HttpRequest) -> None:
    _count(_registration_key(request), REGISTRATION_WINDOW_SECONDS)


def _count(key: str, window: int) -> None:
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)


def customer_sign_in(request: HttpRequest, user) -> None:
    """Log the user in (a new session key, same session data) and bring the guest
    cart along; anything the merge had to cut is told with a message."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    for note in merge_guest_cart(request, user):
        messages.warning(request, note)


def merge_guest_cart(request: HttpRequest, user) -> list[str]:
    """Integration point with ``cart``: ``cart.sessions.cart_after_login`` merges the
    session's guest cart into the customer's and returns notes for the shopper.
    Does nothing where the cart app does not provide it."""
    if importlib.util.find_spec("cart.sessions") is None:
        return []
    cart_after_login = getattr(importlib.import_module("cart.sessions"), "cart_after_login", None)
    if cart_after_login is None:
        return []
    return list(cart_after_login(request, user) or [])
