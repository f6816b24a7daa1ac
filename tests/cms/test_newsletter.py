"""Newsletter sign-ups: stored once per address, bad input explained, exported as CSV."""

from __future__ import annotations

import pytest

from tests.cms.conftest import HOST_A, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_up(client, shop_a):
    def post(email, **extra):
        data = {"email": email, "next": "/about/", **extra}
        return client.post("/newsletter/", data, HTTP_HOST=HOST_A, follow=False)

    return post


def _emails(in_a):
    from cms.models import NewsletterSignup

    with in_a():
        return list(NewsletterSignup.objects.values_list("email", flat=True))


def _messages(client):
    return [str(m) for m in client.get("/", HTTP_HOST=HOST_A).context["messages"]]


def test_sign_up_is_stored_and_goes_back_to_the_page(sign_up, in_a, client):
    response = sign_up("ana@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/about/#newsletter"
    assert _emails(in_a) == ["ana@example.com"]
    assert _messages(client) == ["Thank you for subscribing!"]


def test_the_same_address_twice_in_any_case_is_one_row(sign_up, in_a, client):
    sign_up("ana@example.com")
    _messages(client)
    sign_up("  ANA@Example.com ")
    assert _emails(in_a) == ["ana@example.com"]
    assert _messages(client) == ["You are already subscribed. Thank you!"]


def test_a_bad_address_is_explained_and_nothing_stored(sign_up, in_a, client):
    response = sign_up("ana-at-example")
    assert response.status_code == 302
    assert _emails(in_a) == []
    assert _messages(client) == ["Enter a valid email address, e.g. name@example.com."]


def test_a_foreign_next_url_is_not_followed(sign_up):
    response = sign_up("ana@example.com", next="https://evil.example/")
    assert response["Location"] == "/#newsletter"


def test_honeypot_and_burst_store_nothing(sign_up, in_a):
    from cms import throttle

    sign_up("bot@example.com", souk_hp_website="x")
    assert _emails(in_a) == []
    for i in range(throttle.LIMIT):
        sign_up(f"person{i}@example.com")
    sign_up("one-too-many@example.com")
    assert "one-too-many@example.com" not in _emails(in_a)
    assert len(_emails(in_a)) == throttle.LIMIT


def test_unique_index_backs_the_service(in_a):
    from django.db import IntegrityError, transaction

    from cms.models import NewsletterSignup

    with in_a():
        NewsletterSignup.objects.create(email="ana@example.com")
        with pytest.raises(IntegrityError), transaction.atomic():
            NewsletterSignup.objects.create(email="Ana@Example.com")


def test_the_merchant_exports_sign_ups_as_csv(sign_up, in_a, client, shop_a):
    sign_up("ana@example.com")
    sign_up("bo@example.com")
    login(client, shop_a, HOST_A)
    listing = client.get("/admin/newsletter/", HTTP_HOST=HOST_A)
    assert listing.status_code == 200
    assert "ana@example.com" in listing.content.decode()
    export = client.get("/admin/newsletter/", {"export": "csv"}, HTTP_HOST=HOST_A)
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    lines = body.strip().splitlines()
    assert lines[0].lower().startswith("email")
    assert {line.split(",")[0] for line in lines[1:]} == {"ana@example.com", "bo@example.com"}
    assert all(",/about/," in line for line in lines[1:])
