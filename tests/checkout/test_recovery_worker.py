"""The recovery e-mail's tasks on a real Celery worker, each in the sending shop's schema.

The worker is the one ``tests/config/test_celery_worker.py`` starts (its own queue on
the local Redis). Shop A's checkout is due; shop B has a checkout with the same id,
already completed: the worker must write to A's shopper and not to B's. The e-mails
themselves go to the worker's own (in-memory) backend, so the test reads the tasks'
answers and the database, not an outbox.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context, tenant_context

from checkout.models import CheckoutSession
from checkout.services import checkout_place_order
from checkout.tasks import checkout_recovery_email_send, checkout_recovery_emails_queue
from tests.checkout.conftest import CARD_OK, ready_checkout, shop_setup
from tests.config.conftest import test_database_url  # noqa: F401 (the worker fixture needs it)
from tests.config.test_celery_worker import worker  # noqa: F401 (the module's worker fixture)

pytestmark = pytest.mark.worker


def _checkout(shop, *, paid: bool) -> int:
    with schema_context(shop.schema_name):
        shop_setup()
        session = ready_checkout()
        if paid:
            assert checkout_place_order(session=session, card=CARD_OK, currency="USD").placed
        CheckoutSession.objects.update(updated_at=timezone.now() - timedelta(hours=2))
        return session.pk


def test_the_worker_sends_only_to_the_shop_whose_checkout_is_due(
    worker,  # noqa: F811
    committed_shop_factory,
):
    shop_a = committed_shop_factory()
    shop_b = committed_shop_factory()
    due = _checkout(shop_a, paid=False)
    completed = _checkout(shop_b, paid=True)
    with schema_context(shop_b.schema_name):
        # The same id in both schemas: only the schema tells them apart.
        CheckoutSession.objects.filter(pk=completed).update(id=due)
        completed = due

    with tenant_context(shop_a):
        sent_a = checkout_recovery_email_send.apply_async(
            kwargs={"checkout_id": due}, queue=worker.queue
        )
    with tenant_context(shop_b):
        sent_b = checkout_recovery_email_send.apply_async(
            kwargs={"checkout_id": completed}, queue=worker.queue
        )
        # Nothing is due in B: the scan marks nothing and queues nothing.
        scan_b = checkout_recovery_emails_queue.apply_async(queue=worker.queue)
    assert worker.wait(sent_a) is True
    assert worker.wait(sent_b) is False
    assert worker.wait(scan_b) == 0
