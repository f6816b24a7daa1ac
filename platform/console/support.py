"""MERGE POINT — "view as support" (audited, read-only, time-limited shop admin entry).

The identity helper builds the hand-off service in ``accounts`` (not merged on this
branch). Nothing here fakes it: ``support_entry_available()`` is False and the
console's button is disabled with an explanation. When merging, replace the body
of ``support_entry_url`` with a call to that service (it must record the entry in the
shop's activity log, which the console's shop page already shows) and make
``support_entry_available`` return True.
"""

from __future__ import annotations

from shops.models import Shop


def support_entry_available() -> bool:
    return False


def support_entry_url(*, shop: Shop, admin) -> str:
    """The URL that opens ``shop``'s admin read-only for ``admin``; see the module doc."""
    raise NotImplementedError("view as support needs the accounts hand-off service")
