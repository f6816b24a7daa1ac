"""Background work of the shops app (public schema)."""

from celery import shared_task

from shops.schema_pool import schema_pool_refill


@shared_task(acks_late=True, ignore_result=True)
def refill_schema_pool() -> int:
    """Top up the pool of pre-cloned shop schemas after a sign-up took one."""
    return schema_pool_refill()
