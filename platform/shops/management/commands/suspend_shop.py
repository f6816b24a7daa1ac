from django.core.management.base import BaseCommand, CommandError

from shops.models import Shop
from shops.services import shop_suspend


class Command(BaseCommand):
    help = "Suspend a shop: its storefront answers 503 'temporarily closed'."

    def add_arguments(self, parser):
        parser.add_argument("subdomain")
        parser.add_argument("--reason", default="")

    def handle(self, *args, subdomain, reason, **options):
        shop = Shop.objects.filter(subdomain=subdomain).first()
        if shop is None:
            raise CommandError(f"No shop with subdomain {subdomain!r}.")
        shop_suspend(shop=shop, reason=reason, actor_name="manage.py")
        self.stdout.write(self.style.SUCCESS(f"Suspended {subdomain}."))
