"""Sessions live per schema: shop A's session cookie is nothing on shop B's host."""

from django.conf import settings
from django_tenants.utils import schema_context

from tests.support.shop_admin import shop_admin_login
from tests.support.two_factor import force_login_verified


def test_session_cookie_of_a_is_anonymous_on_b(two_shops, client):
    a = two_shops["a"]
    shop_admin_login(client, host="alpha.souk.test")
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/admin/", HTTP_HOST="alpha.souk.test").status_code == 200

    # The same cookie presented to shop B: anonymous, sent to B's login page.
    response = client.get("/admin/", HTTP_HOST="beta.souk.test")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

    from django.contrib.sessions.models import Session

    with schema_context(two_shops["b"].schema_name):
        assert not Session.objects.filter(session_key=session_key).exists()
    with schema_context(a.schema_name):
        assert Session.objects.filter(session_key=session_key).exists()


def test_platform_session_is_nothing_in_a_shop(two_shops, client, django_user_model):
    root = django_user_model.objects.create_superuser(
        email="root@souk.test", password="root-pass-123"
    )
    # Staff log in on the platform's /login/ and pass a second factor (2FA tests).
    force_login_verified(client, root)
    assert client.get("/django-admin/", HTTP_HOST="souk.test").status_code == 200
    assert client.get("/admin/", HTTP_HOST="alpha.souk.test").status_code == 302
