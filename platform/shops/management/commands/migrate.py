"""``migrate`` is ``migrate_schemas`` (as in django-tenants), template schema included."""

from shops.management.commands.migrate_schemas import Command  # noqa: F401
