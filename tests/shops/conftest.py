"""Fixtures of the shops tests: a local DNS server for custom domains."""

from __future__ import annotations

import pytest

from tests.support.dns_server import dns_server

CNAME_TARGET = "shops.souk.test"
PLATFORM_IPS = ("192.0.2.10", "192.0.2.11")


@pytest.fixture
def dns_zone(settings):
    """A DNS server on 127.0.0.1 the custom-domain checks ask; fill it with ``publish``."""
    with dns_server() as (port, zone):
        settings.CUSTOM_DOMAIN_DNS_NAMESERVERS = ["127.0.0.1"]
        settings.CUSTOM_DOMAIN_DNS_PORT = port
        settings.CUSTOM_DOMAIN_DNS_TIMEOUT = 2.0
        settings.CUSTOM_DOMAIN_CNAME_TARGET = CNAME_TARGET
        zone.add(CNAME_TARGET, "A", *PLATFORM_IPS)
        yield zone


def publish(zone, domain, *, txt=True, cname=True):
    """Create the records a merchant is asked to create for ``domain`` (a Domain row)."""
    if txt:
        zone.add(f"_souk-verify.{domain.domain}", "TXT", f'"{domain.verification_token}"')
    if cname:
        zone.add(domain.domain, "CNAME", f"{CNAME_TARGET}.")
