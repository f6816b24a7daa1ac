from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shops.export import ShopExportError, shop_export
from shops.models import Shop


class Command(BaseCommand):
    help = (
        "Export a shop (its schema, its public rows and its media) into one .tar.gz "
        "and print the archive's path."
    )

    def add_arguments(self, parser):
        parser.add_argument("subdomain")
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Folder to write the archive into (default: EXPORT_ROOT).",
        )

    def handle(self, *args, subdomain, output, **options):
        shop = Shop.objects.filter(subdomain=subdomain).first()
        if shop is None:
            raise CommandError(f"No shop with subdomain {subdomain!r}.")
        try:
            path = shop_export(shop=shop, destination=output, actor_name="manage.py")
        except ShopExportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
