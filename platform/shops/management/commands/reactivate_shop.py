from django.core.management.base import BaseCommand, CommandError

from shops.models import Shop
from shops.services import shop_reactivate


class Command(BaseCommand):
    help = "Reactivate a suspended shop."

    def add_arguments(self, parser):
        parser.add_argument("subdomain")

    def handle(self, *args, subdomain, **options):
        shop = Shop.objects.filter(subdomain=subdomain).first()
        if shop is None:
            raise CommandError(f"No shop with subdomain {subdomain!r}.")
        shop_reactivate(shop=shop, actor_name="manage.py")
        self.stdout.write(self.style.SUCCESS(f"Reactivated {subdomain}."))
