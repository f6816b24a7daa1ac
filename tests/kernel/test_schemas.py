"""Side effects registered in a shop's schema run there, wherever the commit happens."""

from django.db import connection, transaction
from django_tenants.utils import schema_context

from kernel.schemas import on_commit_in_schema


def test_a_callback_runs_in_the_schema_it_was_registered_in(
    shop_a, django_capture_on_commit_callbacks
):
    seen = []
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assert connection.schema_name == "public"
        with schema_context(shop_a.schema_name):
            on_commit_in_schema(lambda: seen.append(connection.schema_name))
            transaction.on_commit(lambda: seen.append(("plain", connection.schema_name)))
        # The transaction commits here, back in the public schema.
    assert seen == [shop_a.schema_name, ("plain", "public")]
    assert connection.schema_name == "public"
