"""Settings › Notifications over HTTP: list, edit, preview, test, reset, permissions."""

from __future__ import annotations

from django.test import Client
from django_tenants.utils import schema_context

from notifications.models import NotificationTemplate
from tests.notifications.conftest import ALPHA
from tests.support.shop_admin import shop_admin_login, shop_staff_account

URL = "/admin/notifications/"


def test_the_list_names_every_notification_in_fixed_queries(
    owner_client, shop_a, django_assert_max_num_queries
):
    owner_client.get(URL, HTTP_HOST=ALPHA)  # warm the session and the menu
    with django_assert_max_num_queries(20):
        response = owner_client.get(URL, HTTP_HOST=ALPHA)
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("Order confirmation", "Refund", "Abandoned checkout", "Draft order invoice"):
        assert name in page


def test_the_editor_shows_the_default_and_a_sandboxed_preview(owner_client, shop_a):
    response = owner_client.get(f"{URL}order_confirmation/", HTTP_HOST=ALPHA)
    page = response.content.decode()
    assert response.status_code == 200
    assert "{% blocktranslate" in page  # the default's source, to edit
    assert '<iframe class="preview-frame" id="preview"' in page and 'sandbox=""' in page
    assert "Stoneware mug" in page  # the samples, rendered in the preview
    assert "customer_name" in page  # the variables list


def test_preview_renders_what_is_typed_and_saves_nothing(owner_client, shop_a):
    response = owner_client.post(
        f"{URL}refund/",
        {"action": "preview", "subject": "Money for {{ order.number }}", "body": "<p>Zurück</p>"},
        HTTP_HOST=ALPHA,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Money for #1001" in page and "Zurück" in page
    with schema_context(shop_a.schema_name):
        assert not NotificationTemplate.objects.exists()


def test_save_a_good_template_and_reset_it(owner_client, shop_a):
    response = owner_client.post(
        f"{URL}refund/",
        {"action": "save", "subject": "Refunded {{ amount }}", "body": "<p>Done</p>"},
        HTTP_HOST=ALPHA,
    )
    assert response.status_code == 302
    with schema_context(shop_a.schema_name):
        row = NotificationTemplate.objects.get()
        assert row.subject == "Refunded {{ amount }}" and row.updated_by.is_staff
    assert "Customised" in owner_client.get(URL, HTTP_HOST=ALPHA).content.decode()
    response = owner_client.post(f"{URL}refund/", {"action": "reset"}, HTTP_HOST=ALPHA)
    assert response.status_code == 302
    with schema_context(shop_a.schema_name):
        assert not NotificationTemplate.objects.exists()


def test_a_broken_template_comes_back_with_the_reason_and_the_text_kept(owner_client, shop_a):
    body = "<p>{% include 'account/login.html' %}</p>"
    response = owner_client.post(
        f"{URL}refund/", {"action": "save", "subject": "Hi", "body": body}, HTTP_HOST=ALPHA
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "is not allowed in e-mail templates" in page
    assert "{% include &#x27;account/login.html&#x27; %}" in page  # what was typed, kept
    with schema_context(shop_a.schema_name):
        assert not NotificationTemplate.objects.exists()


def test_send_me_a_test(owner_client, shop_a, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(f"{URL}password_reset/", {"action": "test"}, HTTP_HOST=ALPHA)
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["owner-alpha@example.com"] and mail.subject.startswith("[Test]")


def test_an_unknown_notification_is_a_404(owner_client, shop_a):
    assert owner_client.get(f"{URL}nope/", HTTP_HOST=ALPHA).status_code == 404


def test_staff_without_the_settings_role_cannot_open_it(shop_a):
    shop_staff_account(shop_a, "packer@example.com", permissions=["orders"])
    client = shop_admin_login(Client(), host=ALPHA, email="packer@example.com")
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    refused = client.get(URL, HTTP_HOST=ALPHA)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    response = client.post(
        f"{URL}refund/", {"action": "save", "subject": "x", "body": "y"}, HTTP_HOST=ALPHA
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    with schema_context(shop_a.schema_name):
        assert not NotificationTemplate.objects.exists()


def test_settings_staff_can(shop_a):
    shop_staff_account(shop_a, "ops@example.com", permissions=["settings"])
    client = shop_admin_login(Client(), host=ALPHA, email="ops@example.com")
    assert client.get(URL, HTTP_HOST=ALPHA).status_code == 200


def test_the_preview_cannot_break_out_of_its_frame(owner_client, shop_a):
    """The rendered e-mail is an attribute value: every quote escaped, so a template's
    markup stays inside the sandboxed frame and never becomes the admin page's."""
    body = '<p>"><script>alert(1)</script><img src=x onerror="alert(2)"></p>'
    page = owner_client.post(
        f"{URL}refund/", {"action": "preview", "subject": "x", "body": body}, HTTP_HOST=ALPHA
    ).content.decode()
    frame = page.split('<iframe class="preview-frame"', 1)[1].split("</iframe>", 1)[0]
    assert "<script>alert" not in page
    assert 'srcdoc="&lt;!doctype html&gt;' in frame
    assert "&lt;script&gt;alert(1)" in frame and '"><script>' not in page
