"""Guest orders join an account only through the emailed, signed link."""

import re

from django_tenants.utils import schema_context

from customers.order_claims import claim_token
from tests.customers.conftest import PASSWORD, make_order


def _register(web, email):
    return web.post(
        "/account/register/",
        {"email": email, "password": PASSWORD, "first_name": "B", "last_name": "C"},
    )


def test_registration_emails_a_claim_link_and_the_link_links(
    web, in_a, mailoutbox, django_capture_on_commit_callbacks
):
    with in_a():
        guest = make_order(email="buyer@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert _register(web, "buyer@example.com").status_code == 302
    guest.refresh_from_db()
    assert guest.customer_id is None  # not yet: the email is not proven
    (mail,) = [m for m in mailoutbox if "past orders" in m.subject]
    link = re.search(r"https?://[^\s]+/account/orders/claim/[^\s]+/", mail.body).group(0)
    response = web.get(link.split("souk.test", 1)[1], follow=True)
    assert "1 earlier order(s) added" in response.content.decode()
    with in_a():
        guest.refresh_from_db()
    assert guest.customer_id is not None


def test_no_email_when_there_are_no_guest_orders(
    web, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _register(web, "new@example.com")
    assert not [m for m in mailoutbox if "past orders" in m.subject]


def test_a_link_for_another_account_or_a_forged_one_links_nothing(signed_in, in_a, customer):
    from accounts.models import User

    with in_a():
        guest = make_order(email="ana@example.com")
        other = User.objects.create_user(email="mallory@example.com", password=PASSWORD)
        foreign = claim_token(customer=other)
    for token in (foreign, "forged:token", claim_token(customer=customer) + "x"):
        response = signed_in.get(f"/account/orders/claim/{token}/", follow=True)
        assert "invalid or has expired" in response.content.decode()
    with in_a():
        guest.refresh_from_db()
    assert guest.customer_id is None


def test_a_link_from_shop_a_is_nothing_in_shop_b(shop_a, shop_b, customer, in_a):
    """The signing salt carries the schema: the same user id in B gets no match."""
    from customers.order_claims import claim_token_valid

    with in_a():
        token = claim_token(customer=customer)
        assert claim_token_valid(customer=customer, token=token)
    with schema_context(shop_b.schema_name):
        assert not claim_token_valid(customer=customer, token=token)
