"""Seed the demo platform that `make run` shows: a platform admin and two shops.

The owners' passwords are platform logins: they open "My shops", from where each
owner enters the shop admin by single sign-on (shop staff have no password).

Each shop is then filled by ``SHOP_STEPS``, in order, inside its schema: today the
catalogue (products with variants and pictures, collections, stock), then a
discount code, shipping, taxes and a few orders in different states.

The orders it places send the e-mails a real shop sends; with the console e-mail
backend (development's default) those would bury the summary under hundreds of lines,
so they are written to ``.data/demo-emails/`` instead (``DEMO_EMAIL_DIR``), and the
summary says where. ``--summary`` prints only the URLs and logins: ``make run``
prints them again once the server is up, as the last thing in the terminal.

Idempotent: existing demo shops and accounts are left as they are and every step
skips what it already made, so running it on every `make run` costs a few queries
after the first time (the first run takes about ten seconds, mostly drawing and
scaling pictures).
"""

import time
from contextlib import nullcontext
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django_tenants.utils import schema_context

from accounts.models import Membership, User
from accounts.services import membership_create_owner
from billing.models import Subscription
from billing.seed import plans_seed
from billing.trials import subscription_trial_start
from cms.models import HomePage
from demo import commerce
from demo.catalog_seed import catalog_seed
from demo.catalogs import CATALOGS
from demo.content import seed_content as cms_seed_content
from provisioning.services import shop_provision
from shops.models import Shop
from themes.models import ThemeSettings
from themes.services import theme_activate

PLATFORM_ADMIN = ("admin@souk.localhost", "souk-admin")
CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"
DEMO_EMAIL_DIR = Path(settings.ROOT_DIR) / ".data" / "demo-emails"
DEMO_SHOPS = [
    {
        "name": "Harbour Coffee Roasters",
        "subdomain": "harbour",
        "owner_email": "owner@harbour.example",
        "owner_password": "harbour-demo",
        "intro": "Small-batch coffee, roasted on the quay every Tuesday.",
        "body": "<p>Single origins and house blends, shipped the day they are roasted.</p>",
        "catalog": "harbour",
        "theme": "boutique",
    },
    {
        "name": "Atlas Outfitters",
        "subdomain": "atlas",
        "owner_email": "owner@atlas.example",
        "owner_password": "atlas-demo",
        "intro": "Honest gear for long walks and cold mornings.",
        "body": "<p>Packs, layers and boots we have tested on the trail ourselves.</p>",
        "catalog": "atlas",
        "theme": "bold",
    },
]


def seed_catalog(*, shop, demo, stdout) -> None:
    """Products, pictures, collections and stock (``demo.catalog_seed``)."""
    report = catalog_seed(catalog=CATALOGS[demo["catalog"]])
    if report.products_created or report.collections_created:
        stdout.write(
            f"  {demo['name']}: {report.products_created} products, {report.images} "
            f"pictures, {report.collections_created} collections, "
            f"{report.stock_levels} stock levels"
        )


def seed_commerce(*, shop, demo, stdout) -> None:
    """A discount code, shipping zones, tax rates and a few orders (``demo.commerce``),
    placed through the real checkout."""
    made = {
        "discount codes": commerce.seed_discounts(),
        "shipping zones": commerce.seed_shipping(),
        "tax rates": commerce.seed_taxes(),
        "orders": commerce.seed_orders(),
    }
    if any(made.values()):
        stdout.write(
            f"  {demo['name']}: " + ", ".join(f"{n} {what}" for what, n in made.items() if n)
        )


def seed_theme(*, shop, demo, stdout) -> None:
    """Each demo shop on its own theme (``themes.services``), unless one was chosen."""
    if demo.get("theme") and not ThemeSettings.objects.active().exists():
        theme_activate(theme=demo["theme"])
        stdout.write(f"  {demo['name']}: theme {demo['theme']}")


def seed_content(*, shop, demo, stdout) -> None:
    """Home page blocks, about, blog, FAQ, contact page, settings and menus (``demo.content``)."""
    cms_seed_content(shop=shop, demo=demo, stdout=stdout)


# What fills a demo shop, run in order inside the shop's schema. Each step is
# ``step(*, shop, demo, stdout)``, idempotent (skips what exists) and runs in its own
# transaction; orders need the products, shipping and taxes made before them.
SHOP_STEPS = [seed_catalog, seed_commerce, seed_theme, seed_content]


class Command(BaseCommand):
    help = "Create the demo platform admin and two demo shops (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--summary", action="store_true", help="Only print the demo's URLs and logins."
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if options["summary"]:
            self._print_summary()
            return
        with self._emails_to_files():
            self._seed()
        self._print_summary()

    def _emails_to_files(self):
        """The demo's order e-mails go to files, not over the terminal (console backend)."""
        if settings.EMAIL_BACKEND != CONSOLE_EMAIL:
            self.emails_dir = None
            return nullcontext()
        self.emails_dir = DEMO_EMAIL_DIR
        DEMO_EMAIL_DIR.mkdir(parents=True, exist_ok=True)
        return override_settings(
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(DEMO_EMAIL_DIR),
        )

    def _seed(self):
        email, password = PLATFORM_ADMIN
        if not User.objects.filter(email=email).exists():
            User.objects.create_superuser(email=email, password=password)
        for demo in DEMO_SHOPS:
            shop = Shop.objects.filter(subdomain=demo["subdomain"]).first()
            if shop is None:
                shop = shop_provision(
                    name=demo["name"],
                    subdomain=demo["subdomain"],
                    owner_email=demo["owner_email"],
                    owner_password=demo["owner_password"],
                )
                self._compose_home(shop, demo)
            self._join(shop)
            self._fill(shop, demo)

    def _join(self, shop):
        """The owner's membership (so the shop is in their "My shops") and a trial
        of the default plan, as sign-up gives every new shop."""
        if not Membership.objects.filter(shop=shop).exists():
            membership_create_owner(account=shop.owner, shop=shop)
        if not Subscription.objects.filter(shop=shop).exists():
            plans_seed()
            subscription_trial_start(shop=shop)

    def _fill(self, shop, demo):
        for step in SHOP_STEPS:
            start = time.perf_counter()
            with schema_context(shop.schema_name):
                step(shop=shop, demo=demo, stdout=self.stdout)
            elapsed = time.perf_counter() - start
            if self.verbosity >= 2:
                self.stdout.write(f"  {demo['subdomain']} {step.__name__}: {elapsed:.1f} s")

    def _compose_home(self, shop, demo):
        with schema_context(shop.schema_name):
            home = HomePage.objects.get()
            home.intro = demo["intro"]
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
        login = f"{base}{settings.PLATFORM_DOMAIN}{port}/login/"
        for demo in DEMO_SHOPS:
            host = f"{demo['subdomain']}.{settings.PLATFORM_DOMAIN}{port}"
            out(f"  {demo['name']}")
            out(f"    storefront {base}{host}/")
            out(
                f"    owner      {login}   {demo['owner_email']} / {demo['owner_password']}"
                "   (My shops -> Open admin)"
            )
        out("  Discount code WELCOME10 (10% off); test cards: 4242 4242 4242 4242 approves,")
        out("  4000 0000 0000 0002 declines.")
        if getattr(self, "emails_dir", None):
            out(f"  E-mails the demo sent: {self.emails_dir}/")
        out("")
