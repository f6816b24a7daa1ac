"""Who may enter a shop's admin right now, answered cheaply on every request.

An account's access to a shop comes from a ``Membership`` or, for agency members,
from their agency's approved ``CollaboratorAccess``. ``shop_access`` answers from
the database (at most two indexed queries); ``shop_access_stamp`` answers from the
shared ``platform`` cache, keyed by a per-shop *generation*: every service that
changes who may enter a shop calls ``shop_access_changed`` on commit, which moves
the generation on, so every process sees the change at the next request without
deleting keys one by one. A stamp names the access's source and its role and
permissions: a session holds the stamp it was opened with, and any difference
means the access changed (accounts.middleware logs the user out).

A second generation per *account* ends every shop session of one account at
once: a platform password change or reset and "log out everywhere" move it on
(``account_access_changed``), and a shop session holds the value it was opened
with. Both generations are read in one cache round trip. An evicted generation
comes back as a new number, so eviction logs people out, never in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db import transaction

from accounts.models import AgencyMember, CollaboratorAccess, Membership, Role

ACCESS_TTL = 3600
_NONE = "-"


@dataclass(frozen=True)
class ShopAccess:
    kind: str  # "member" or "collaborator"
    role: str
    permissions: list[str] = field(default_factory=list)
    source_id: int = 0
    agency_id: int | None = None

    @property
    def stamp(self) -> str:
        perms = ",".join(sorted(self.permissions)) if self.role == Role.STAFF else "*"
        return f"{self.kind}:{self.source_id}:{self.role}:{perms}"


def shop_access(*, account_id: int, shop_id: int) -> ShopAccess | None:
    """The account's access to the shop from the database, membership first.

    Uses ``account_id`` columns only: safe to run with a shop's ``search_path``.
    """
    membership = (
        Membership.objects.filter(account_id=account_id, shop_id=shop_id)
        .values("id", "role", "permissions")
        .first()
    )
    if membership:
        return ShopAccess(
            kind="member",
            role=membership["role"],
            permissions=list(membership["permissions"]),
            source_id=membership["id"],
        )
    agencies = AgencyMember.objects.filter(account_id=account_id).values("agency_id")
    collab = (
        CollaboratorAccess.objects.filter(
            shop_id=shop_id, agency_id__in=agencies, status=CollaboratorAccess.Status.APPROVED
        )
        .order_by("id")
        .values("id", "agency_id", "permissions")
        .first()
    )
    if collab:
        return ShopAccess(
            kind="collaborator",
            role=Role.STAFF,
            permissions=list(collab["permissions"]),
            source_id=collab["id"],
            agency_id=collab["agency_id"],
        )
    return None


def _generation_key(shop_id: int) -> str:
    return f"shop-access-gen:{shop_id}"


def _account_generation_key(account_id: int) -> str:
    return f"account-gen:{account_id}"


def _generations(*keys: str) -> list[int]:
    """The generations under ``keys``, one cache round trip while they exist."""
    cache = caches["platform"]
    found = cache.get_many(keys)
    for key in keys:
        if found.get(key) is None:
            # Never restart at a number an evicted generation already used.
            cache.add(key, time.time_ns(), timeout=None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def account_generation(account_id: int) -> int:
    """What a shop session opened now must hold (accounts.middleware)."""
    return _generations(_account_generation_key(account_id))[0]


@dataclass(frozen=True)
class SessionCheck:
    stamp: str | None
    account_generation: int


def shop_session_check(*, account_id: int, shop_id: int) -> SessionCheck:
    """The account's current access stamp (``None``: no access) and account
    generation: two cache round trips, and two indexed queries only after a change."""
    cache = caches["platform"]
    shop_gen, account_gen = _generations(
        _generation_key(shop_id), _account_generation_key(account_id)
    )
    key = f"shop-access:{shop_id}:{shop_gen}:{account_id}"
    stamp = cache.get(key)
    if stamp is None:
        access = shop_access(account_id=account_id, shop_id=shop_id)
        stamp = access.stamp if access else _NONE
        cache.set(key, stamp, ACCESS_TTL)
    return SessionCheck(stamp=None if stamp == _NONE else stamp, account_generation=account_gen)


def shop_access_stamp(*, account_id: int, shop_id: int) -> str | None:
    """The stamp of the account's current access, or ``None``."""
    return shop_session_check(account_id=account_id, shop_id=shop_id).stamp


def _bump(keys: list[str]) -> None:
    cache = caches["platform"]
    for key in keys:
        if not cache.add(key, time.time_ns(), timeout=None):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, time.time_ns(), timeout=None)


def shop_access_changed(*shop_ids: int) -> None:
    """Call inside the writing transaction: on commit, every cached answer about
    these shops is forgotten everywhere."""
    keys = [_generation_key(shop_id) for shop_id in shop_ids]
    transaction.on_commit(lambda: _bump(keys))


def account_access_changed(*account_ids: int) -> None:
    """Call inside the writing transaction: on commit, every shop session of these
    accounts ends at its next request."""
    keys = [_account_generation_key(account_id) for account_id in account_ids]
    transaction.on_commit(lambda: _bump(keys))
