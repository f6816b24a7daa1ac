"""A page-cache hit answers before most middleware: it must still be the page a miss is.

The hit is compared with the same request rendered with the cache off (every
middleware, the view, the template): same status, same headers (security headers,
``X-Frame-Options``, ``Vary``, ``Content-Length``, the CSRF cookie's attributes),
same bytes but the visitor's own CSRF token. Then what the skipped middleware would
have decided: a suspended or billing-locked shop is closed, a Wagtail redirect wins
when the page no longer renders, an SSL redirect still redirects, staff with a
session are never served a stored page, HEAD is answered like GET.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client
from django_tenants.utils import schema_context
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from catalog.models import Product
from catalog.services import product_create
from shops.models import Shop
from storefront import page_cache
from storefront.page_cache import STATUS_HEADER, local_pages

pytestmark = pytest.mark.django_db

A, B = "alpha.souk.test", "beta.souk.test"
PRODUCT = "/products/tee/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A Content-Security-Policy nonce is good for one response: each hit has its own.
NONCE = re.compile(r"""(?<=nonce-)[A-Za-z0-9+/=]+(?=')|(?<=nonce=")[A-Za-z0-9+/=]+(?=")""")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.STOREFRONT_PAGE_CACHE = True
    local_pages.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def tee(shop_a, commit):
    with schema_context(shop_a.schema_name), commit():
        return product_create(
            title="Alpha tee", handle="tee", options=[("Size", ["S", "M"])], status="active"
        )


@pytest.fixture
def production_headers(settings):
    """What production.py turns on, minus the SSL redirect (tested on its own)."""
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SECURE_CONTENT_TYPE_NOSNIFF = True
    settings.SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
    settings.CSRF_COOKIE_SECURE = True


def _get(host, path, client=None, **extra):
    return (client or Client()).get(path, HTTP_HOST=host, **extra)


def _headers(response) -> dict:
    return {
        name: NONCE.sub("NONCE", value) for name, value in response.items() if name != STATUS_HEADER
    }


def _cookie(response) -> dict:
    """The CSRF cookie's attributes (its value is the visitor's own)."""
    morsel = response.cookies["csrftoken"]
    return {key: morsel[key] for key in morsel if key != "expires"}


def _without_tokens(response) -> str:
    return NONCE.sub("NONCE", TOKEN.sub("TOKEN", response.content.decode()))


def test_a_hit_has_the_headers_and_bytes_of_a_fresh_render(
    tee, settings, production_headers, django_assert_num_queries
):
    settings.STOREFRONT_PAGE_CACHE = False
    rendered = _get(A, PRODUCT, secure=True)
    settings.STOREFRONT_PAGE_CACHE = True
    miss = _get(A, PRODUCT, secure=True)
    local_pages.clear()  # the next one comes from the shared cache, as in another process
    with django_assert_num_queries(0):
        shared_hit = _get(A, PRODUCT, secure=True)
    with django_assert_num_queries(0):
        local_hit = _get(A, PRODUCT, secure=True)
    assert (miss[STATUS_HEADER], shared_hit[STATUS_HEADER], local_hit[STATUS_HEADER]) == (
        "miss",
        "hit",
        "hit",
    )
    expected = _headers(rendered)
    # What the skipped middleware adds is there, from the stored final headers.
    assert expected["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert expected["X-Content-Type-Options"] == "nosniff"
    assert expected["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert expected["X-Frame-Options"] == "DENY"
    assert "Cookie" in expected["Vary"]
    for response in (miss, shared_hit, local_hit):
        assert response.status_code == 200
        assert _headers(response) == expected
        assert _cookie(response) == _cookie(rendered)
        assert _without_tokens(response) == _without_tokens(rendered)
        assert int(response["Content-Length"]) == len(response.content)
    nonces = [
        NONCE.search(r["Content-Security-Policy"]).group() for r in (miss, shared_hit, local_hit)
    ]
    assert len(set(nonces)) == 3
    for response, nonce in zip((miss, shared_hit, local_hit), nonces, strict=True):
        assert f'nonce="{nonce}"' in response.content.decode()


def test_a_hit_without_a_form_has_the_same_headers_too(shop_a):
    """The home page of a new shop has no form: no token to put back, same headers."""
    miss, hit = _get(A, "/"), _get(A, "/")
    assert (miss[STATUS_HEADER], hit[STATUS_HEADER]) == ("miss", "hit")
    assert "csrfmiddlewaretoken" not in hit.content.decode()
    assert _headers(hit) == _headers(miss)
    assert set(hit.cookies) == set(miss.cookies)
    assert NONCE.sub("NONCE", hit.content.decode()) == NONCE.sub("NONCE", miss.content.decode())


def test_each_visitor_gets_their_own_token_and_it_works_on_post(tee, shop_a):
    _get(A, PRODUCT)  # stored
    first, second = Client(), Client()
    one, two = _get(A, PRODUCT, first), _get(A, PRODUCT, second)
    assert one[STATUS_HEADER] == two[STATUS_HEADER] == "hit"
    secrets = first.cookies["csrftoken"].value, second.cookies["csrftoken"].value
    tokens = TOKEN.search(one.content.decode())[1], TOKEN.search(two.content.decode())[1]
    assert secrets[0] != secrets[1] and tokens[0] != tokens[1]
    assert [_unmask_cipher_token(t) for t in tokens] == list(secrets)
    assert all(len(t) == 64 and set(t) <= set(CSRF_ALLOWED_CHARS) for t in tokens)
    # A returning visitor keeps their secret: a fresh mask of the same one.
    again = _get(A, PRODUCT, first)
    assert first.cookies["csrftoken"].value == secrets[0]
    token = TOKEN.search(again.content.decode())[1]
    assert token != tokens[0] and _unmask_cipher_token(token) == secrets[0]
    # The token from a cached page passes Django's CSRF check on a real POST.
    with schema_context(shop_a.schema_name):
        variant = Product.objects.get(pk=tee.pk).variants.first()
    post = {"variant_id": variant.pk, "quantity": 1}
    strict = Client(enforce_csrf_checks=True)
    hit = _get(A, PRODUCT, strict)
    assert hit[STATUS_HEADER] == "hit"
    refused = strict.post("/cart/add/", {**post, "csrfmiddlewaretoken": tokens[0]}, HTTP_HOST=A)
    assert refused.status_code == 403  # another visitor's token
    token = TOKEN.search(hit.content.decode())[1]
    added = strict.post("/cart/add/", {**post, "csrfmiddlewaretoken": token}, HTTP_HOST=A)
    assert added.status_code in (200, 302)


def test_a_bad_csrf_cookie_is_replaced_as_django_would(tee):
    _get(A, PRODUCT)
    client = Client()
    client.cookies["csrftoken"] = "not-a-secret"
    hit = _get(A, PRODUCT, client)
    assert hit[STATUS_HEADER] == "hit"
    secret = client.cookies["csrftoken"].value
    assert len(secret) == 32 and secret != "not-a-secret"
    assert _unmask_cipher_token(TOKEN.search(hit.content.decode())[1]) == secret


def test_head_is_answered_like_get(tee):
    head_miss = Client().head(PRODUCT, HTTP_HOST=A)
    assert head_miss.status_code == 200 and head_miss[STATUS_HEADER] == "miss"
    get_hit = _get(A, PRODUCT)
    head_hit = Client().head(PRODUCT, HTTP_HOST=A)
    assert get_hit[STATUS_HEADER] == head_hit[STATUS_HEADER] == "hit"
    assert "Alpha tee" in get_hit.content.decode()
    assert head_hit.content == b""
    assert _headers(head_hit) == _headers(get_hit) == _headers(head_miss)


def _suspend(shop, commit):
    from shops.services import shop_suspend

    with commit():
        shop_suspend(shop=Shop.objects.get(pk=shop.pk), reason="abuse report", actor_name="ops")


def test_a_suspended_shop_is_never_served_from_the_cache(tee, shop_a, commit):
    from shops.services import shop_reactivate

    _get(A, PRODUCT)
    assert _get(A, PRODUCT)[STATUS_HEADER] == "hit"
    _suspend(shop_a, commit)
    for _ in range(2):
        closed = _get(A, PRODUCT)
        assert closed.status_code == 503 and STATUS_HEADER not in closed
        assert "Alpha tee" not in closed.content.decode()
    with commit():
        shop_reactivate(shop=Shop.objects.get(pk=shop_a.pk), actor_name="ops")
    assert _get(A, PRODUCT).status_code == 200


def test_a_shop_closed_for_billing_is_never_served_from_the_cache(tee, shop_a, commit, client):
    from billing import dunning
    from billing.models import Subscription
    from billing.services import subscription_sync
    from billing.trials import subscription_trial_start
    from tests.billing.conftest import login_owner

    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        sub = subscription_trial_start(shop=shop_a)
        Subscription.objects.filter(pk=sub.pk).update(
            stripe_customer_id="cus_A", stripe_subscription_id="sub_A"
        )
        remote = {
            "id": "sub_A",
            "object": "subscription",
            "customer": "cus_A",
            "status": "past_due",
            "cancel_at_period_end": False,
            "trial_end": None,
            "ended_at": None,
            "items": {"data": [{"id": "si_1", "price": {"id": "price_starter_m"}}]},
        }
        subscription_sync(remote=remote)
        clock.move_to(start + timedelta(days=30))  # past the grace period
        _get(A, PRODUCT)
        assert _get(A, PRODUCT)[STATUS_HEADER] == "hit"
        with commit():
            assert dunning.past_due_suspend() == 1
        closed = _get(A, PRODUCT)  # same instant: the entry has not expired
        assert closed.status_code == 503 and STATUS_HEADER not in closed
    # The admin is never cached: only billing works there, as without the cache.
    login_owner(client, shop_a)
    locked = client.get("/admin/catalog/products/", HTTP_HOST=A)
    assert locked.status_code == 302 and locked["Location"] == "/admin/billing/"


def test_a_redirect_made_after_caching_wins_when_the_page_no_longer_renders(
    shop_a, commit, settings
):
    from cms.models import StandardPage

    with schema_context(shop_a.schema_name), commit():
        home = Page.objects.get(depth=2)
        about = StandardPage(title="About us", slug="about")
        home.add_child(instance=about)
        about.save_revision().publish()
    assert _get(A, "/about/")[STATUS_HEADER] == "miss"
    assert _get(A, "/about/")[STATUS_HEADER] == "hit"
    with schema_context(shop_a.schema_name):
        Redirect.objects.create(old_path="/about", redirect_link="/our-story/")
    # Wagtail redirects only a 404: while the page renders it is served, cached or not.
    hit = _get(A, "/about/")
    assert hit.status_code == 200 and hit[STATUS_HEADER] == "hit"
    settings.STOREFRONT_PAGE_CACHE = False
    assert _get(A, "/about/").status_code == 200
    settings.STOREFRONT_PAGE_CACHE = True
    with schema_context(shop_a.schema_name), commit():
        Page.objects.get(pk=about.pk).specific.unpublish()
    for _ in range(2):
        moved = _get(A, "/about/")
        assert moved.status_code == 301 and moved["Location"] == "/our-story/"
        assert STATUS_HEADER not in moved


def test_redirects_of_missing_pages_are_untouched_by_the_cache(shop_a):
    with schema_context(shop_a.schema_name):
        Redirect.objects.create(old_path="/old-sale", redirect_link="/", is_permanent=True)
    for _ in range(2):
        response = _get(A, "/old-sale/")
        assert response.status_code == 301 and STATUS_HEADER not in response


def test_the_ssl_redirect_still_comes_first(tee, settings):
    _get(A, PRODUCT, secure=True)
    assert _get(A, PRODUCT, secure=True)[STATUS_HEADER] == "hit"
    settings.SECURE_SSL_REDIRECT = True
    response = _get(A, PRODUCT)
    assert response.status_code == 301 and response["Location"] == f"https://{A}{PRODUCT}"


def test_pages_are_keyed_by_scheme(tee, settings):
    """Each scheme has its entry; the absolute URLs a page prints (canonical, Open
    Graph) take PLATFORM_SCHEME, never the request's (shops.addresses)."""
    settings.PLATFORM_SCHEME = "https"
    plain = _get(A, PRODUCT)
    assert plain[STATUS_HEADER] == "miss"
    secure = _get(A, PRODUCT, secure=True)
    assert secure[STATUS_HEADER] == "miss"
    for response in (plain, secure):
        assert f'<link rel="canonical" href="https://{A}/products/tee/">' in (
            response.content.decode()
        )


def test_staff_with_a_session_are_never_served_or_stored(tee, client):
    from tests.catalog.conftest import login

    login(client, A, "owner-alpha@example.com")
    assert "sessionid" in client.cookies
    for _ in range(2):
        staff = client.get(PRODUCT, HTTP_HOST=A)
        assert staff.status_code == 200 and STATUS_HEADER not in staff
    # Nothing the staff member saw was stored: the first anonymous visitor renders.
    assert _get(A, PRODUCT)[STATUS_HEADER] == "miss"
    assert STATUS_HEADER not in client.get(PRODUCT, HTTP_HOST=A)


def test_shop_a_pages_are_never_served_on_shop_b_host(tee, shop_b, commit):
    """Same path, same theme, both cached: each host gets its own shop's page, from
    the shared cache and from the process's local copy alike."""
    with schema_context(shop_b.schema_name), commit():
        product_create(title="Beta tee", handle="tee", status="active")
    for _ in range(2):
        _get(A, PRODUCT), _get(B, PRODUCT)
        local_pages.clear()
    for _ in range(2):
        alpha, beta = _get(A, PRODUCT), _get(B, PRODUCT)
        assert alpha[STATUS_HEADER] == beta[STATUS_HEADER] == "hit"
        assert "Alpha tee" in alpha.content.decode() and "Beta tee" not in alpha.content.decode()
        assert "Beta tee" in beta.content.decode() and "Alpha tee" not in beta.content.decode()
    # Even with B's shared entry gone, A's never answers for B.
    caches["default"].clear()
    local_pages.clear()
    assert _get(A, PRODUCT)[STATUS_HEADER] == "miss"
    beta = _get(B, PRODUCT)
    assert beta[STATUS_HEADER] == "miss" and "Beta tee" in beta.content.decode()


def test_the_local_copy_ends_with_a_purge_made_in_another_process(tee, shop_a):
    """Another process's purge only bumps the shared generation: this process's
    local copy must be unreachable as soon as it reads the new version."""
    _get(A, PRODUCT)
    assert _get(A, PRODUCT)[STATUS_HEADER] == "hit"
    caches["platform"].incr(page_cache._generation_key(shop_a.schema_name))
    assert _get(A, PRODUCT)[STATUS_HEADER] == "miss"


def test_the_local_copy_keeps_to_its_budget_and_the_expiry():
    pages = page_cache.LocalPages()
    far = 2**40
    for n in range(10):
        pages.put(f"k{n}", (200, [], b"x" * 1000, False, far), budget=5 * 1600)
    kept = [n for n in range(10) if pages.get(f"k{n}") is not None]
    assert kept == [5, 6, 7, 8, 9]  # the oldest went first
    pages.put("big", (200, [], b"x" * 10_000, False, far), budget=5 * 1600)
    assert pages.get("big") is None  # larger than the whole budget: not kept
    pages.put("old", (200, [], b"x", False, 1.0), budget=5 * 1600)
    assert pages.get("old") is None  # past its expiry
