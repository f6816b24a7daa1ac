"""A real Celery worker on Redis runs each task in the schema of the shop that sent it.

tenant-schemas-celery puts the sender's ``connection.schema_name`` in the message
headers and switches the worker's connection before the task runs. What can go wrong
is the switch *between* tasks: a solo worker that alternates shop A and shop B must
never run B's task with A's ``search_path`` still set (django-tenants only re-issues
``SET search_path`` when it thinks the schema changed). So the tasks alternate on one
worker process, and each reports the schema the database itself says it is in.

The worker listens on a queue of its own: the local Redis may be shared with other
test runs, whose workers must not take our tasks (nor we theirs).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection, transaction
from django_tenants.utils import schema_context, tenant_context
from kombu import pools as kombu_pools
from kombu.exceptions import OperationalError

from config.celery import app
from tests.config.conftest import ROOT, child_env
from tests.support.services import free_port
from tests.support.tasks import site_rename, where_am_i

pytestmark = pytest.mark.worker

WORKER_START_TIMEOUT = 60
RESULT_TIMEOUT = 20


def _reset_connections() -> None:
    """Forget the app's broker pools and result backend so new settings apply.

    Celery's pools live in kombu's process-wide registry: closing one in place would
    leave a closed pool registered, and every later send — eager ones too, which
    still borrow a producer — would fail with "Acquire on closed pool". ``reset``
    closes them *and* empties the registry.
    """
    kombu_pools.reset()
    app._pool = None
    if "amqp" in app.__dict__:
        del app.__dict__["amqp"]
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextlib.contextmanager
def app_sending_to(broker_url: str, *, result_backend: str | None = None):
    """Make this process's Celery app publish to ``broker_url`` instead of running eagerly.

    The test settings run tasks eagerly when no broker is configured; the worker gets
    its broker from the environment, but this process must really publish.
    """
    names = ("task_always_eager", "broker_url", "result_backend")
    saved = {name: app.conf[name] for name in names}
    app.conf.task_always_eager = False
    app.conf.broker_url = broker_url
    app.conf.result_backend = result_backend
    _reset_connections()
    try:
        yield
    finally:
        _reset_connections()
        for name, value in saved.items():
            app.conf[name] = value


class Worker:
    """A ``celery worker`` subprocess with its log in a file (a pipe could fill and block)."""

    def __init__(self, *, broker_url: str, database_url: str) -> None:
        self.queue = f"souk-test-{uuid.uuid4().hex[:12]}"
        self.log = Path(tempfile.mkstemp(prefix="souk-worker-", suffix=".log")[1])
        env = child_env(
            DJANGO_SETTINGS_MODULE="config.settings.test",
            CELERY_BROKER_URL=broker_url,
            CELERY_RESULT_BACKEND=broker_url,
            DATABASE_URL=database_url,
        )
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "--concurrency=1",
                    "-I",
                    "tests.support.tasks",
                    "-Q",
                    self.queue,
                    "-n",
                    f"{self.queue}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "--loglevel=INFO",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def wait(self, result, timeout: float = RESULT_TIMEOUT):
        """The task's return value; fail fast, with the worker's log, if the worker died."""
        deadline = time.monotonic() + timeout
        while not result.ready():
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited ({self.process.returncode}):\n{self.log_tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no result after {timeout}s; worker log:\n{self.log_tail()}")
            time.sleep(0.05)
        value = result.get(timeout=1, propagate=True)
        result.forget()  # the local Redis may be shared: leave no result keys behind
        return value

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def worker(redis_url, test_database_url):
    """One worker for the module, ready once it has answered a first task.

    Module-scoped so its start-up (Django and Wagtail imports) is paid once; it is
    stopped before the session ends, since PostgreSQL will not drop a test database
    that a worker is still connected to.
    """
    started = Worker(broker_url=redis_url, database_url=test_database_url)
    try:
        with app_sending_to(redis_url, result_backend=redis_url):
            started.wait(where_am_i.apply_async(queue=started.queue), WORKER_START_TIMEOUT)
            yield started
    finally:
        started.stop()
        redis.Redis.from_url(redis_url).delete(started.queue)


def _send(worker, task, *args):
    return task.apply_async(args=args, queue=worker.queue)


def test_tasks_alternating_between_two_shops_run_in_each_senders_schema(
    worker, committed_shop_factory
):
    shop_a = committed_shop_factory()
    shop_b = committed_shop_factory()

    sent = []
    for i in range(20):
        shop = (shop_a, shop_b)[i % 2]
        new_name = f"{shop.subdomain} #{i}"
        with tenant_context(shop):
            sent.append((shop, new_name, _send(worker, site_rename, new_name)))

    last_name = {shop.schema_name: shop.name for shop in (shop_a, shop_b)}
    for shop, new_name, result in sent:
        outcome = worker.wait(result)
        assert outcome["schema"] == shop.schema_name
        assert outcome["db_schema"] == shop.schema_name
        assert outcome["hostname"] == f"{shop.subdomain}.souk.test"
        assert outcome["before"] == last_name[shop.schema_name]
        last_name[shop.schema_name] = new_name

    from wagtail.models import Site

    for shop in (shop_a, shop_b):
        with schema_context(shop.schema_name):
            assert Site.objects.get().site_name == last_name[shop.schema_name]
    assert last_name[shop_a.schema_name] == f"{shop_a.subdomain} #18"
    assert last_name[shop_b.schema_name] == f"{shop_b.subdomain} #19"


def test_a_task_sent_from_public_runs_in_public_even_right_after_a_shops_task(
    worker, committed_shop_factory
):
    shop = committed_shop_factory()
    connection.set_schema_to_public()
    public_before = _send(worker, where_am_i)
    with tenant_context(shop):
        in_shop = _send(worker, where_am_i)
    public_after = _send(worker, where_am_i)

    for result in (public_before, public_after):
        outcome = worker.wait(result)
        assert outcome == {
            "schema": "public",
            "db_schema": "public",
            "has_sites": False,
            "hostname": None,
        }
    assert worker.wait(in_shop)["db_schema"] == shop.schema_name


def test_sending_with_the_broker_down_fails_fast_and_rolls_back_the_write(shop_factory):
    """With nothing listening on the broker's port, ``delay`` raises kombu's
    OperationalError within about a second under the project's own retry settings,
    and a write in the same transaction is rolled back rather than left without its
    task. (A task enqueued with ``on_commit`` cannot take back a write that is already
    committed: the caller gets the error after the commit.)
    """
    from wagtail.models import Site

    shop = shop_factory()
    port = free_port()  # free: nothing listens there
    with app_sending_to(f"redis://127.0.0.1:{port}/15"), tenant_context(shop):
        started = time.monotonic()
        with pytest.raises(OperationalError) as excinfo, transaction.atomic():
            Site.objects.update(site_name="renamed just before the broker went down")
            where_am_i.delay()
        elapsed = time.monotonic() - started
        assert Site.objects.get().site_name == shop.name
    assert f"127.0.0.1:{port}" in str(excinfo.value)
    assert "Connection refused" in str(excinfo.value)
    assert elapsed < 10, f"sending to a dead broker took {elapsed:.1f}s"


def test_worker_settings_come_from_the_environment_not_eager_mode():
    """The worker process must not fall back to eager mode: it gets a broker from env.

    Guards the premise of the tests above, checked in a child so that this process's
    settings are not touched.
    """
    env = child_env(
        DJANGO_SETTINGS_MODULE="config.settings.test", CELERY_BROKER_URL="redis://127.0.0.1:1/15"
    )
    code = (
        "from config.celery import app; "
        "print(app.conf.task_always_eager, app.conf.broker_url, type(app).__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "redis://127.0.0.1:1/15", "CeleryApp"]
