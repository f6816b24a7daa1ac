"""Pages that show an order or account data are never stored by anyone.

The thank-you page shows the shopper's name, address and totals; the order status
page, the cart, the checkout steps and the account pages likewise. Each answers with
``Cache-Control: private, no-store`` (Django's ``never_cache``) so no browser history,
proxy or CDN keeps a copy, and the shop's own page cache never stores one. The walk
below visits every URL of the cart, checkout and customers namespaces and fails for a
view added there without it.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from django.test import Client
from django.urls import get_resolver, resolve
from django_tenants.utils import schema_context

from customers.order_claims import claim_token
from orders.models import Order
from shipping.models import ShippingRate
from storefront.page_cache import STATUS_HEADER
from tests.cart.builders import variant
from tests.checkout.conftest import ADDRESS, CARD_OK, shop_setup
from tests.customers.conftest import make_order

pytestmark = pytest.mark.django_db

HOST = "alpha.souk.test"
NAMESPACES = ("cart", "checkout", "customers")
PASSWORD = "plum-orchard-47"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.STOREFRONT_PAGE_CACHE = True


class Recorder:
    """A browser on shop A that keeps every response by the view that answered."""

    def __init__(self) -> None:
        self.client = Client(HTTP_HOST=HOST)
        self.seen: dict[str, list] = defaultdict(list)

    def _keep(self, path, response):
        self.seen[resolve(path.split("?")[0], "config.urls_shop").view_name].append(
            (path, response)
        )
        return response

    def get(self, path):
        return self._keep(path, self.client.get(path))

    def post(self, path, data=None):
        return self._keep(path, self.client.post(path, data or {}))


def _names() -> set[str]:
    resolver = get_resolver("config.urls_shop")
    names = set()
    for namespace in NAMESPACES:
        _prefix, sub = resolver.namespace_dict[namespace]
        names |= {f"{namespace}:{p.name}" for p in sub.url_patterns if p.name}
    return names


@pytest.fixture
def walked(shop_a):
    with schema_context(shop_a.schema_name):
        shop_setup()
        item = variant(title="Blue mug", price="10.00", stock=5)
    guest = Recorder()
    guest.get("/cart/")
    guest.post("/cart/add/", {"variant_id": item.pk, "quantity": "2"})
    guest.get("/cart/")
    guest.post("/cart/update/", {"variant_id": item.pk, "quantity": "1"})
    guest.post("/cart/discount/", {"code": "NOPE"})
    guest.get("/checkout/")
    guest.get("/checkout/contact/")
    guest.post("/checkout/contact/", {"email": "ana@example.com"})
    guest.get("/checkout/address/")
    guest.post("/checkout/address/", ADDRESS)
    guest.get("/checkout/shipping/")
    with schema_context(shop_a.schema_name):
        rate_id = ShippingRate.objects.get().pk
    guest.post("/checkout/shipping/", {"rate_id": rate_id})
    guest.get("/checkout/payment/")
    placed = guest.post("/checkout/payment/", CARD_OK)
    thanks = guest.get(placed["Location"])
    with schema_context(shop_a.schema_name):
        order = Order.objects.get()
    assert f"Order #{order.number}" in thanks.content.decode()
    guest.get(f"/orders/{order.token}/")
    guest.get("/checkout/payment/return/")
    guest.post("/cart/remove/", {"variant_id": item.pk})
    # A draft order's invoice link and an abandoned checkout's recovery link (a
    # link that no longer works still answers privately).
    from orders.services import draft_order_save

    with schema_context(shop_a.schema_name):
        draft = draft_order_save(
            email="bea@example.com",
            currency="USD",
            lines=[{"title": "Gift wrapping", "quantity": 1, "unit_price": "3.50"}],
        )
    guest.get(f"/checkout/invoice/{draft.token}/")
    guest.get("/checkout/recover/expired-link/")

    from accounts.models import User

    shopper = Recorder()
    shopper.get("/account/register/")
    shopper.get("/account/login/")
    shopper.get("/account/password-reset/")
    shopper.get("/account/password-reset/sent/")
    shopper.get("/account/reset/MQ/bad-token/")
    shopper.get("/account/reset/done/")
    # An account invite: the link the customer opens, and one that no longer works.
    from customers.invites import invite_token
    from customers.services import customer_create

    with schema_context(shop_a.schema_name):
        invited = customer_create(email="ivy@example.com", first_name="Ivy")
        invite = invite_token(customer=invited)
    shopper.get(f"/account/activate/{invite}/")
    shopper.get("/account/activate/expired-link/")
    with schema_context(shop_a.schema_name):
        customer = User.objects.create_user(email="ana@example.com", password=PASSWORD)
        own = make_order(email="ana@example.com", customer=customer)
        token = claim_token(customer=customer)
    shopper.post("/account/login/", {"email": "ana@example.com", "password": PASSWORD})
    shopper.get("/account/")
    shopper.get(f"/account/orders/{own.number}/")
    shopper.get(f"/account/orders/claim/{token}/")
    shopper.get("/account/password/")
    shopper.get("/account/addresses/")
    shopper.get("/account/addresses/new/")
    shopper.post(
        "/account/addresses/new/",
        {"name": "Ana", "line1": "1 rue", "city": "Paris", "postal_code": "75001", "country": "FR"},
    )
    with schema_context(shop_a.schema_name):
        address = customer.addresses.get()
    shopper.get(f"/account/addresses/{address.pk}/edit/")
    shopper.post(f"/account/addresses/{address.pk}/default/")
    shopper.post(f"/account/addresses/{address.pk}/delete/")
    shopper.post("/account/logout/")
    seen = defaultdict(list)
    for recorder in (guest, shopper):
        for name, responses in recorder.seen.items():
            seen[name] += responses
    return seen, thanks


def test_every_page_with_order_or_account_data_is_private_and_not_stored(walked):
    seen, _thanks = walked
    missing = _names() - set(seen)
    assert not missing, f"views not walked (add them here): {sorted(missing)}"
    bad = []
    for name, responses in seen.items():
        if name.split(":")[0] not in NAMESPACES:
            continue
        for path, response in responses:
            control = response.get("Cache-Control", "")
            if not ("no-store" in control and "private" in control):
                bad.append((name, path, response.status_code, control))
    assert not bad, bad


def test_the_thank_you_page_is_never_served_from_the_page_cache(walked):
    _seen, thanks = walked
    assert STATUS_HEADER not in thanks
    path = re.sub(r"^https?://[^/]+", "", thanks.wsgi_request.get_full_path())
    again = Client().get(path, HTTP_HOST=HOST)
    assert again.get(STATUS_HEADER) is None
    assert "no-store" in again["Cache-Control"]
