from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shops.models import Shop
from shops.services import shop_delete


class Command(BaseCommand):
    help = "Delete a shop for good: schema, domains and media. Asks for the subdomain again."

    def add_arguments(self, parser):
        parser.add_argument("subdomain")
        parser.add_argument(
            "--confirm",
            default=None,
            help="The subdomain typed again (asked interactively if omitted).",
        )

    def handle(self, *args, subdomain, confirm, **options):
        shop = Shop.objects.filter(subdomain=subdomain).first()
        if shop is None:
            raise CommandError(f"No shop with subdomain {subdomain!r}.")
        if confirm is None:
            confirm = input(
                f"This deletes {shop.name!r} and all its data. Type its subdomain to confirm: "
            )
        try:
            shop_delete(shop=shop, confirm_subdomain=confirm.strip(), actor_name="manage.py")
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Deleted {subdomain}."))
