"""Making and recognising secrets: a prefix scanners can match, a digest to store.

``souk_at_`` starts an Admin API token, ``souk_st_`` a Storefront API token and
``souk_ct_`` a customer's token; GitHub-style secret scanning can match them.
"""

from __future__ import annotations

import hashlib
import secrets as _secrets

ADMIN_PREFIX = "souk_at_"
STOREFRONT_PREFIX = "souk_st_"
CUSTOMER_PREFIX = "souk_ct_"
# Characters kept in clear to tell tokens apart in the admin (prefix + 4).
SHOWN = 12


def token_new(prefix: str) -> str:
    return prefix + _secrets.token_urlsafe(30)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
