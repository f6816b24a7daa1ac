"""A leaky bucket per token in Redis: a burst of ``API_RATE_LIMIT_BURST`` requests,
draining at the plan's ``api_requests_per_second``.

One Lua script reads, drains, fills and stores the bucket atomically with Redis' own
clock, so every web process shares the same bucket and clocks need not agree. Without
``API_RATE_LIMIT_REDIS_URL`` (the embedded one-machine set-up) there is no limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import redis
from django.conf import settings
from django.core.cache import cache as shop_cache
from django.db import connection

from billing.limits import api_requests_per_second

# level, last drain (ms) → allowed, new level, ms until one more request fits.
_SCRIPT = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'level', 'ts')
local level = tonumber(state[1]) or 0
local ts = tonumber(state[2]) or now
level = math.max(0, level - (now - ts) * rate / 1000)
local allowed = 0
local wait = 0
if level + 1 <= capacity then
  level = level + 1
  allowed = 1
else
  wait = math.ceil((level + 1 - capacity) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'level', tostring(level), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return {allowed, tostring(level), wait}
"""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds


@cache
def _client(url: str) -> redis.Redis:
    return redis.Redis.from_url(url, socket_timeout=1)


@cache
def _script(url: str):
    return _client(url).register_script(_SCRIPT)


def _rate() -> float:
    """The shop's plan rate, cached a minute (a plan change is felt within it)."""
    key = "api:rate"
    rate = shop_cache.get(key)
    if rate is None:
        rate = api_requests_per_second(shop=connection.tenant)
        shop_cache.set(key, rate, 60)
    return rate


def bucket_take(*, bucket: str) -> Verdict | None:
    """Take one request from ``bucket``'s allowance; None when no limit is configured."""
    url = settings.API_RATE_LIMIT_REDIS_URL
    if not url:
        return None
    capacity = settings.API_RATE_LIMIT_BURST
    rate = _rate()
    key = f"souk:api-bucket:{connection.schema_name}:{bucket}"
    allowed, level, wait = _script(url)(keys=[key], args=[capacity, rate])
    return Verdict(
        allowed=bool(allowed),
        limit=capacity,
        remaining=max(0, math.floor(capacity - float(level))),
        retry_after=math.ceil(int(wait) / 1000),
    )
