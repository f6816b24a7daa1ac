"""Logging a shopper in: the registration limit and what follows a login.

Failed logins are limited by django-axes (``accounts.login_limits``), like every
password login: per account and IP, and per IP, in this shop's schema only.

Registrations are counted per client IP alone (``MAX_REGISTRATIONS`` an hour): every
submitted registration counts, taken email or not, so a script can neither fill the
shop with accounts nor use the "email already registered" answer to list who shops
here at speed. The counter is in the shop's cache (keys are schema-prefixed by
django-tenants); the IP is ``accounts.throttle.client_ip`` (trusted proxies).
"""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth import login
from django.core.cache import cache
from django.http import HttpRequest

from accounts.throttle import client_ip
from cart.sessions import cart_after_login

MAX_REGISTRATIONS = 5
REGISTRATION_WINDOW_SECONDS = 60 * 60


def _registration_key(request: HttpRequest) -> str:
    ip = client_ip(request)
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
    """Merge the session's guest cart into the customer's (``cart.sessions``); notes
    for the shopper about anything the merge had to cut."""
    return list(cart_after_login(request, user) or [])
