"""``migrate_schemas`` that also keeps the shop template schema current."""

from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand

from shops.template_schema import template_schema_migrate


class Command(MigrateSchemasCommand):
    def handle(self, *args, **options):
        super().handle(*args, **options)
        if self.sync_tenant and not options.get("schema_name"):
            template_schema_migrate(verbosity=options.get("verbosity", 1))
