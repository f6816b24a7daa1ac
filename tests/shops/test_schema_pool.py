"""Pre-cloned shop schemas: claimed by provisioning, refilled, never shared or stale."""

import threading

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django_tenants.utils import schema_exists

from provisioning.services import shop_provision
from shops.models import Shop
from shops.schema_pool import POOL_PREFIX, _pool_schemas, schema_pool_claim, schema_pool_refill


def pool() -> list[str]:
    with connection.cursor() as cursor:
        return [name for name, _comment in _pool_schemas(cursor)]


@pytest.fixture
def empty_pool(db):
    """The session's shared pool set aside inside this test's transaction (rolled back).

    Renamed rather than dropped: a rename takes one lock, a drop one per table, and the
    test's own clones share the same transaction's lock budget
    (``max_locks_per_transaction``, 64 by default, as in the embedded server)."""
    with connection.cursor() as cursor:
        for name in pool():
            cursor.execute(f'ALTER SCHEMA "{name}" RENAME TO "stash_{name}"')


def test_provisioning_renames_a_pooled_schema(empty_pool, client):
    assert schema_pool_refill(size=2) == 2
    before = pool()
    shop = shop_provision(name="Pooled", subdomain="pooled", owner_email="p@example.com")
    after = pool()
    assert len(after) == 1 and set(after) < set(before)
    assert schema_exists(shop.schema_name)
    response = client.get("/", HTTP_HOST="pooled.souk.test")
    assert response.status_code == 200 and "Pooled" in response.content.decode()


def test_an_empty_pool_falls_back_to_cloning(empty_pool):
    assert pool() == []
    shop = shop_provision(name="Cloned", subdomain="cloned", owner_email="c@example.com")
    assert schema_exists(shop.schema_name)


def test_a_failed_provisioning_gives_the_schema_back(empty_pool, monkeypatch):
    import provisioning.services

    schema_pool_refill(size=1)
    before = pool()

    def boom(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(provisioning.services, "_shop_schema_setup", boom)
    with pytest.raises(RuntimeError):
        shop_provision(name="Doomed", subdomain="doomed", owner_email="d@example.com")
    assert pool() == before
    assert not Shop.objects.exists()


def test_stale_pool_schemas_are_never_claimed_and_get_replaced(empty_pool):
    schema_pool_refill(size=1)
    (stale,) = pool()
    with connection.cursor() as cursor:  # a new migration changes the template's state
        cursor.execute(
            f'INSERT INTO "{settings.SHOP_TEMPLATE_SCHEMA}".django_migrations (app, name, applied) '
            "VALUES ('test', 'newer', now())"
        )
    assert schema_pool_claim(target="shop_nope") is False
    assert schema_pool_refill(size=1) == 1
    assert stale not in pool() and len(pool()) == 1
    assert not schema_exists(stale)


def test_sign_up_refills_the_pool_on_commit(
    empty_pool, settings, django_capture_on_commit_callbacks
):
    # One schema: every clone in this test shares one transaction (and its locks).
    settings.SHOP_SCHEMA_POOL_SIZE = 1
    schema_pool_refill()
    claimed = pool()
    with django_capture_on_commit_callbacks(execute=True):
        shop_provision(name="Refill", subdomain="refill", owner_email="r@example.com")
    # The sign-up took the pooled schema; the task ran eagerly and cloned a replacement.
    assert len(pool()) == 1 and pool() != claimed


@pytest.fixture
def committed_pool(transactional_db):
    """Four committed pool schemas of this test's own; the session's pool is set
    aside meanwhile and put back afterwards."""
    with connection.cursor() as cursor:
        stashed = pool()
        for name in stashed:
            cursor.execute(f'ALTER SCHEMA "{name}" RENAME TO "stash_{name}"')
    schema_pool_refill(size=4)
    yield
    with connection.cursor() as cursor:
        for name, _comment in _pool_schemas(cursor):
            cursor.execute(f'DROP SCHEMA "{name}" CASCADE')
        for name in stashed:
            cursor.execute(f'ALTER SCHEMA "stash_{name}" RENAME TO "{name}"')
        cursor.execute("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, 'claimed_')")
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP SCHEMA "{name}" CASCADE')


def test_concurrent_claims_never_share_a_schema(committed_pool):
    """Eight transactions on their own connections claim at once: four succeed with
    four different schemas, the others find the pool empty."""
    barrier = threading.Barrier(8)
    results: list[bool] = []

    def claim(n: int) -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                results.append(schema_pool_claim(target=f"claimed_{n}"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False] * 4 + [True] * 4
    assert pool() == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE starts_with(nspname, 'claimed_')")
        assert cursor.fetchone()[0] == 4
    assert all(not name.startswith(POOL_PREFIX) for name in pool())
