"""A small fixed-window limit on storefront form posts, per visitor and form.

Spam bots post contact forms and newsletter sign-ups in bursts; a person rarely
sends more than a few in ten minutes. The counter lives in the default cache, whose
keys django-tenants prefixes with the shop's schema, so shops never share counts.
With several web processes, set ``REDIS_URL`` so they share one counter (with the
in-process cache each process counts on its own: a looser limit, never a stricter one).

The visitor is ``accounts.throttle.client_ip``, the one notion of the client's
address (``X-Forwarded-For`` is believed only from the proxies that
``SOUK_TRUSTED_PROXY_COUNT`` says are ours).
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from accounts.throttle import client_ip

LIMIT = getattr(settings, "CMS_FORM_POSTS_PER_WINDOW", 5)
WINDOW_SECONDS = getattr(settings, "CMS_FORM_WINDOW_SECONDS", 600)


def allow(request, *, scope: str) -> bool:
    """Count one post by this visitor in ``scope``; False once over the limit."""
    visitor = client_ip(request) or "unknown"
    key = f"cms-throttle:{scope}:{visitor}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= LIMIT
