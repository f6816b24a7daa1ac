"""Rules for a custom domain a merchant connects to a shop.

The name is stored in the form DNS and the ``Host`` header use: lowercase ASCII,
internationalised names converted to punycode (``bücher.example`` ->
``xn--bcher-kva.example``), no trailing dot. Only names under someone else's
registered domain are accepted: the platform's own domain and its subdomains belong
to the platform, and an IP address cannot carry the TXT record that proves control.
"""

from __future__ import annotations

import ipaddress
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 253
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def _error(message: str) -> ValidationError:
    return ValidationError({"domain": [message]})


def normalize_custom_domain(value: str) -> str:
    """Return the stored form of ``value`` or raise a ``ValidationError`` that says why not."""
    value = (value or "").strip()
    if not value:
        raise _error(_("Enter a domain, for example shop.example.com."))
    if "://" in value or "/" in value or "@" in value or "?" in value or "#" in value:
        raise _error(_("Enter the domain only, without http://, paths or e-mail parts."))
    if ":" in value or value.startswith("["):
        raise _error(_("Enter the domain without a port."))
    value = value.rstrip(".").lower()
    try:
        ipaddress.ip_address(value)
    except ValueError:
        pass
    else:
        raise _error(_("Enter a domain name, not an IP address."))
    try:
        ascii_name = value.encode("idna").decode("ascii")
    except UnicodeError:
        raise _error(_("“%(name)s” is not a valid domain name.") % {"name": value}) from None
    labels = ascii_name.split(".")
    if (
        len(ascii_name) > MAX_LENGTH
        or len(labels) < 2
        or not all(_LABEL.match(label) for label in labels)
        or not _TLD.match(labels[-1])
    ):
        raise _error(
            _(
                "“%(name)s” is not a valid domain name. Use letters, digits and hyphens, "
                "with a dot between parts, like shop.example.com."
            )
            % {"name": value}
        )
    platform = settings.PLATFORM_DOMAIN.lower()
    target = settings.CUSTOM_DOMAIN_CNAME_TARGET.lower().rstrip(".")
    if ascii_name in (platform, target) or ascii_name.endswith(f".{platform}"):
        raise _error(_("Domains of the platform itself cannot be connected to a shop."))
    return ascii_name
