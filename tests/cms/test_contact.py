"""The contact page: submissions stored and emailed; honeypot and rate limit keep spam out."""

from __future__ import annotations

import pytest

from tests.cms.conftest import publish

pytestmark = pytest.mark.django_db

MESSAGE = {"your_name": "Ana", "email": "ana@example.com", "message": "Do you ship to Oslo?"}


@pytest.fixture
def contact(in_a, home_a):
    from cms.models import ContactFormField, ContactPage

    with in_a():
        page = ContactPage(
            title="Contact",
            slug="contact",
            to_address="owner@alpha.example, help@alpha.example",
            from_address="shop@alpha.example",
            subject="New message",
            thank_you_text="<p>Thanks, we will write back.</p>",
        )
        page.form_fields = [
            ContactFormField(label="Your name", field_type="singleline", required=True),
            ContactFormField(label="Email", field_type="email", required=True),
            ContactFormField(label="Message", field_type="multiline", required=True),
        ]
        return publish(home_a, page)


@pytest.fixture
def post(client):
    return lambda data: client.post("/contact/", data, HTTP_HOST="alpha.souk.test")


def _submissions(in_a, page):
    with in_a():
        return list(page.get_submissions().values_list("form_data", flat=True))


def test_form_shows_fields_and_a_hidden_honeypot(contact, get):
    html = get("/contact/").content.decode()
    assert 'name="your_name"' in html and 'name="message"' in html
    assert 'class="cms-hp" aria-hidden="true"' in html and 'name="souk_hp_website"' in html


def test_a_message_is_stored_and_emailed_after_commit(
    contact, in_a, post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(MESSAGE)
    assert response.status_code == 200
    assert "Thanks, we will write back." in response.content.decode()
    assert _submissions(in_a, contact) == [MESSAGE]
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.subject == "New message"
    assert mail.to == ["owner@alpha.example", "help@alpha.example"]
    assert "Do you ship to Oslo?" in mail.body and "souk_hp" not in mail.body


def test_a_broken_mail_server_loses_no_message(
    contact, in_a, post, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.cms.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        assert post(MESSAGE).status_code == 200
    assert len(_submissions(in_a, contact)) == 1


def test_honeypot_filled_thanks_the_bot_but_keeps_and_sends_nothing(
    contact, in_a, post, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post({**MESSAGE, "souk_hp_website": "http://spam.example"})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert _submissions(in_a, contact) == []
    assert mailoutbox == []


def test_missing_fields_get_messages_and_nothing_is_stored(contact, in_a, post):
    response = post({"your_name": "Ana", "email": "not-an-email"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html and "Enter a valid email address." in html
    assert 'value="Ana"' in html  # what was typed is kept
    assert _submissions(in_a, contact) == []


def test_rate_limit_refuses_a_burst_but_keeps_the_text(contact, in_a, post):
    from cms import throttle

    for _ in range(throttle.LIMIT):
        assert post(MESSAGE).status_code == 200
    response = post({**MESSAGE, "message": "One more"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait a few minutes" in html and "One more" in html
    assert len(_submissions(in_a, contact)) == throttle.LIMIT
