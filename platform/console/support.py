"""“View as support”: an audited, read-only, time-limited entry into a shop's admin.

The hand-off is identity's single sign-on (``accounts.sso``) with ``support=True``:
a one-minute ticket bound to the shop's host and to the browser that asked, a
session that refuses every write and ends after ``accounts.sso.SUPPORT_SECONDS``,
and a ``support_entered`` entry in the shop's activity log that the owner (and this
console's shop page) can read.
"""

from __future__ import annotations

from accounts.sso import sso_start_url
from shops.models import Shop


def support_entry_url(*, shop: Shop, admin) -> str:
    """Where the browser goes to open ``shop``'s admin read-only for ``admin``:
    the start of the hand-off, which binds the ticket to this browser."""
    return sso_start_url(account=admin, shop=shop, support=True)
