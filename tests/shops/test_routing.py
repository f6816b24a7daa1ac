"""Host routing: the host decides the shop; unknown hosts get a plain 404."""

import pytest
from django.utils import timezone

from shops.models import Domain, Shop
from shops.routing import directory
from shops.services import shop_reactivate, shop_suspend


def test_platform_domain_serves_the_public_site(db, client):
    response = client.get("/", HTTP_HOST="souk.test")
    assert response.status_code == 200
    assert "Souk" in response.content.decode()


def test_shop_subdomain_serves_that_shop(shop_a, shop_b, client):
    assert "Alpha Goods" in client.get("/", HTTP_HOST="alpha.souk.test").content.decode()
    assert "Beta Things" in client.get("/", HTTP_HOST="beta.souk.test").content.decode()


@pytest.mark.parametrize(
    "host",
    [
        "nope.souk.test",
        "souk.example",
        "127.0.0.1",
        "alpha.souk.test.evil.com",
        "evil.com",
        "xn--bcher-kva.souk.test",
        "a..souk.test",
        "[::1]",
        "alpha.souk.test@evil",
    ],
)
def test_unknown_hosts_get_a_plain_404(shop_a, client, host):
    response = client.get("/", HTTP_HOST=host)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Alpha" not in body
    assert "Shop not found" in body


def test_missing_host_header_gets_404(shop_a, client):
    response = client.generic("GET", "/", HTTP_HOST="", SERVER_NAME="")
    assert response.status_code == 404


def test_host_with_port_and_capitals_routes(shop_a, client):
    response = client.get("/", HTTP_HOST="ALPHA.souk.test:8000")
    assert response.status_code == 200
    assert "Alpha Goods" in response.content.decode()


def test_routing_costs_no_query_once_cached(shop_a, client, django_assert_num_queries):
    client.get("/robots.txt", HTTP_HOST="alpha.souk.test")  # warm the directory
    with django_assert_num_queries(0):
        response = client.get("/robots.txt", HTTP_HOST="alpha.souk.test")
    assert response.status_code == 200
    client.get("/robots.txt", HTTP_HOST="nope.souk.test")  # negative answers are cached too
    with django_assert_num_queries(0):
        assert client.get("/robots.txt", HTTP_HOST="nope.souk.test").status_code == 404


def test_unknown_hosts_cannot_grow_the_cache_without_bound(db, client, monkeypatch):
    import shops.routing

    monkeypatch.setattr(shops.routing, "MAX_ENTRIES", 5)
    for n in range(20):
        client.get("/", HTTP_HOST=f"random{n}.souk.test")
    assert len(directory._entries) <= 5


def test_verified_custom_domain_routes_and_unverified_does_not(shop_a, client):
    Domain.objects.create(
        domain="shop.alpha-goods.com", tenant=shop_a, is_primary=False, verified_at=timezone.now()
    )
    Domain.objects.create(domain="pending.alpha-goods.com", tenant=shop_a, is_primary=False)
    directory.invalidate()
    # A verified domain that is not primary sends shoppers to the primary one.
    response = client.get("/", HTTP_HOST="shop.alpha-goods.com")
    assert response.status_code == 301
    assert response["Location"] == "http://alpha.souk.test/"
    assert client.get("/admin/login/", HTTP_HOST="shop.alpha-goods.com").status_code == 200
    # Django's own host validation (CommonMiddleware, CSRF) accepts it too: a POST
    # reaches CSRF checking (403) instead of DisallowedHost (400).
    assert client.post("/", HTTP_HOST="shop.alpha-goods.com").status_code in (403, 405, 200)
    assert client.get("/", HTTP_HOST="pending.alpha-goods.com").status_code == 404


def test_domain_change_is_seen_after_invalidation(shop_a, client):
    assert client.get("/", HTTP_HOST="new.alpha-goods.com").status_code == 404
    Domain.objects.create(
        domain="new.alpha-goods.com", tenant=shop_a, is_primary=False, verified_at=timezone.now()
    )
    # Cached negative answer until the change is announced.
    assert client.get("/", HTTP_HOST="new.alpha-goods.com").status_code == 404
    directory.invalidate()
    assert client.get("/", HTTP_HOST="new.alpha-goods.com").status_code == 301


def test_other_processes_see_changes_through_the_shared_generation(shop_a, client, settings):
    """A second process's directory notices a bump of the shared generation number."""
    from shops.routing import ShopDirectory

    other = ShopDirectory()
    assert other.resolve("alpha.souk.test").status == "active"
    Shop.objects.filter(pk=shop_a.pk).update(status="closed")
    assert other.resolve("alpha.souk.test") is not None  # still cached
    directory.invalidate()  # this process announces the change
    assert other.resolve("alpha.souk.test") is None


def test_suspended_shop_storefront_is_closed_but_admin_open(
    shop_a, shop_b, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        shop_suspend(shop=shop_a, reason="unpaid")
    response = client.get("/", HTTP_HOST="alpha.souk.test")
    assert response.status_code == 503
    assert "Temporarily closed" in response.content.decode()
    assert response["Retry-After"]
    assert client.get("/admin/login/", HTTP_HOST="alpha.souk.test").status_code == 200
    # Shop B is not affected.
    assert client.get("/", HTTP_HOST="beta.souk.test").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        shop_reactivate(shop=shop_a)
    assert client.get("/", HTTP_HOST="alpha.souk.test").status_code == 200


def test_closed_shop_is_not_served(shop_a, client):
    Shop.objects.filter(pk=shop_a.pk).update(status="closed")
    directory.invalidate()
    assert client.get("/", HTTP_HOST="alpha.souk.test").status_code == 404


def test_unknown_page_on_the_platform_domain_is_a_plain_404(db, client):
    """Not the storefront theme's 404, which needs a shop's schema (it was a 500)."""
    response = client.get("/no-such-page/", HTTP_HOST="souk.test")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
