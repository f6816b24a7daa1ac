"""Rules for a shop's subdomain: the name in ``<sub>.<PLATFORM_DOMAIN>``."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shops.models import Shop

MIN_LENGTH = 3
MAX_LENGTH = 40
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")

# Names the platform uses or may use itself, and names that invite phishing.
RESERVED = frozenset(
    [
        "www",
        "admin",
        "administrator",
        "api",
        "app",
        "apps",
        "assets",
        "auth",
        "billing",
        "blog",
        "cdn",
        "checkout",
        "console",
        "dashboard",
        "dev",
        "docs",
        "download",
        "email",
        "files",
        "ftp",
        "help",
        "hooks",
        "imap",
        "img",
        "images",
        "login",
        "logout",
        "mail",
        "media",
        "my",
        "mx",
        "ns",
        "ns1",
        "ns2",
        "oauth",
        "payments",
        "platform",
        "pop",
        "pop3",
        "portal",
        "root",
        "sandbox",
        "secure",
        "shop",
        "shops",
        "signin",
        "signup",
        "smtp",
        "souk",
        "stage",
        "staging",
        "static",
        "status",
        "store",
        "support",
        "test",
        "webhooks",
        "webmail",
    ]
)


def schema_name_for(subdomain: str) -> str:
    """The PostgreSQL schema of the shop at ``subdomain`` (``-`` cannot start a schema name
    cleanly, ``_`` cannot appear in a subdomain, so the mapping is one to one)."""
    return "shop_" + subdomain.replace("-", "_")


def subdomain_errors(value: str) -> list[str]:
    """Every rule ``value`` breaks, in words a merchant understands."""
    errors = []
    if value != value.strip():
        errors.append(_("The subdomain cannot start or end with spaces."))
    if value.lower() != value:
        errors.append(_("Use lowercase letters only."))
    if not MIN_LENGTH <= len(value) <= MAX_LENGTH:
        errors.append(
            _("The subdomain must be %(min)d to %(max)d characters long.")
            % {"min": MIN_LENGTH, "max": MAX_LENGTH}
        )
    if not _LABEL.match(value.lower()):
        errors.append(
            _("Use only letters a–z, digits and hyphens, and start and end with a letter or digit.")
        )
    elif "--" in value:
        errors.append(_("Two hyphens in a row are not allowed."))
    if value.lower() in RESERVED:
        errors.append(_("“%(name)s” is reserved. Please choose another.") % {"name": value})
    return errors


def validate_subdomain(value: str) -> None:
    errors = subdomain_errors(value)
    if errors:
        raise ValidationError({"subdomain": errors})

    if Shop.objects.filter(subdomain=value).exists():
        raise ValidationError({"subdomain": [_("“%(name)s” is already taken.") % {"name": value}]})
