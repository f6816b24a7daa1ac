"""Rate limits for the public site's sign-up and log-in, per IP and per account.

Counters live in the shared ``platform`` cache (Redis when configured), so every
web process counts together. Keys hold a hash of the IP or e-mail, never the
value. The client IP is ``REMOTE_ADDR``: behind a proxy that must be the real
client's address (set by the proxy layer), or everyone shares one counter.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    name: str
    max_hits: int
    window_seconds: int


SIGNUP_PER_IP = Limit("signup-ip", 10, 3600)
LOGIN_FAILURES_PER_IP = Limit("login-ip", 30, 15 * 60)
LOGIN_FAILURES_PER_ACCOUNT = Limit("login-account", 5, 15 * 60)
RESET_PER_IP = Limit("reset-ip", 10, 3600)


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


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
