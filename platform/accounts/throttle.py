"""Rate limits on what is not a login: sign-ups, reset mails, discount-code tries.

Failed logins are django-axes' (accounts/login_limits.py); this module is for
counting *attempts* of anything else. Counters live in the shared ``platform``
cache (Redis when configured), so every web process counts together; a caller in
a shop puts the shop's schema in the value it counts, so shops never share a
count. Keys hold a hash of the value (an IP, an e-mail), never the value.

``client_ip`` is the one notion of the client's address in Souk: these limits,
axes (``AXES_CLIENT_IP_CALLABLE``) and the storefront's form throttle all use it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from ipware import get_client_ip


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window_seconds: int


SIGNUP_PER_IP = Limit("signup-ip", 10, 3600)
# Reset mails (platform and shopper): per address, so one inbox cannot be flooded
# from many networks, and per IP, so one network cannot flood many inboxes.
RESET_PER_IP = Limit("reset-ip", 10, 3600)
RESET_PER_EMAIL = Limit("reset-email", 3, 3600)


def client_ip(request: HttpRequest) -> str:
    """The address of the client, not of our own proxies.

    With ``SOUK_TRUSTED_PROXY_COUNT = 0`` (the default) that is the connecting
    address, and ``X-Forwarded-For`` is ignored: any client can write it. With N
    trusted proxies, each appending the address it saw, the client is the N-th
    entry from the right of ``X-Forwarded-For`` (django-ipware's ``proxy_count``
    counts the proxies *inside* the header, hence N - 1): entries further left were
    written by the client and are never believed. A request that arrives without
    enough entries (not through the proxies) falls back to the connecting address.
    """
    trusted = settings.SOUK_TRUSTED_PROXY_COUNT
    if trusted > 0:
        ip, _routable = get_client_ip(
            request,
            proxy_count=trusted - 1,
            request_header_order=("HTTP_X_FORWARDED_FOR",),
            strict=False,
        )
    else:
        ip, _routable = get_client_ip(request, request_header_order=("REMOTE_ADDR",))
    return ip or request.META.get("REMOTE_ADDR", "")


def _key(limit: Limit, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"throttle:{limit.name}:{digest}"


def throttle_blocked(limit: Limit, value: str) -> bool:
    return (caches["platform"].get(_key(limit, value)) or 0) >= limit.max_hits


def throttle_hit(limit: Limit, value: str) -> None:
    cache, key = caches["platform"], _key(limit, value)
    cache.add(key, 0, limit.window_seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, limit.window_seconds)


def throttle_clear(limit: Limit, value: str) -> None:
    caches["platform"].delete(_key(limit, value))


def throttle_take(*counts: tuple[Limit, str]) -> bool:
    """Count one attempt against every (limit, value) pair, unless one of them is
    already at its limit: then count nothing and return False. An attempt refused
    by one limit must not use up another (a refused reset mail to a flooded inbox
    does not eat into the sender's own allowance)."""
    if any(throttle_blocked(limit, value) for limit, value in counts):
        return False
    for limit, value in counts:
        throttle_hit(limit, value)
    return True
