"""Every link a merchant or staff member can enter goes through one validator.

The walk below finds every URL-ish field of every model in a shop's schema (fields
named *url*/*link*/*href*, ``URLField``s, and StreamField blocks of URL type or named
so) and proves each carries ``shops.links.LinkValidator`` and refuses ``javascript:``.
A new field that skips it fails here.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django_tenants.utils import schema_context
from wagtail import blocks
from wagtail.fields import StreamField

from shops.links import LinkValidator, is_safe_link

HOST = "alpha.souk.test"
URLISH = re.compile(r"url|link|href", re.I)
BAD = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/",
    "/\\evil.example/",
    "ftp://files.example/",
]
GOOD = [
    "https://example.com/sale?x=1",
    "http://example.com",
    "/collections/sale/",
    "#faq",
    "mailto:hello@example.com",
    "tel:+44 20 7946 0000",
]

# Wagtail's own fields that hold URLs no merchant types as a link to print:
# the page tree's computed path, and oEmbed results fetched from known providers.
# Wagtail's redirect target is a Django URLField (http, https, ftp; javascript:
# refused, checked below) sent as a Location header, never printed as a link.
NOT_MERCHANT_LINKS = {
    ("wagtailcore", "url_path"),
    ("wagtailembeds.Embed", "url"),
    ("wagtailembeds.Embed", "thumbnail_url"),
}
WAGTAIL_OWN = {("wagtailredirects.Redirect", "redirect_link")}


def _shop_models():
    labels = {name.rsplit(".", 1)[-1] for name in settings.TENANT_APPS}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_config.name in settings.TENANT_APPS or m._meta.app_label in labels
    ]


def _url_fields():
    for model in _shop_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, StreamField):
                continue
            urlish = isinstance(field, models.URLField) or (
                URLISH.search(field.name) and isinstance(field, models.CharField | models.TextField)
            )
            if not urlish:
                continue
            owner = field.model._meta
            if (owner.app_label, field.name) in NOT_MERCHANT_LINKS:
                continue
            if (owner.label, field.name) in NOT_MERCHANT_LINKS:
                continue
            yield model, field


def _url_blocks(block, path=()):
    if isinstance(block, blocks.StructBlock | blocks.StreamBlock):
        for name, child in block.child_blocks.items():
            yield from _url_blocks(child, (*path, name))
    elif isinstance(block, blocks.ListBlock):
        yield from _url_blocks(block.child_block, (*path, "[]"))
    elif isinstance(block, blocks.URLBlock) or (path and URLISH.search(path[-1])):
        yield path, block


def _stream_url_blocks():
    for model in _shop_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, StreamField):
                for path, block in _url_blocks(field.stream_block):
                    yield f"{model._meta.label}.{field.name}.{'.'.join(path)}", block


FIELDS = sorted(
    {f"{m._meta.label}.{f.name}": (m, f) for m, f in _url_fields()}.items(),
    key=lambda item: item[0],
)
BLOCKS = sorted(dict(_stream_url_blocks()).items())


def test_the_walk_finds_the_known_links():
    names = {name for name, _ in FIELDS}
    assert {
        "cms.StorefrontSettings.announcement_link",
        "cms.StorefrontSettings.instagram",
        "orders.Fulfilment.tracking_url",
    } <= names
    paths = {name for name, _ in BLOCKS}
    assert "cms.NavigationSettings.header_menu.item.url" in paths
    assert "cms.NavigationSettings.header_menu.item.children.[].url" in paths
    assert "cms.HomePage.body.hero.button_link.url" in paths
    assert "cms.HomePage.body.video.url" in paths


@pytest.mark.parametrize("name,model_field", FIELDS, ids=[n for n, _ in FIELDS])
def test_every_url_field_of_a_shop_model_is_covered(name, model_field):
    _model, field = model_field
    if (field.model._meta.label, field.name) in WAGTAIL_OWN:
        with pytest.raises(ValidationError):
            field.clean("javascript:alert(1)", None)
        return
    assert any(isinstance(v, LinkValidator) for v in field.validators), name
    for value in BAD:
        with pytest.raises(ValidationError):
            field.clean(value, None)


@pytest.mark.parametrize("name,block", BLOCKS, ids=[n for n, _ in BLOCKS])
def test_every_url_block_of_a_stream_field_is_covered(name, block):
    assert any(isinstance(v, LinkValidator) for v in block.field.validators), name
    for value in BAD:
        try:
            cleaned = block.clean(value)
        except ValidationError:
            continue
        # A URLBlock's form field reads "//host/" as "https://host/": safe, and not
        # what was typed.
        assert cleaned != value and is_safe_link(cleaned), (name, value, cleaned)


@pytest.mark.parametrize("value", BAD)
def test_the_rule_refuses(value):
    assert not is_safe_link(value)


@pytest.mark.parametrize("value", GOOD)
def test_the_rule_accepts(value):
    assert is_safe_link(value)


# --- the announcement bar, end to end -------------------------------------------------
@pytest.fixture
def storefront_settings(shop_a):
    from wagtail.models import Site

    from cms.models import StorefrontSettings

    with schema_context(shop_a.schema_name):
        return StorefrontSettings.for_site(Site.objects.get())


@pytest.mark.django_db
def test_announcement_link_javascript_is_refused_by_full_clean(shop_a, storefront_settings):
    storefront_settings.announcement = "Sale"
    storefront_settings.announcement_link = "javascript:alert(document.cookie)"
    with schema_context(shop_a.schema_name), pytest.raises(ValidationError) as error:
        storefront_settings.full_clean()
    assert "announcement_link" in error.value.message_dict


@pytest.mark.django_db
def test_announcement_link_javascript_is_refused_by_the_admin_form(shop_a, storefront_settings):
    from tests.support.shop_admin import shop_admin_login

    client = shop_admin_login(Client(), host=HOST)
    url = f"/admin/settings/cms/storefrontsettings/{storefront_settings.site_id}/"
    edit = client.get(url, HTTP_HOST=HOST)
    assert edit.status_code == 200
    form = edit.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "site"}
    data.update(announcement="Sale", announcement_link="javascript:alert(document.cookie)")
    response = client.post(url, data, HTTP_HOST=HOST)
    assert response.status_code == 200  # the form again, with the error
    assert "announcement_link" in response.context["form"].errors
    with schema_context(shop_a.schema_name):
        storefront_settings.refresh_from_db()
    assert storefront_settings.announcement_link == ""


@pytest.mark.django_db
def test_a_stored_bad_link_is_never_rendered(shop_a, storefront_settings):
    """Values stored before the rule (or by a raw update) are dropped at render time."""
    from cms.models import NavigationSettings, StorefrontSettings

    with schema_context(shop_a.schema_name):
        StorefrontSettings.objects.filter(pk=storefront_settings.pk).update(
            announcement="Sale",
            announcement_link="javascript:alert(document.cookie)",
            instagram="javascript:alert(2)",
        )
        nav = NavigationSettings.for_site(storefront_settings.site)
        nav.header_menu = [
            {"type": "item", "value": {"label": "Evil", "url": "javascript:alert(3)"}},
            {"type": "item", "value": {"label": "Fine", "url": "/collections/all/"}},
        ]
        NavigationSettings.objects.filter(pk=nav.pk).update(header_menu=nav.header_menu)
    html = Client().get("/collections/all/", HTTP_HOST=HOST).content.decode()
    assert "Sale" in html
    assert "javascript:" not in html.lower()
    assert 'href="/collections/all/"' in html
