"""Theme assets ship with hashed names (whitenoise's manifest storage, as production
uses), the storefront links those names, and whitenoise serves them as immutable."""

import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

PRODUCTION_STATIC = {
    "default": {"BACKEND": "shops.storage.ShopFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STATIC):
        # Only the themes' files: the admin's are Wagtail's business and slow to compress.
        call_command(
            "collectstatic",
            interactive=False,
            verbosity=0,
            ignore_patterns=["wagtail*", "admin", "django_extensions", "rest_framework"],
        )
    return root


def test_collectstatic_hashes_theme_assets(collected):
    for name in (
        "base/storefront",
        "base/cms",
        "minimal/minimal",
        "boutique/boutique",
        "bold/bold",
    ):
        hashed = list(
            (collected / "themes" / name.split("/")[0]).glob(f"{name.split('/')[1]}.*.css")
        )
        assert [p for p in hashed if re.search(r"\.[0-9a-f]{12}\.css$", p.name)], name
        assert list(
            (collected / "themes" / name.split("/")[0]).glob(f"{name.split('/')[1]}.*.css.gz")
        )
    fonts = list((collected / "themes/base/fonts/inter").glob("400.*.woff2"))
    assert fonts and re.search(r"400\.[0-9a-f]{12}\.woff2$", fonts[0].name)


def test_storefront_links_hashed_names_served_as_immutable(collected, shop_a, committed):
    from django_tenants.utils import schema_context

    from themes.services import theme_publish

    with schema_context(shop_a.schema_name):
        committed(theme_publish, theme="boutique", values={})
    with override_settings(
        STATIC_ROOT=collected,
        STORAGES=PRODUCTION_STATIC,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
        DEBUG=False,
    ):
        html = Client(HTTP_HOST="alpha.souk.test").get("/").content.decode()
        css = re.search(r'href="(/static/themes/boutique/boutique\.[0-9a-f]{12}\.css)"', html)
        font = re.search(
            r'url\("(/static/themes/base/fonts/karla/400\.[0-9a-f]{12}\.woff2)"\)', html
        )
        assert css and font, html[:2000]
        assert re.search(r'href="/static/themes/base/storefront\.[0-9a-f]{12}\.css"', html)
        assert re.search(r'href="/static/themes/base/cms\.[0-9a-f]{12}\.css"', html)

        from whitenoise.middleware import WhiteNoiseMiddleware

        whitenoise = WhiteNoiseMiddleware(lambda request: None)
        whitenoise.add_files(str(collected), prefix="static/")
        for url in (css.group(1), font.group(1)):
            static_file = whitenoise.files[url]
            headers = dict(static_file.get_response("GET", {}).headers)
            assert "immutable" in headers["Cache-Control"]
            assert "max-age=315360000" in headers["Cache-Control"]
