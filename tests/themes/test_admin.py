"""The shop admin's theme pages: choose, tune with a live preview, publish."""

import json
import re
from html import unescape

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from themes.models import ThemeSettings
from themes.selectors import PREVIEW_PARAM, preview_token


def preview_src(html: str) -> str:
    return unescape(
        re.search(r'data-preview-frame data-preview-query="[^"]*" src="([^"]+)"', html).group(1)
    )


def test_theme_list_shows_every_theme_and_the_live_one(admin_a):
    html = admin_a.get("/admin/theme/").content.decode()
    for title in ("Minimal", "Boutique", "Bold", "Base"):
        assert f'class="theme-card__title">{title}' in html
    assert 'theme-card theme-card--live" data-theme="base"' in html


def test_edit_page_shows_the_schema_as_a_form_and_a_preview_frame(admin_a):
    html = admin_a.get("/admin/theme/bold/").content.decode()
    assert 'type="color" name="color_primary" value="#e11d48"' in html
    assert '<select name="header_layout"' in html
    assert 'type="number" name="grid_columns" value="3" min="2" max="5" step="1"' in html
    assert "Products per row" in html and "Colours" in html
    assert f"/?{PREVIEW_PARAM}=" in preview_src(html)


def form_values(theme="bold", **changes):
    from themes.registry import get_theme

    values = {
        k: ("on" if v is True else v)
        for k, v in get_theme(theme).defaults.items()
        if v is not False
    }
    values.update(changes)
    return values


def test_draft_is_seen_in_the_preview_only_and_publish_makes_it_live(
    admin_a, shop_a, django_capture_on_commit_callbacks
):
    shopper = Client(HTTP_HOST="alpha.souk.test")
    response = admin_a.post(
        "/admin/theme/bold/", {**form_values(color_primary="#123456"), "action": "draft"}
    )
    assert response.status_code == 302
    src = preview_src(admin_a.get("/admin/theme/bold/").content.decode())
    preview = admin_a.get(src)
    assert "--color-primary:#123456" in preview.content.decode()
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in preview["Cache-Control"]
    # The same link without a staff session: the published storefront.
    assert "#123456" not in shopper.get(src).content.decode()
    assert "theme-base" in shopper.get("/").content.decode()
    # Publish (the cached theme is dropped on commit).
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_a.post(
            "/admin/theme/bold/", {**form_values(color_primary="#123456"), "action": "publish"}
        )
    assert response.status_code == 302
    page = shopper.get("/").content.decode()
    assert "theme-bold" in page and "--color-primary:#123456" in page


def test_live_preview_endpoint_answers_json(admin_a, shop_a):
    ok = admin_a.post(
        "/admin/theme/minimal/",
        {**form_values("minimal", radius="4"), "action": "draft"},
        HTTP_ACCEPT="application/json",
    )
    assert ok.status_code == 200 and json.loads(ok.content) == {"ok": True}
    bad = admin_a.post(
        "/admin/theme/minimal/",
        {**form_values("minimal", radius="5", color_text="black"), "action": "draft"},
        HTTP_ACCEPT="application/json",
    )
    assert bad.status_code == 400
    errors = json.loads(bad.content)["errors"]
    assert set(errors) == {"radius", "color_text"}
    with schema_context(shop_a.schema_name):
        assert ThemeSettings.objects.get(theme="minimal").draft["radius"] == 4


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("color_primary", "#zzzzzz", "six hexadecimal digits"),
        ("grid_columns", "12", "from 2 to 5"),
        ("font_body", "wingdings", "Choose one of"),
        ("footer_note", "<b>hi</b>", "Remove the characters"),
    ],
)
def test_bad_values_in_the_form_are_shown_and_nothing_is_saved(
    admin_a, shop_a, field, value, message
):
    response = admin_a.post(
        "/admin/theme/bold/", {**form_values(**{field: value}), "action": "publish"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert message in unescape(html)
    with schema_context(shop_a.schema_name):
        assert not ThemeSettings.objects.exists()


def test_switching_theme_from_the_list_and_back(
    admin_a, shop_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_a.post(
            "/admin/theme/boutique/",
            {**form_values("boutique", color_primary="#0000aa"), "action": "publish"},
        )
        admin_a.post("/admin/theme/bold/activate/")
    shopper = Client(HTTP_HOST="alpha.souk.test")
    assert "theme-bold" in shopper.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        admin_a.post("/admin/theme/boutique/activate/")
    page = shopper.get("/").content.decode()
    assert "theme-boutique" in page and "--color-primary:#0000aa" in page


def test_unknown_theme_is_a_404(admin_a):
    assert admin_a.get("/admin/theme/nope/").status_code == 404
    assert admin_a.post("/admin/theme/nope/activate/").status_code == 404


def test_shoppers_and_staff_without_permission_are_kept_out(shop_a):
    with schema_context(shop_a.schema_name):
        User.objects.create_user(email="shopper@example.com", password="correct-horse-9")
        User.objects.create_user(
            email="clerk@example.com", password="correct-horse-9", is_staff=True
        )
    anonymous = Client(HTTP_HOST="alpha.souk.test")
    assert "/admin/login/" in anonymous.get("/admin/theme/")["Location"]
    for email in ("shopper@example.com", "clerk@example.com"):
        client = Client(HTTP_HOST="alpha.souk.test")
        client.post("/admin/login/", {"username": email, "password": "correct-horse-9"})
        client.post("/admin/theme/bold/activate/")
        client.post("/admin/theme/bold/", {**form_values(), "action": "publish"})
        assert client.get("/admin/theme/").status_code in (302, 403)
        # A preview link needs permission too.
        with schema_context(shop_a.schema_name):
            token = preview_token("bold")
        assert "theme-bold" not in client.get(f"/?{PREVIEW_PARAM}={token}").content.decode()
    with schema_context(shop_a.schema_name):
        assert not ThemeSettings.objects.exists()


def test_shop_a_staff_cannot_change_or_preview_shop_b(admin_a, shop_a, shop_b):
    # A's session means nothing on B's host: every write there goes to B's login page.
    other = Client(HTTP_HOST="beta.souk.test")
    other.cookies = admin_a.cookies
    response = other.post("/admin/theme/bold/", {**form_values(), "action": "publish"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    other.post("/admin/theme/bold/activate/")
    with schema_context(shop_b.schema_name):
        assert not ThemeSettings.objects.exists()
    assert "theme-base" in other.get("/").content.decode()


def test_a_preview_token_of_one_shop_is_refused_by_another(shop_a, shop_b, admin_b):
    with schema_context(shop_a.schema_name):
        token = preview_token("bold")
    with schema_context(shop_b.schema_name):
        ThemeSettings.objects.create(
            theme="bold", draft={"color_primary": "#abcdef"}, has_draft=True
        )
    page = admin_b.get(f"/?{PREVIEW_PARAM}={token}").content.decode()
    assert "theme-bold" not in page and "#abcdef" not in page
    with schema_context(shop_b.schema_name):
        own = preview_token("bold")
    assert "#abcdef" in admin_b.get(f"/?{PREVIEW_PARAM}={own}").content.decode()


def test_the_editor_frame_may_show_a_page_reached_without_the_preview_token(
    admin_a, shop_a, admin_b
):
    """The redirect after a POST in the preview frame drops the token; the page it lands
    on must still be frameable by the shop's own admin, so the editor can put the
    token back. Nobody else gets framing: shoppers, other shops' staff, non-frames."""
    frame = {"HTTP_SEC_FETCH_DEST": "iframe"}
    staff = admin_a.get("/cart/", **frame)
    assert staff["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in staff["Cache-Control"]
    assert admin_a.get("/cart/")["X-Frame-Options"] == "DENY"
    shopper = Client(HTTP_HOST="alpha.souk.test")
    assert shopper.get("/cart/", **frame)["X-Frame-Options"] == "DENY"
    # Staff of shop B, logged in on B, have no session on A's host: DENY there.
    admin_b.defaults["HTTP_HOST"] = "alpha.souk.test"
    assert admin_b.get("/cart/", **frame)["X-Frame-Options"] == "DENY"


def test_a_redirect_answering_a_preview_request_keeps_the_token(admin_a, shop_a):
    """ "Add to cart" posted from the preview frame lands on the cart still previewing;
    the same request without a staff session gets a plain redirect."""
    src = preview_src(admin_a.get("/admin/theme/bold/").content.decode())
    token = src.split(f"{PREVIEW_PARAM}=")[1]
    url = f"/cart/add/?{PREVIEW_PARAM}={token}"
    staff = admin_a.post(url, {"variant_id": "999999", "quantity": "1"})
    assert staff.status_code == 302
    assert f"{PREVIEW_PARAM}=" in staff["Location"]
    assert staff["Location"].startswith("/")
    shopper = Client(HTTP_HOST="alpha.souk.test").post(
        url, {"variant_id": "999999", "quantity": "1"}
    )
    assert shopper.status_code == 302
    assert PREVIEW_PARAM not in shopper["Location"]
