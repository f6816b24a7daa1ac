"""Each page type and each block renders on the storefront."""

from __future__ import annotations

import pytest

from tests.cms.conftest import block, image, publish
from tests.storefront import builders

pytestmark = pytest.mark.django_db


def _every_block(in_a):
    """A body holding one block of each kind, with the rows the blocks point at."""
    with in_a():
        picture = image("Sunrise")
        mug = builders.product(
            "Enamel Mug",
            handle="enamel-mug",
            variants=[{"price": "12.00", "inventory_policy": "continue"}],
        )
        builders.image(mug, alt_text="A blue mug")
        bag = builders.product("Canvas Bag", handle="canvas-bag", variants=[{"price": "30.00"}])
        shelf = builders.collection("Kitchen", handle="kitchen", products=[mug, bag])
    body = [
        block(
            "hero",
            image=picture.pk,
            heading="Hello summer",
            text="Fresh things",
            button_text="Shop now",
            button_link={"url": "/collections/all/"},
            alignment="left",
        ),
        {"type": "rich_text", "value": "<p>Our <b>story</b> so far</p>"},
        block(
            "image_with_text",
            image=picture.pk,
            heading="Made by hand",
            text="<p>In our workshop</p>",
            image_position="right",
            button_text="",
            button_link={},
        ),
        block("gallery", heading="Gallery", images=[{"image": picture.pk, "caption": "Dawn"}]),
        block("product_grid", heading="Picked for you", products=[mug.pk, bag.pk], columns="4"),
        block("product_grid", heading="From the kitchen", collection=shelf.pk, count=1),
        block("featured_collection", collection=shelf.pk, count=2, text="All the kitchen"),
        block("featured_product", product=mug.pk, heading="New this week"),
        block("testimonials", heading="Kind words", items=[{"quote": "Lovely", "author": "Ana"}]),
        block(
            "faq",
            heading="Questions",
            items=[{"question": "Do you ship?", "answer": "<p>Everywhere.</p>"}],
        ),
        block("newsletter", heading="Stay in touch", text="Monthly", button_text="Join"),
        block("video", url="https://youtu.be/dQw4w9WgXcQ", title="Our film", caption=""),
        block(
            "call_to_action",
            heading="Visit us",
            text="Open daily",
            button_text="Find us",
            button_link={"url": "https://maps.example.com/souk"},
        ),
        block("spacer", size="large", divider=True),
    ]
    return body, {"mug": mug, "bag": bag, "shelf": shelf}


EXPECTED = [
    'class="cms-hero',
    "Hello summer",
    'href="/collections/all/"',
    "Our <b>story</b> so far",
    "Made by hand",
    "cms-split--image-right",
    "<figcaption>Dawn</figcaption>",
    "Picked for you",
    "Canvas Bag",
    "From the kitchen",
    "All the kitchen",
    "New this week",
    'action="/cart/add/"',
    "“Lovely”",
    '<summary class="cms-faq__question">Do you ship?</summary>',
    'action="/newsletter/"',
    "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    "Visit us",
    'href="https://maps.example.com/souk"',
    '<hr class="cms-divider">',
]


def test_home_page_renders_every_block(in_a, home_a, get):
    body, rows = _every_block(in_a)
    with in_a():
        home_a.body = body
        home_a.save_revision().publish()
    html = get("/").content.decode()
    for fragment in EXPECTED:
        assert fragment in html, fragment
    # Prices are the products' current ones; the featured product posts its variant.
    assert "12.00" in html and "30.00" in html
    with in_a():
        variant = rows["mug"].variants.get()
    assert f'name="variant_id" value="{variant.pk}"' in html
    assert "cms.css" in html
    # The bag has no stock and stops selling when out: shown as sold out.
    assert "is-sold-out" in html


def test_empty_home_page_shows_the_shop_name_and_intro(in_a, home_a, get):
    with in_a():
        home_a.body = []  # a shop starts with a hero and a product grid; emptied here
        home_a.intro = "Fresh bread daily"
        home_a.save_revision().publish()
    html = get("/").content.decode()
    assert "Alpha Goods" in html and "Fresh bread daily" in html


@pytest.mark.parametrize(
    ("model", "fields", "expected"),
    [
        ("StandardPage", {"intro": "Who we are"}, ["<h1>About</h1>", "Who we are"]),
        ("LandingPage", {}, ["About"]),
        ("FAQPage", {"intro": "Answers"}, ["<h1>About</h1>", "Answers", "cms-faq"]),
    ],
)
def test_content_page_types_render(in_a, home_a, get, model, fields, expected):
    from cms import models

    body = [block("faq", items=[{"question": "Returns?", "answer": "<p>30 days</p>"}])]
    with in_a():
        publish(home_a, getattr(models, model)(title="About", slug="about", body=body, **fields))
    response = get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    for fragment in expected:
        assert fragment in html
    assert "Returns?" in html


def test_unknown_youtube_or_bad_link_values_render_nothing_broken(in_a, home_a, get):
    body = [
        block("video", url="https://example.com/clip", title="x"),
        block("hero", heading="No button", button_text="Go", button_link={}),
    ]
    with in_a():
        home_a.body = body
        home_a.save_revision().publish()
    html = get("/").content.decode()
    assert "<iframe" not in html
    assert "No button" in html and ">Go<" not in html


def test_the_home_page_editor_has_no_field_that_changes_nothing_visible():
    """Shops start with hero and grid blocks: the fallback line is not offered to edit."""
    from cms.models import HomePage

    fields = HomePage.get_edit_handler().get_form_class()._meta.fields
    assert "body" in fields
    assert "intro" not in fields
