"""``manage.py analytics_rebuild --shop <subdomain>`` (or ``--all``): write a shop's
analytics aggregates again from its orders, with the code that keeps them up to date
(``orders.figures``). For shops that had orders before analytics existed."""

import time

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from orders.figures import orders_figures_rebuild
from shops.models import Shop


class Command(BaseCommand):
    help = "Rebuild the analytics aggregates of one shop (or all) from its orders."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--shop", help="The shop's subdomain.")
        target.add_argument("--all", action="store_true", help="Every active or suspended shop.")
        parser.add_argument("--batch", type=int, default=2000, help="Orders read per query.")

    def handle(self, *args, **options):
        if options["all"]:
            shops = list(Shop.objects.serving().order_by("subdomain"))
        else:
            shops = list(Shop.objects.filter(subdomain=options["shop"]))
            if not shops:
                raise CommandError(f"No shop with the subdomain “{options['shop']}”.")
        for shop in shops:
            started = time.monotonic()
            with schema_context(shop.schema_name):
                count = orders_figures_rebuild(batch_size=options["batch"])
            if options["verbosity"] >= 1:
                self.stdout.write(
                    f"{shop.subdomain}: {count:,} orders in {time.monotonic() - started:.1f} s"
                )
