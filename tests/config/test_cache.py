"""The 'default' cache is per shop; the 'platform' cache is one for the whole platform.

Shop data is cached under keys prefixed with the current schema
(``django_tenants.cache.make_key``), so two shops caching ``"menu"`` never read each
other's. The routing generation must be the opposite: one key that a change made in
any schema invalidates for every process, hence an alias with no schema prefix. Both
are checked on Redis (production) and locmem (one machine, no Redis).
"""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django_tenants.utils import schema_context


def _caches_on(backend: str, location: str | None) -> dict:
    """The aliases exactly as the settings build them, moved onto another backend.

    Built from ``settings.CACHES`` rather than copied, so a key function or prefix
    dropped from base.py makes these tests fail.
    """
    return {
        alias: {**conf, "BACKEND": backend, "LOCATION": location or f"souk-test-{alias}"}
        for alias, conf in settings.CACHES.items()
    }


@pytest.fixture(params=["redis", "locmem"])
def cache_backend(request):
    """Requested after the shops: provisioning counts shop creations in the platform
    cache, and on the shared Redis those counts would outlive the test run."""
    if request.param == "redis":
        backend = "django.core.cache.backends.redis.RedisCache"
        location = request.getfixturevalue("redis_url")
    else:
        backend, location = "django.core.cache.backends.locmem.LocMemCache", None
    with override_settings(CACHES=_caches_on(backend, location)):
        yield request.param


@pytest.fixture
def key():
    """A key no other test run sharing the local Redis will use."""
    return f"souk-test-{uuid.uuid4().hex}"


def test_a_key_set_in_one_shop_is_not_seen_in_another(shop_a, shop_b, cache_backend, key):
    cache = caches["default"]
    with schema_context(shop_a.schema_name):
        cache.set(key, "alpha's value", 60)
    with schema_context(shop_b.schema_name):
        assert cache.get(key) is None
        cache.set(key, "beta's value", 60)
    with schema_context(shop_a.schema_name):
        assert cache.get(key) == "alpha's value"
        cache.delete(key)
    with schema_context(shop_b.schema_name):
        assert cache.get(key) == "beta's value"
        cache.delete(key)
    assert cache.get(key) is None  # nor in public


def test_the_shop_cache_key_names_the_schema(shop_a, cache_backend, key):
    """The prefix is what keeps shops apart: if it went, the test above would fail too."""
    with schema_context(shop_a.schema_name):
        assert caches["default"].make_key(key).startswith(f"{shop_a.schema_name}:")


def test_the_platform_cache_is_shared_by_every_schema(shop_a, shop_b, cache_backend, key):
    platform = caches["platform"]
    with schema_context(shop_a.schema_name):
        platform.set(key, 7, 60)
        assert not platform.make_key(key).startswith(shop_a.schema_name)
    with schema_context(shop_b.schema_name):
        assert platform.get(key) == 7
        platform.incr(key)
    assert platform.get(key) == 8
    platform.delete(key)


def test_the_two_aliases_do_not_share_keys(shop_a, cache_backend, key):
    """Same backend, same key: the platform prefix keeps it apart from a shop's or public's."""
    caches["platform"].set(key, "platform", 60)
    assert caches["default"].get(key) is None
    with schema_context(shop_a.schema_name):
        assert caches["default"].get(key) is None
    caches["platform"].delete(key)
