from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.services import membership_create_owner, platform_url
from provisioning.services import shop_provision


class Command(BaseCommand):
    help = "Provision a new shop (cloned from the template schema)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--subdomain", required=True)
        parser.add_argument("--owner-email", required=True)
        parser.add_argument(
            "--owner-password",
            default=None,
            help=(
                "Password of the owner's platform account, if this creates it (default: "
                "none; set one later by password reset). The owner opens the shop admin "
                "from My shops: shop staff have no password of their own."
            ),
        )
        parser.add_argument("--theme", default="base")

    def handle(self, *args, **options):
        # The owner's membership makes the shop theirs in "My shops" and single sign-on;
        # it is written in the provisioning transaction, so neither exists alone.
        try:
            with transaction.atomic():
                shop = shop_provision(
                    name=options["name"],
                    subdomain=options["subdomain"],
                    owner_email=options["owner_email"],
                    owner_password=options["owner_password"],
                    theme=options["theme"],
                )
                membership_create_owner(account=shop.owner, shop=shop)
        except ValidationError as exc:
            raise CommandError(_messages(exc)) from exc
        domain = shop.domains.get(is_primary=True).domain
        self.stdout.write(self.style.SUCCESS(f"Created shop {shop.name!r} at {domain}"))
        self.stdout.write(
            f"The owner signs in at {platform_url('onboarding:login')} and opens it from My shops."
        )


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)
