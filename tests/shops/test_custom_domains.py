"""Custom domains: claim, prove through DNS, serve, make primary, remove."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from domains.services import domain_add, domain_remove, domain_set_primary
from shops.domain_checks import domain_verify
from shops.models import Domain, ShopEvent
from shops.routing import directory
from shops.tasks import verify_pending_domains
from tests.shops.conftest import publish


def _verified(shop, name, zone):
    row = domain_add(shop=shop, domain=name)
    publish(zone, row)
    row = domain_verify(domain_id=row.pk)
    assert row.is_verified, row.check_error
    directory.invalidate()
    return row


def test_add_normalises_and_stays_pending_with_a_token(shop_a):
    row = domain_add(shop=shop_a, domain="  Shop.Alpha-Goods.COM. ", actor_name="owner@example.com")
    assert row.domain == "shop.alpha-goods.com"
    assert row.verified_at is None
    assert not row.is_primary
    assert row.verification_token.startswith("souk-") and len(row.verification_token) > 20
    event = ShopEvent.objects.get(shop=shop_a, action="domain_added")
    assert event.detail == {"domain": "shop.alpha-goods.com"}


def test_internationalised_name_is_stored_as_punycode(shop_a):
    assert domain_add(shop=shop_a, domain="bücher.example").domain == "xn--bcher-kva.example"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter a domain"),
        ("https://shop.example.com", "without http://"),
        ("shop.example.com/path", "without http://"),
        ("shop.example.com:8080", "without a port"),
        ("192.0.2.1", "not an IP address"),
        ("localhost", "not a valid domain name"),
        ("-bad.example.com", "not a valid domain name"),
        ("bad_underscore.example.com", "not a valid domain name"),
        ("a..example.com", "not a valid domain name"),
        ("<script>.example.com", "not a valid domain name"),
        ("x" * 64 + ".example.com", "not a valid domain name"),
        ("shop.example.123", "not a valid domain name"),
        ("souk.test", "platform itself"),
        ("alpha.souk.test", "platform itself"),
        ("evil.beta.souk.test", "platform itself"),
        ("shops.souk.test", "platform itself"),
    ],
)
def test_malformed_or_platform_domains_are_refused(shop_a, value, message):
    before = Domain.objects.count()
    with pytest.raises(ValidationError) as info:
        domain_add(shop=shop_a, domain=value)
    assert message in " ".join(info.value.message_dict["domain"])
    assert Domain.objects.count() == before


def test_same_shop_cannot_add_a_domain_twice(shop_a):
    domain_add(shop=shop_a, domain="shop.alpha-goods.com")
    with pytest.raises(ValidationError, match="already added to this shop"):
        domain_add(shop=shop_a, domain="SHOP.alpha-goods.com")


def test_domain_verified_by_another_shop_is_refused(shop_a, shop_b, dns_zone):
    _verified(shop_a, "shop.alpha-goods.com", dns_zone)
    with pytest.raises(ValidationError, match="already connected to another shop"):
        domain_add(shop=shop_b, domain="shop.alpha-goods.com")
    assert not Domain.objects.filter(tenant=shop_b, domain="shop.alpha-goods.com").exists()


def test_a_pending_claim_does_not_block_the_real_owner(shop_a, shop_b, dns_zone):
    """Beta claims a name first but cannot prove it; alpha, which can, gets it."""
    squatter = domain_add(shop=shop_b, domain="shop.alpha-goods.com")
    owner = domain_add(shop=shop_a, domain="shop.alpha-goods.com")
    publish(dns_zone, owner)  # only alpha's token is in DNS
    assert not domain_verify(domain_id=squatter.pk).is_verified
    assert domain_verify(domain_id=owner.pk).is_verified
    # Even with its own token published later, beta cannot take it over.
    publish(dns_zone, squatter, cname=False)
    squatter = domain_verify(domain_id=squatter.pk)
    assert not squatter.is_verified
    assert "already connected to another shop" in squatter.check_error


def test_database_refuses_two_verified_rows_for_one_name(shop_a, shop_b):
    now = timezone.now()
    Domain.objects.create(domain="x.example.com", tenant=shop_a, is_primary=False, verified_at=now)
    with pytest.raises(IntegrityError):
        Domain.objects.create(
            domain="x.example.com", tenant=shop_b, is_primary=False, verified_at=now
        )


def test_verify_records_what_is_missing_and_keeps_the_domain_pending(shop_a, dns_zone):
    row = domain_add(shop=shop_a, domain="shop.alpha-goods.com")
    publish(dns_zone, row, cname=False)
    row = domain_verify(domain_id=row.pk)
    assert row.verified_at is None
    assert row.checked_at is not None
    assert "does not point to shops.souk.test" in row.check_error


def test_verify_when_dns_does_not_answer(shop_a, dns_zone):
    row = domain_add(shop=shop_a, domain="shop.alpha-goods.com")
    dns_zone.failing = True
    row = domain_verify(domain_id=row.pk)
    assert row.verified_at is None
    assert "DNS did not answer" in row.check_error


def test_unverified_domain_gets_404_verified_domain_serves(shop_a, client, dns_zone):
    row = domain_add(shop=shop_a, domain="shop.alpha-goods.com")
    directory.invalidate()
    assert client.get("/", HTTP_HOST="shop.alpha-goods.com").status_code == 404
    publish(dns_zone, row)
    domain_verify(domain_id=row.pk)
    directory.invalidate()
    # It serves the shop: by redirecting to the primary domain until it is primary.
    response = client.get("/", HTTP_HOST="shop.alpha-goods.com")
    assert response.status_code == 301
    assert response["Location"] == "http://alpha.souk.test/"
    domain_set_primary(shop=shop_a, domain_id=row.pk)
    directory.invalidate()
    response = client.get("/", HTTP_HOST="shop.alpha-goods.com")
    assert response.status_code == 200
    assert "Alpha Goods" in response.content.decode()
    assert ShopEvent.objects.filter(shop=shop_a, action="domain_verified").count() == 1


def test_periodic_task_verifies_pending_domains(shop_a, shop_b, dns_zone):
    ready = domain_add(shop=shop_a, domain="shop.alpha-goods.com")
    waiting = domain_add(shop=shop_b, domain="shop.beta-things.com")
    publish(dns_zone, ready)
    assert verify_pending_domains() == 2  # eager in tests: the checks ran
    ready.refresh_from_db()
    waiting.refresh_from_db()
    assert ready.is_verified
    assert not waiting.is_verified and waiting.checked_at is not None


def test_primary_domain_gets_traffic_others_redirect(shop_a, client, dns_zone):
    row = _verified(shop_a, "www.alpha-goods.com", dns_zone)
    domain_set_primary(shop=shop_a, domain_id=row.pk)
    directory.invalidate()
    response = client.get("/products/?page=2", HTTP_HOST="alpha.souk.test")
    assert response.status_code == 301
    assert response["Location"] == "http://www.alpha-goods.com/products/?page=2"
    assert client.get("/", HTTP_HOST="www.alpha-goods.com").status_code == 200
    # The admin stays on the shop's own address; a POST is never redirected.
    assert client.get("/admin/login/", HTTP_HOST="alpha.souk.test").status_code == 200
    assert client.post("/", HTTP_HOST="alpha.souk.test").status_code != 301
    # Wagtail's default Site follows the primary domain (absolute URLs, sitemap).
    from django_tenants.utils import schema_context
    from wagtail.models import Site

    with schema_context(shop_a.schema_name):
        assert Site.objects.get(is_default_site=True).hostname == "www.alpha-goods.com"


def test_pending_domain_cannot_be_primary(shop_a):
    row = domain_add(shop=shop_a, domain="www.alpha-goods.com")
    with pytest.raises(ValidationError, match="must be verified"):
        domain_set_primary(shop=shop_a, domain_id=row.pk)
    assert Domain.objects.get(tenant=shop_a, is_primary=True).domain == "alpha.souk.test"


def test_removing_the_primary_domain_falls_back_and_reuse_needs_a_new_proof(
    shop_a, client, dns_zone
):
    row = _verified(shop_a, "www.alpha-goods.com", dns_zone)
    old_token = row.verification_token
    domain_set_primary(shop=shop_a, domain_id=row.pk)
    domain_remove(shop=shop_a, domain_id=row.pk)
    directory.invalidate()
    assert Domain.objects.get(tenant=shop_a, is_primary=True).domain == "alpha.souk.test"
    assert client.get("/", HTTP_HOST="www.alpha-goods.com").status_code == 404
    assert client.get("/", HTTP_HOST="alpha.souk.test").status_code == 200
    again = domain_add(shop=shop_a, domain="www.alpha-goods.com")
    assert again.verified_at is None
    assert again.verification_token != old_token
    # The old TXT record (still in DNS) does not prove the new claim.
    again = domain_verify(domain_id=again.pk)
    assert not again.is_verified


def test_the_shops_own_address_cannot_be_removed(shop_a):
    own = Domain.objects.get(tenant=shop_a, domain="alpha.souk.test")
    with pytest.raises(ValidationError, match="own address"):
        domain_remove(shop=shop_a, domain_id=own.pk)


def test_a_shop_cannot_change_another_shops_domain(shop_a, shop_b, dns_zone):
    row = _verified(shop_a, "www.alpha-goods.com", dns_zone)
    with pytest.raises(ValidationError, match="does not belong"):
        domain_remove(shop=shop_b, domain_id=row.pk)
    with pytest.raises(ValidationError, match="does not belong"):
        domain_set_primary(shop=shop_b, domain_id=row.pk)
    pending = domain_add(shop=shop_a, domain="new.alpha-goods.com")
    assert domain_verify(domain_id=pending.pk, shop=shop_b) is None
    assert Domain.objects.filter(pk=row.pk, tenant=shop_a, verified_at__isnull=False).exists()


def test_domain_limit_per_shop(shop_a, settings):
    settings.CUSTOM_DOMAINS_PER_SHOP = 2
    domain_add(shop=shop_a, domain="one.example.com")
    domain_add(shop=shop_a, domain="two.example.com")
    with pytest.raises(ValidationError, match="at most 2"):
        domain_add(shop=shop_a, domain="three.example.com")
