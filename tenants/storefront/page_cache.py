"""A per-shop cache of whole storefront pages for anonymous shoppers.

A product, collection or Wagtail page looks the same to every shopper without a
session (no cart, not signed in, no message waiting), so the first such request
renders it and the next ones get the stored bytes: no view, no template, no
database query, and none of the middleware a rendered page needs.

Where it sits: right after ``ShopRoutingMiddleware`` (it needs the shop), before
everything else. A hit is answered there; a miss goes down the whole chain and the
response is stored on its way back *up*, after every other middleware has added
its headers (security headers, ``X-Frame-Options``, ``Vary``, ``Content-Length``):
the stored headers are the ones the shopper got, so a hit's headers equal a miss's.
What the skipped middleware would still have done on a hit is done here or made
impossible:

* CSRF: pages with a form carry a token that is the visitor's own (a masked copy
  of their secret), which must never be handed to someone else. The stored page
  keeps a placeholder where each ``csrfmiddlewaretoken`` input's value was; a hit
  reads the visitor's CSRF cookie as ``CsrfViewMiddleware`` does, puts a fresh
  token for it in, and sets the cookie (and ``Vary: Cookie``) as rendering would.
  A page holding the secret anywhere else (a token printed in a script) is not
  stored at all.
* Content-Security-Policy nonce (``shops.csp``): a nonce is good for one response.
  The stored page and its CSP header keep a placeholder where the nonce was; a hit
  puts a fresh one in both.
* Shop status: a suspended shop is never looked up (``ShopStatusMiddleware``
  answers 503 below); the status comes from the routed shop, so it is as fresh as
  routing itself. Billing locks only the admin, which is never cached.
* Redirects: Wagtail's redirect middleware acts on 404s only and only 200s are
  stored, so a redirect never replaces a page that renders; unpublishing or
  deleting a page purges, and the 404 it then renders lets the redirect win.
* ``SECURE_SSL_REDIRECT``, ``DISALLOWED_USER_AGENTS`` and ``PREPEND_WWW`` answer
  before any view; when they could apply, the lookup is skipped.

What may be served from the cache (``_cacheable_request``): a GET or HEAD, on a
shop's host, of an open shop, of one of ``CACHED_VIEWS``, from a browser that sends
no session cookie, no messages cookie and no ``Authorization``. What may be stored
(``_cacheable_response``): a 200 the view itself produced, that set no cookie but the
CSRF one, queued no message, is not marked private, ``no-cache`` or ``no-store``, and
whose user is anonymous.

Keys: the shop's schema, its catalogue version (``catalog.versions``: any catalogue
write), its page generation (``storefront_cache_purge``: Wagtail publishing, menus,
theme settings), its theme, and the URL (scheme, the routed host, path, query
string). The host is the one routing resolved: lowercased, without port or trailing
dot (``shops.routing``), so ``Host: SHOP.example.:1337`` cannot split or poison a
key; and the absolute URLs a page prints come from the shop's primary domain, never
from the request's Host (``shops.addresses``), so what one visitor's Host said never
reaches another visitor's page. A process re-reads the two versions at most every
``SHOP_ROUTING_RECHECK_SECONDS`` (1 s; 0 in tests), as it does host routing: a
change made elsewhere shows within that delay. Bumping a version makes every older
entry unreachable at once; they then expire (``STOREFRONT_PAGE_CACHE_SECONDS``, also
the bound on staleness for anything not wired to a purge). Entries live in the
``default`` cache (Redis in production), which django-tenants prefixes with the
schema; the versions in the ``platform`` cache under keys naming the schema, so a
purge run on commit cannot land in another shop's keys.

Each process also keeps the pages it served last in memory
(``STOREFRONT_PAGE_CACHE_LOCAL_MIB``), under the same keys and expiry: since a
key names the versions, a purge makes these unreachable exactly when it makes the
shared ones unreachable, so the local copy adds no staleness and saves the Redis
round trip on popular pages.
"""

from __future__ import annotations

import base64
import functools
import logging
import os
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)
from django.urls import Resolver404, resolve

from catalog.versions import VERSION_TIMEOUT, catalog_version_key

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 600
DEFAULT_LOCAL_MIB = 16
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
_NONCE_PLACEHOLDER = "__souk_csp_nonce__"
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
# so a hit costs at most one cache round trip (the page), not two. A purge made in
# another process shows within that interval; one made in this process at once.
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


# --- where entries live -------------------------------------------------------------
class LocalPages:
    """This process's most recently served entries, bounded by their total size.

    Keyed like the shared cache, so a purge (a new version in every key) reaches it
    at the same moment; each entry keeps its absolute expiry, so it never outlives
    the shared copy it came from.
    """

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[4] <= time.time():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple, budget: int) -> None:
        size = len(entry[2]) + len(key) + 512
        if size > budget:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self._bytes += size
            while self._bytes > budget:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def _drop(self, key: str) -> None:
        entry = self._entries.pop(key)
        self._bytes -= len(entry[2]) + len(key) + 512


local_pages = LocalPages()
_redis_clients: dict[int, object] = {}


def _redis(cache, *, write: bool = False):
    """A kept ``redis.Redis`` client for ``cache``, or None if it is not Redis.

    Django's ``RedisCache`` builds a new client object for every operation, which
    costs more than the round trip itself (~0.8 of 1.2 ms measured); a client is
    thread-safe over its connection pool, so one per pool is kept. Relies on
    RedisCache's private ``_cache``; same keys and serializer as ``cache.get``.
    """
    backend = getattr(cache, "_cache", None)
    if not isinstance(cache, RedisCache) or backend is None:
        return None
    pool = backend._get_connection_pool(write=write)
    client = _redis_clients.get(id(pool))
    if client is None:
        client = _redis_clients.setdefault(id(pool), backend._client(connection_pool=pool))
    return client


def _entry_get(key: str):
    cache = caches["default"]
    client = _redis(cache)
    if client is None:
        return cache.get(key)
    raw = client.get(cache.make_key(key))  # Redis takes any key: no memcached checks
    return None if raw is None else cache._cache._serializer.loads(raw)


def _entry_set(key: str, entry: tuple, timeout: int) -> None:
    cache = caches["default"]
    client = _redis(cache, write=True)
    if client is None:
        cache.set(key, entry, timeout)
    else:
        client.set(cache.make_key(key), cache._cache._serializer.dumps(entry), ex=timeout)


# --- what may be served and stored ---------------------------------------------------
def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    shop = getattr(request, "shop", None)
    if shop is None or shop.is_suspended:
        return False
    meta = request.META
    if "HTTP_AUTHORIZATION" in meta:
        return False
    if "HTTP_COOKIE" in meta:
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False  # SecurityMiddleware redirects first
    if settings.DISALLOWED_USER_AGENTS or settings.PREPEND_WWW:
        return False  # CommonMiddleware may answer first
    return _view_name_of(request.path_info, request.urlconf) in CACHED_VIEWS


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    match = request.resolver_match  # the view answered, not a middleware before it
    if match is None or match.view_name not in CACHED_VIEWS:
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


# --- the visitor's CSRF token ----------------------------------------------------------
_CHARS = CSRF_ALLOWED_CHARS
_CHAR_INDEX = {c: i for i, c in enumerate(_CHARS)}
# Random bytes below 248 (4 x 62) map uniformly onto the 62 characters; others are
# dropped. One urandom call for the secret and the mask instead of 64: Django's
# get_random_string draws each character apart, a quarter of a hit's CPU (profiled).
_BYTE_TO_CHAR = bytes(ord(_CHARS[b % len(_CHARS)]) for b in range(256))
_REJECTED = bytes(range(len(_CHARS) * 4, 256))


def _random_chars(n: int) -> str:
    chars = b""
    while len(chars) < n:
        chars += os.urandom(n + n // 4 + 8).translate(_BYTE_TO_CHAR, _REJECTED)
    return chars[:n].decode()


def _visitor_token(request: HttpRequest) -> str:
    """``django.middleware.csrf.get_token``, with one urandom call for its randomness.

    Same contract: the visitor's secret (from their cookie, read by
    ``CsrfViewMiddleware.process_request``, or a new one) masked with a fresh mask,
    and the cookie flagged to be (re)sent. tests/storefront/test_page_cache.py
    checks the token against Django's own unmasking and a real POST.
    """
    meta = request.META
    secret = meta.get("CSRF_COOKIE")
    if secret is None:
        randomness = _random_chars(2 * CSRF_SECRET_LENGTH)
        secret, mask = randomness[:CSRF_SECRET_LENGTH], randomness[CSRF_SECRET_LENGTH:]
        meta["CSRF_COOKIE"] = secret
    else:
        mask = _random_chars(CSRF_SECRET_LENGTH)
    meta["CSRF_COOKIE_NEEDS_UPDATE"] = True
    index, n = _CHAR_INDEX, len(_CHARS)
    cipher = "".join(_CHARS[(index[s] + index[m]) % n] for s, m in zip(secret, mask, strict=True))
    return mask + cipher


# --- the middleware ----------------------------------------------------------------------
class StorefrontPageCacheMiddleware:
    """Serve and store whole storefront pages (see the module docstring).

    Sits right after ``ShopRoutingMiddleware``: a hit skips every other middleware,
    and a miss is stored with the headers they added. ``STOREFRONT_PAGE_CACHE =
    False`` turns it off (tests, benchmarks of the views).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        # Django's own cookie reading and writing, for hits (never its view checks).
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.STOREFRONT_PAGE_CACHE or not _cacheable_request(request):
            return self.get_response(request)
        key = self._key(request)
        entry = local_pages.get(key)
        if entry is None:
            entry = _entry_get(key)
            if entry is not None:
                local_pages.put(key, entry, self._local_budget())
        if entry is not None:
            return self._replay(request, entry)
        response = self.get_response(request)
        if _cacheable_response(request, response):
            self._store(request, response, key)
        return response

    @staticmethod
    def _key(request: HttpRequest) -> str:
        schema_name = connection.schema_name
        catalog, pages = _versions(schema_name)
        shop = request.shop
        query = request.META.get("QUERY_STRING", "")
        return (
            f"page:{schema_name}:{catalog}:{pages}:{shop.theme or ''}:"
            f"{request.scheme}://{shop.domain_url}{request.path}{'?' if query else ''}{query}"
        )

    @staticmethod
    def _local_budget() -> int:
        return getattr(settings, "STOREFRONT_PAGE_CACHE_LOCAL_MIB", DEFAULT_LOCAL_MIB) << 20

    def _store(self, request: HttpRequest, response: HttpResponse, key: str) -> None:
        content = _without_tokens(request, response.content)
        if content is None:
            return
        response[STATUS_HEADER] = "miss"
        headers = [(name, value) for name, value in response.items() if name != STATUS_HEADER]
        nonce = getattr(request, "_csp_nonce", None)  # set once the page used it
        if isinstance(nonce, str) and nonce:
            content = content.replace(nonce.encode(), _NONCE_PLACEHOLDER.encode())
            headers = [(name, value.replace(nonce, _NONCE_PLACEHOLDER)) for name, value in headers]
        timeout = getattr(settings, "STOREFRONT_PAGE_CACHE_SECONDS", DEFAULT_TIMEOUT)
        # (status, final headers, content, whether the page used the CSRF cookie, expiry)
        csrf_cookie = settings.CSRF_COOKIE_NAME in response.cookies
        entry = (response.status_code, headers, content, csrf_cookie, time.time() + timeout)
        _entry_set(key, entry, timeout)
        local_pages.put(key, entry, self._local_budget())

    def _replay(self, request: HttpRequest, entry) -> HttpResponse:
        status, headers, content, csrf_cookie, _expires = entry
        if csrf_cookie:
            self.csrf.process_request(request)  # the visitor's secret, from their cookie
            token = _visitor_token(request)
            if _PLACEHOLDER in content:
                content = content.replace(_PLACEHOLDER, token.encode())
        placeholder = _NONCE_PLACEHOLDER.encode()
        if placeholder in content or any(_NONCE_PLACEHOLDER in value for _n, value in headers):
            nonce = base64.b64encode(os.urandom(16)).decode("ascii")
            content = content.replace(placeholder, nonce.encode())
            headers = [(name, value.replace(_NONCE_PLACEHOLDER, nonce)) for name, value in headers]
        response = HttpResponse(content, status=status, headers=headers)
        response["Content-Length"] = str(len(content))
        response[STATUS_HEADER] = "hit"
        if csrf_cookie:
            self.csrf.process_response(request, response)  # the cookie, as rendering sets it
        return response
