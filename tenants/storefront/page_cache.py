"""A per-shop cache of whole storefront pages for anonymous shoppers.

A product, collection or Wagtail page looks the same to every shopper without a
session (no cart, not signed in, no message waiting), so the first such request
renders it and the next ones get the stored bytes: no view, no template, no
database query (host routing is already cached in the process).

What may be served from the cache (``_cacheable_request``): a GET, on a shop's host,
of one of ``CACHED_VIEWS``, from a browser that sends no session cookie, no messages
cookie and no ``Authorization``. What may be stored (``_cacheable_response``): a
200 that set no cookie but the CSRF one, queued no message, is not marked private or
``no-store``, and whose user is anonymous.

CSRF: pages with a form carry a token that is the visitor's own (a masked copy of
their secret), which must never be handed to someone else. The stored page keeps a
placeholder where each ``csrfmiddlewaretoken`` input's value was, and every visitor
gets their own token put back in (which also sets their CSRF cookie, as rendering
would). A page holding the secret anywhere else (a token printed in a script) is
not stored at all.

Keys: the shop's schema, its catalogue version (``catalog.versions``: any catalogue
write), its page generation (``storefront_cache_purge``: Wagtail publishing, menus,
theme settings), its theme, and the full path with query string. A process re-reads
the two versions at most every ``SHOP_ROUTING_RECHECK_SECONDS`` (1 s; 0 in tests),
as it does host routing: a change made elsewhere shows within that delay. Bumping a version
makes every older entry unreachable at once; they then expire
(``STOREFRONT_PAGE_CACHE_SECONDS``, also the bound on staleness for anything not
wired to a purge). Entries live in the ``default`` cache, which django-tenants
prefixes with the schema; the versions in the ``platform`` cache under keys naming
the schema, so a purge run on commit cannot land in another shop's keys.
"""

from __future__ import annotations

import functools
import logging
import re
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.urls import Resolver404, resolve

from catalog.versions import VERSION_TIMEOUT, catalog_version_key

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 600
# Views whose GET output depends only on the shop's data and the URL.
CACHED_VIEWS = frozenset(
    {
        "storefront:product",
        "storefront:collection",
        "storefront:collection_all",
        "wagtail_serve",
    }
)
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")')
_PLACEHOLDER = b"__souk_csrf_token__"
_TOKEN_LIKE = re.compile(rb"[A-Za-z0-9]{64}")
STATUS_HEADER = "X-Souk-Page-Cache"


def _generation_key(schema_name: str) -> str:
    return f"storefront-pages:{schema_name}"


def storefront_cache_purge(*, reason: str, schema_name: str | None = None) -> None:
    """Make every cached page of the current shop (or ``schema_name``) stale.

    For what changes pages without being a catalogue write: Wagtail pages
    (published, unpublished, moved, deleted — wired in ``storefront.apps``), menus,
    theme settings. Runs on commit, so no request can store a page rendered from the
    old data under the new generation. ``reason`` is logged.
    """
    schema_name = schema_name or connection.schema_name

    def bump() -> None:
        cache = caches["platform"]
        key = _generation_key(schema_name)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, time.time_ns(), timeout=VERSION_TIMEOUT)
        _forget_versions(schema_name)
        logger.info("storefront page cache purged for %s: %s", schema_name, reason)

    transaction.on_commit(bump)


# {schema: (read at, catalogue version, page generation)}: each process re-reads a
# shop's versions at most every SHOP_ROUTING_RECHECK_SECONDS, as host routing does,
# so a hit is one cache round trip (the page), not two. A purge made in another
# process shows within that interval; one made in this process at once.
_known_versions: dict[str, tuple[float, int, int]] = {}


def _versions(schema_name: str) -> tuple[int, int]:
    """The shop's catalogue version and page generation (one round trip when re-read)."""
    now = time.monotonic()
    known = _known_versions.get(schema_name)
    if known is not None and now - known[0] < settings.SHOP_ROUTING_RECHECK_SECONDS:
        return known[1], known[2]
    cache = caches["platform"]
    keys = {"catalog": catalog_version_key(schema_name), "pages": _generation_key(schema_name)}
    found = cache.get_many(keys.values())
    values = []
    for key in keys.values():
        if key not in found:
            cache.add(key, time.time_ns(), timeout=VERSION_TIMEOUT)
            found[key] = cache.get(key)
        values.append(found[key])
    _known_versions[schema_name] = (now, values[0], values[1])
    return values[0], values[1]


def _forget_versions(schema_name: str) -> None:
    _known_versions.pop(schema_name, None)


@functools.lru_cache(maxsize=4096)
def _view_name_of(path: str, urlconf: str | None) -> str | None:
    """Resolving walks every pattern (~0.1-0.3 ms); a hit should not pay it each time."""
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return None


def _view_name(request: HttpRequest) -> str | None:
    return _view_name_of(request.path_info, getattr(request, "urlconf", None))


_redis_clients: dict[int, object] = {}


def _page_get(cache, key: str):
    """``cache.get(key)``, without Django's Redis backend making a client per call.

    ``RedisCache`` builds a new ``redis.Redis`` object for every operation, which
    costs more than the round trip itself (~0.8 of 1.2 ms measured); a client is
    thread-safe over its connection pool, so one per pool is kept. Same key, same
    serializer as ``cache.get`` (relies on RedisCache's private ``_cache``).
    """
    backend = getattr(cache, "_cache", None)
    if not isinstance(cache, RedisCache) or backend is None:
        return cache.get(key)
    pool = backend._get_connection_pool(write=False)
    client = _redis_clients.get(id(pool))
    if client is None:
        client = _redis_clients.setdefault(id(pool), backend._client(connection_pool=pool))
    raw = client.get(cache.make_and_validate_key(key))
    return None if raw is None else backend._serializer.loads(raw)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method != "GET" or getattr(request, "shop", None) is None:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return _view_name(request) in CACHED_VIEWS


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    control = response.get("Cache-Control", "").lower()
    if "private" in control or "no-store" in control or "no-cache" in control:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and getattr(storage, "_queued_messages", None):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _without_tokens(request: HttpRequest, content: bytes) -> bytes | None:
    """The page with placeholders for its CSRF tokens; None if the secret shows elsewhere."""
    content = _CSRF_INPUT.sub(rb"\1" + _PLACEHOLDER + rb"\3", content)
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        if secret.encode() in content:
            return None
        for candidate in _TOKEN_LIKE.findall(content):
            if _unmask_cipher_token(candidate.decode()) == secret:
                return None
    return content


class StorefrontPageCacheMiddleware:
    """Serve and store whole storefront pages (see the module docstring).

    Sits last in ``MIDDLEWARE``: session, auth, CSRF and messages wrap it, so a hit
    still gets their response handling (the CSRF cookie, ``Vary``, frame options).
    ``STOREFRONT_PAGE_CACHE = False`` turns it off (tests, benchmarks of the views).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not getattr(settings, "STOREFRONT_PAGE_CACHE", True) or not _cacheable_request(request):
            return self.get_response(request)
        schema_name = connection.schema_name
        catalog, pages = _versions(schema_name)
        theme = getattr(request.shop, "theme", "") or ""
        key = f"page:{schema_name}:{catalog}:{pages}:{theme}:{request.get_full_path()}"
        cache = caches["default"]
        entry = _page_get(cache, key)
        if entry is not None:
            return self._replay(request, entry)
        response = self.get_response(request)
        if _cacheable_response(request, response):
            content = _without_tokens(request, response.content)
            if content is not None:
                headers = [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in ("set-cookie", "vary")
                ]
                timeout = getattr(settings, "STOREFRONT_PAGE_CACHE_SECONDS", DEFAULT_TIMEOUT)
                cache.set(key, (response.status_code, headers, content), timeout)
                response[STATUS_HEADER] = "miss"
        return response

    @staticmethod
    def _replay(request: HttpRequest, entry) -> HttpResponse:
        status, headers, content = entry
        if _PLACEHOLDER in content:
            content = content.replace(_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[STATUS_HEADER] = "hit"
        return response
