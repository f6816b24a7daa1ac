"""Over HTTP, shop B's host never serves or edits shop A's data."""

from tests.support.shop_admin import shop_admin_login


def _login(client, shop, email):
    shop_admin_login(client, host=f"{shop.subdomain}.souk.test", email=email)


def test_a_page_is_served_on_a_only(two_shops, client):
    url = two_shops["a_page_url"]
    assert client.get(url, HTTP_HOST="alpha.souk.test").status_code == 200
    response = client.get(url, HTTP_HOST="beta.souk.test")
    assert response.status_code == 404
    assert "Alpha secret sale" not in response.content.decode()


def test_b_admin_cannot_open_or_edit_a_page(two_shops, client):
    b = two_shops["b"]
    _login(client, b, f"owner-{b.subdomain}@example.com")
    page_id = two_shops["a_page_id"]
    assert (
        client.get(f"/admin/pages/{page_id}/edit/", HTTP_HOST="beta.souk.test").status_code == 404
    )
    response = client.post(
        f"/admin/pages/{page_id}/edit/",
        {"title": "pwned", "slug": "pwned"},
        HTTP_HOST="beta.souk.test",
    )
    assert response.status_code == 404
    search = client.get("/admin/pages/search/?q=secret", HTTP_HOST="beta.souk.test")
    assert search.status_code == 200
    assert "Alpha secret sale" not in search.content.decode()


def test_a_owner_credentials_do_not_open_b_admin(two_shops, client):
    a = two_shops["a"]
    response = client.post(
        "/admin/login/",
        {"username": f"owner-{a.subdomain}@example.com", "password": "correct-horse-9"},
        HTTP_HOST="beta.souk.test",
    )
    assert response.status_code == 200  # the sign-in page again: no password opens a shop
    assert client.get("/admin/", HTTP_HOST="beta.souk.test").status_code == 302
