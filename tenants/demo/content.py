"""Storefront content for the demo shops: a composed home page, about, blog, FAQ, contact, menus.

``seed_content`` is a ``seed_demo`` step (``SHOP_STEPS``), run inside a shop's schema
after its catalogue. Pages are made and published as the admin would (a revision,
then publish), so they have a history and show up in the page explorer. Idempotent:
a shop that already has a blog is left alone, so a merchant's edits survive
re-running ``make run``.
"""

# ruff: noqa: E501 - the demo shops' prose reads better unwrapped
from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Site

from catalog.models import Collection
from cms.models import (
    BlogIndexPage,
    BlogPage,
    ContactFormField,
    ContactPage,
    FAQPage,
    HomePage,
    StandardPage,
)
from cms.services import navigation_settings_update, storefront_settings_update
from demo.banners import banner_jpeg

TEXT = {
    "harbour": {
        "hero": (
            "Roasted on the quay, every Tuesday",
            "Small-batch coffee from farms we know by name, shipped the day it leaves the roaster.",
        ),
        "story": (
            "A roastery by the water",
            "<p>We started with a second-hand five-kilo roaster in a net loft on the harbour. Ten years on the roaster is bigger, the loft is still ours, and every bag still carries the date it was roasted.</p>",
        ),
        "quotes": [
            (
                "The Kenyan is the best cup I've had outside Nairobi.",
                "Amina K.",
                "Subscriber since 2021",
            ),
            ("Arrived two days after roasting. You can taste it.", "Jonas P.", "Oslo"),
            ("Their brewing guide fixed my mornings.", "Claire D.", "Home barista"),
        ],
        "about": "<p>Harbour Coffee Roasters is six people, one roaster and a lot of cupping spoons. We buy green coffee directly where we can, pay above the market for it, and roast in small batches so nothing sits on a shelf.</p><h2>How we roast</h2><p>Light enough to taste where a coffee comes from, developed enough to be sweet. Every lot is cupped three times before it gets a name on our list.</p>",
        "posts": [
            (
                "A visit to Gatomboya",
                ["origins", "kenya"],
                "Mina Haddad",
                "What a week at a washing station in Nyeri taught us about patience.",
            ),
            (
                "Five mistakes with a pour-over",
                ["brewing", "guides"],
                "Tom Reyes",
                "Grind, water, timing: small changes that make a big cup.",
            ),
            (
                "Why we date every bag",
                ["roasting"],
                "Mina Haddad",
                "Freshness is not a slogan: it is a date on the label.",
            ),
        ],
        "faq": [
            (
                "When do you roast?",
                "<p>Every Tuesday and Friday. Orders placed by Monday night ship on Tuesday afternoon.</p>",
            ),
            (
                "Whole bean or ground?",
                "<p>Whole bean keeps best. If you choose ground, tell us how you brew and we grind for it.</p>",
            ),
            (
                "Do you ship abroad?",
                "<p>Yes, to most of Europe. Shipping costs are shown at checkout before you pay.</p>",
            ),
            (
                "Can I return coffee?",
                "<p>If a bag is not right, write to us within 30 days and we will replace it or refund you.</p>",
            ),
        ],
        "announcement": "Free shipping on orders over 40 — roasted this Tuesday",
        "email": "hello@harbour.example",
        "phone": "+44 20 7946 0958",
        "address": "Quay Street 4\nHarbourtown",
    },
    "atlas": {
        "hero": (
            "Honest gear for long walks",
            "Packs, layers and boots we have carried up real hills before they reach our shelves.",
        ),
        "story": (
            "Tested on the trail",
            "<p>Everything we sell has done at least a season with one of us. If it failed, it is not here. If it is here, we know how to fix it when it wears.</p>",
        ),
        "quotes": [
            (
                "My Ridge 28 has done four summers and looks it, in a good way.",
                "Sam O.",
                "Munros, 2022–2025",
            ),
            ("They talked me out of the expensive jacket. Right call.", "Lea M.", "Weekend walker"),
            ("Boots fitted over the phone, perfect first time.", "Rui A.", "Camino de Santiago"),
        ],
        "about": "<p>Atlas Outfitters began as two friends lending kit to other friends. We now sell it, but the rule is the same: only what we would lend.</p><h2>Repairs, not replacements</h2><p>Bring us a torn pack or a tired zip: we fix it at cost, because the greenest jacket is the one you already own.</p>",
        "posts": [
            (
                "Packing for a winter day hike",
                ["winter", "guides"],
                "Sam Ortega",
                "Layers, light and a flask: our cold-weather checklist.",
            ),
            (
                "Breaking in boots without blisters",
                ["footwear", "guides"],
                "Lea Moreau",
                "A week of short walks saves a month of plasters.",
            ),
            (
                "Our repair bench, one year on",
                ["repairs"],
                "Sam Ortega",
                "Three hundred zips, ninety packs and what they taught us.",
            ),
        ],
        "faq": [
            (
                "How do I choose a pack size?",
                "<p>Day walks: 20–30 litres. Overnight: 35–45. Longer trips: 50 and up. Ask us — we answer every email.</p>",
            ),
            (
                "Do boots come in half sizes?",
                "<p>Whole EU sizes only; if you are between sizes, go up and use a thicker sock.</p>",
            ),
            (
                "Can I return used gear?",
                "<p>Unused within 30 days for a refund; used gear with a fault, any time for a repair.</p>",
            ),
            (
                "Do you repair other brands?",
                "<p>Yes. Bring it in or post it and we will quote before we start.</p>",
            ),
        ],
        "announcement": "Winter repairs: 20% off labour until March",
        "email": "hello@atlas.example",
        "phone": "+44 131 496 0123",
        "address": "3 Bridge Row\nHighfield",
    },
}


def _block(kind, **value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def _picture(scene, seed, title, size=(1600, 700)):
    data = banner_jpeg(scene, seed=seed, size=size)
    return get_image_model().objects.create(
        title=title, file=ContentFile(data, name=f"{scene}-{seed}.jpg")
    )


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def seed_content(*, shop, demo, stdout) -> None:
    """Compose the demo shop's pages, settings and menus (skipped if it has a blog)."""
    if BlogIndexPage.objects.exists():
        return
    key = demo["catalog"] if demo.get("catalog") in TEXT else "harbour"
    text = TEXT[key]
    with transaction.atomic():
        pages = _compose(shop=shop, demo=demo, key=key, text=text)
        _settings(text=text, pages=pages)
    stdout.write(f"  {demo['name']}: home page, about, blog with 3 posts, FAQ, contact, menus")


def _compose(*, shop, demo, key, text):
    collections = list(Collection.objects.published().order_by("id"))
    picks = next((c for c in collections if c.kind == Collection.Kind.MANUAL), None)
    featured = next((c for c in collections if c.kind == Collection.Kind.AUTOMATIC), None)
    hero = _picture(key, "home", f"{demo['name']} banner")
    story = _picture(key, "story", "Our story", size=(900, 700))
    home = HomePage.objects.get()

    about = _publish(
        home,
        StandardPage(
            title="About us",
            slug="about",
            intro=demo.get("intro", ""),
            search_description=f"The story of {demo['name']}.",
            body=[
                {"type": "rich_text", "value": text["about"], "id": str(uuid.uuid4())},
                _block(
                    "image_with_text",
                    image=story.pk,
                    heading=text["story"][0],
                    text=text["story"][1],
                    image_position="right",
                ),
                _block(
                    "call_to_action",
                    heading="Questions? Write to us",
                    text="We answer every message within a working day.",
                    button_text="Contact us",
                    button_link={"url": "/contact/"},
                ),
            ],
        ),
    )
    journal = _publish(
        home,
        BlogIndexPage(
            title="Journal", slug="journal", intro="News, guides and stories from the shop."
        ),
    )
    for n, (title, tags, author, intro) in enumerate(text["posts"]):
        post = BlogPage(
            title=title,
            slug=slugify(title)[:50],
            date=date(2026, 10, 1) - timedelta(days=18 * n),
            author=author,
            intro=intro,
            cover_image=_picture(key, f"post{n}", title, size=(1200, 750)),
            body=[
                {
                    "type": "rich_text",
                    "id": str(uuid.uuid4()),
                    "value": f"<p>{intro}</p><p>{demo.get('body', '')}</p>",
                }
            ],
        )
        post.tags.add(*tags)
        _publish(journal, post)
    faq = _publish(
        home,
        FAQPage(
            title="FAQ",
            slug="faq",
            intro="Shipping, returns and everything else.",
            body=[
                _block(
                    "faq", heading="", items=[{"question": q, "answer": a} for q, a in text["faq"]]
                )
            ],
        ),
    )
    contact = ContactPage(
        title="Contact",
        slug="contact",
        intro="<p>Questions about an order, a product or a visit? Send us a note.</p>",
        thank_you_text="<p>Thank you — we will reply within a working day.</p>",
        to_address=demo.get("owner_email", ""),
        subject=f"Message from {demo['name']} contact page",
    )
    contact.form_fields = [
        ContactFormField(label="Your name", field_type="singleline", required=True),
        ContactFormField(label="Email", field_type="email", required=True),
        ContactFormField(label="Message", field_type="multiline", required=True),
    ]
    _publish(home, contact)

    heading, lead = text["hero"]
    body = [
        _block(
            "hero",
            image=hero.pk,
            heading=heading,
            text=lead,
            button_text="Shop all",
            button_link={"url": "/collections/all/"},
            alignment="left",
        )
    ]
    if picks is not None:
        body.append(
            _block("product_grid", heading=picks.title, collection=picks.pk, count=4, columns="4")
        )
    if featured is not None:
        body.append(_block("featured_collection", collection=featured.pk, count=3))
    body += [
        _block(
            "image_with_text",
            image=story.pk,
            heading=text["story"][0],
            text=text["story"][1],
            image_position="left",
            button_text="Our story",
            button_link={"page": about.pk},
        ),
        _block(
            "testimonials",
            heading="What customers say",
            items=[{"quote": q, "author": a, "role": r} for q, a, r in text["quotes"]],
        ),
        _block(
            "newsletter",
            heading="Letters from the shop",
            text="New arrivals and guides, once a month. No spam, unsubscribe any time.",
            button_text="Subscribe",
        ),
    ]
    home.intro = demo.get("intro", home.intro)
    home.body = body
    home.search_description = demo.get("intro", "")
    home.save_revision().publish()
    return {
        "home": home,
        "about": about,
        "journal": journal,
        "faq": faq,
        "contact": contact,
        "hero": hero,
        "collections": collections,
    }


def _item(label="", children=(), **target):
    return {
        "type": "item",
        "id": str(uuid.uuid4()),
        "value": {"label": label, **target, "children": list(children)},
    }


def _settings(*, text, pages):
    site = Site.objects.get(is_default_site=True)
    storefront_settings_update(
        site=site,
        announcement=text["announcement"],
        announcement_link="/collections/all/",
        contact_email=text["email"],
        contact_phone=text["phone"],
        address=text["address"],
        instagram="https://instagram.com/souk.demo",
        facebook="https://facebook.com/souk.demo",
        default_seo_image=pages["hero"],
    )
    shop_links = [{"collection": c.pk} for c in pages["collections"][:4]]
    navigation_settings_update(
        site=site,
        header_menu=[
            _item("Shop", shop_links, url="/collections/all/"),
            _item(page=pages["about"].pk),
            _item(page=pages["journal"].pk),
            _item(page=pages["faq"].pk),
            _item(page=pages["contact"].pk),
        ],
        footer_menu=[
            _item("Shop", [{"label": "All products", "url": "/collections/all/"}, *shop_links]),
            _item("About", [{"page": pages["about"].pk}, {"page": pages["journal"].pk}]),
            _item(
                "Help",
                [
                    {"page": pages["faq"].pk},
                    {"page": pages["contact"].pk},
                    {"label": "Search", "url": "/search/"},
                ],
            ),
        ],
    )
