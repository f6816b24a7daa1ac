"""A small fixed-window limit on storefront form posts, per visitor and form.

Spam bots post contact forms and newsletter sign-ups in bursts; a person rarely
sends more than a few in ten minutes. The counter lives in the default cache, whose
keys django-tenants prefixes with the shop's schema, so shops never share counts.
With several web processes, set ``REDIS_URL`` so they share one counter (with the
in-process cache each process counts on its own: a looser limit, never a stricter one).

The visitor is the connecting address (``REMOTE_ADDR``): behind a proxy, the proxy
must set it from ``X-Forwarded-For`` (we do not trust that header ourselves, as any
client can write it).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

LIMIT = getattr(settings, "CMS_FORM_POSTS_PER_WINDOW", 5)
WINDOW_SECONDS = getattr(settings, "CMS_FORM_WINDOW_SECONDS", 600)


def allow(request, *, scope: str) -> bool:
    """Count one post by this visitor in ``scope``; False once over the limit."""
    visitor = request.META.get("REMOTE_ADDR") or "unknown"
    key = f"cms-throttle:{scope}:{visitor}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= LIMIT
