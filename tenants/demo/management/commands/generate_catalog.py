"""``manage.py generate_catalog --shop <subdomain> --products 100000``: a big catalogue
for benchmarks, loaded with COPY (see ``demo.catalog_generator``)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from demo.catalog_generator import catalog_generate
from shops.models import Shop


class Command(BaseCommand):
    help = "Generate a large made-up catalogue in one shop, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--shop", required=True, help="The shop's subdomain.")
        parser.add_argument("--products", type=int, required=True)
        parser.add_argument("--variants-per-product", type=int, default=3)
        parser.add_argument("--batch", type=int, default=5000, help="Products per COPY.")
        parser.add_argument(
            "--append", action="store_true", help="Add to a shop's generated products."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (repeatable).")

    def handle(self, *args, **options):
        shop = Shop.objects.filter(subdomain=options["shop"]).first()
        if shop is None:
            raise CommandError(f"No shop with the subdomain “{options['shop']}”.")
        quiet = options["verbosity"] < 1

        def progress(report):
            if options["verbosity"] >= 2:
                self.stdout.write(
                    f"  {report.products:,} products, {report.variants:,} variants "
                    f"({report.seconds:.1f} s)"
                )

        with schema_context(shop.schema_name):
            try:
                report = catalog_generate(
                    products=options["products"],
                    variants_per_product=options["variants_per_product"],
                    batch=options["batch"],
                    append=options["append"],
                    seed=options["seed"],
                    progress=progress,
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        if not quiet:
            self.stdout.write(
                f"{shop.subdomain}: {report.products:,} products, {report.variants:,} "
                f"variants, {report.images:,} product images, {report.stock_levels:,} "
                f"stock levels in {report.seconds:.1f} s "
                f"({report.rows_per_second:,.0f} rows/s)"
            )
