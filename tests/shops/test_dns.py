"""The DNS check against a local DNS server (never the internet)."""

import pytest

from shops.dns import DnsUnavailable, domain_dns_check
from tests.shops.conftest import CNAME_TARGET, PLATFORM_IPS


def test_token_and_cname_found(dns_zone):
    dns_zone.add("_souk-verify.shop.example.com", "TXT", '"souk-abc"')
    dns_zone.add("shop.example.com", "CNAME", f"{CNAME_TARGET}.")
    check = domain_dns_check(domain="shop.example.com", token="souk-abc")
    assert check.ok
    assert check.problems == ()


def test_nothing_published_names_both_missing_records(dns_zone):
    check = domain_dns_check(domain="shop.example.com", token="souk-abc")
    assert not check.ok
    assert not check.token_found and not check.points_to_platform
    text = " ".join(check.problems)
    assert "_souk-verify.shop.example.com" in text
    assert CNAME_TARGET in text


def test_wrong_token_or_wrong_cname_is_not_enough(dns_zone):
    dns_zone.add("_souk-verify.shop.example.com", "TXT", '"souk-other"')
    dns_zone.add("shop.example.com", "CNAME", "elsewhere.example.net.")
    check = domain_dns_check(domain="shop.example.com", token="souk-abc")
    assert not check.token_found
    assert not check.points_to_platform


def test_apex_domain_with_the_platforms_a_records(dns_zone):
    dns_zone.add("_souk-verify.example.com", "TXT", '"souk-abc"')
    dns_zone.add("example.com", "A", PLATFORM_IPS[0])
    assert domain_dns_check(domain="example.com", token="souk-abc").ok


def test_apex_domain_pointing_elsewhere(dns_zone):
    dns_zone.add("_souk-verify.example.com", "TXT", '"souk-abc"')
    dns_zone.add("example.com", "A", "198.51.100.7")
    check = domain_dns_check(domain="example.com", token="souk-abc")
    assert check.token_found and not check.points_to_platform


def test_failing_dns_raises_unavailable(dns_zone):
    dns_zone.failing = True
    with pytest.raises(DnsUnavailable):
        domain_dns_check(domain="shop.example.com", token="souk-abc")


def test_the_resolver_asks_the_configured_server(dns_zone):
    domain_dns_check(domain="shop.example.com", token="souk-abc")
    assert ("_souk-verify.shop.example.com", "TXT") in dns_zone.queries
