"""Seed the demo platform that `make run` shows: a platform admin and two shops.

Idempotent: existing demo shops and accounts are left as they are, so running it
on every `make run` costs nothing after the first time.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django_tenants.utils import schema_context

from accounts.models import User
from shops.models import Shop
from shops.services import shop_provision

PLATFORM_ADMIN = ("admin@souk.localhost", "souk-admin")
DEMO_SHOPS = [
    {
        "name": "Harbour Coffee Roasters",
        "subdomain": "harbour",
        "owner_email": "owner@harbour.example",
        "owner_password": "harbour-demo",
        "intro": "Small-batch coffee, roasted on the quay every Tuesday.",
        "body": "<p>Single origins and house blends, shipped the day they are roasted.</p>",
    },
    {
        "name": "Atlas Outfitters",
        "subdomain": "atlas",
        "owner_email": "owner@atlas.example",
        "owner_password": "atlas-demo",
        "intro": "Honest gear for long walks and cold mornings.",
        "body": "<p>Packs, layers and boots we have tested on the trail ourselves.</p>",
    },
]


class Command(BaseCommand):
    help = "Create the demo platform admin and two demo shops (idempotent)."

    def handle(self, *args, **options):
        email, password = PLATFORM_ADMIN
        if not User.objects.filter(email=email).exists():
            User.objects.create_superuser(email=email, password=password)
        for demo in DEMO_SHOPS:
            if Shop.objects.filter(subdomain=demo["subdomain"]).exists():
                continue
            shop = shop_provision(
                name=demo["name"],
                subdomain=demo["subdomain"],
                owner_email=demo["owner_email"],
                owner_password=demo["owner_password"],
            )
            self._compose_home(shop, demo)
        self._print_summary()

    def _compose_home(self, shop, demo):
        from cms.models import HomePage

        with schema_context(shop.schema_name):
            home = HomePage.objects.get()
            home.intro = demo["intro"]
            home.body = demo["body"]
            home.save_revision().publish()

    def _print_summary(self):
        port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
        base = f"{settings.PLATFORM_SCHEME}://"
        out = self.stdout.write
        out("")
        out(self.style.SUCCESS("Souk demo platform"))
        email, password = PLATFORM_ADMIN
        out(f"  Platform     {base}{settings.PLATFORM_DOMAIN}{port}/")
        out(
            f"  Django admin {base}{settings.PLATFORM_DOMAIN}{port}/django-admin/"
            f"   {email} / {password}"
        )
        for demo in DEMO_SHOPS:
            host = f"{demo['subdomain']}.{settings.PLATFORM_DOMAIN}{port}"
            out(f"  {demo['name']}")
            out(f"    storefront {base}{host}/")
            out(
                f"    shop admin {base}{host}/admin/   "
                f"{demo['owner_email']} / {demo['owner_password']}"
            )
        out("")
