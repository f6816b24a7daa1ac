"""Blocks that hold the merchant's words and pictures (no catalog rows).

Every block renders a template under ``cms/blocks/`` in the theme, so a theme can
restyle or restructure any of them; the base templates use only the CSS custom
properties every theme sets (``cms.css``).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from cms.blocks.links import OptionalLinkBlock
from shops.links import validate_web_address

RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr", "document-link"]


class HeroBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Background image"), required=False)
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    button_text = blocks.CharBlock(label=_("Button text"), max_length=40, required=False)
    button_link = OptionalLinkBlock(label=_("Button link"))
    alignment = blocks.ChoiceBlock(
        label=_("Text position"),
        choices=[("left", _("Left")), ("center", _("Centre"))],
        default="left",
    )

    class Meta:
        icon = "image"
        label = _("Hero banner")
        template = "cms/blocks/hero.html"


class RichTextSectionBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Rich text")
        template = "cms/blocks/rich_text.html"


class ImageWithTextBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_FEATURES, required=False)
    image_position = blocks.ChoiceBlock(
        label=_("Image position"),
        choices=[("left", _("Left")), ("right", _("Right"))],
        default="left",
    )
    button_text = blocks.CharBlock(label=_("Button text"), max_length=40, required=False)
    button_link = OptionalLinkBlock(label=_("Button link"))

    class Meta:
        icon = "doc-full"
        label = _("Image with text")
        template = "cms/blocks/image_with_text.html"


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), max_length=160, required=False)


class GalleryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    images = blocks.ListBlock(GalleryImageBlock(), label=_("Images"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Image gallery")
        template = "cms/blocks/gallery.html"


class TestimonialBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    author = blocks.CharBlock(label=_("Name"), max_length=80)
    role = blocks.CharBlock(label=_("Where from / role"), max_length=80, required=False)


class TestimonialsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    items = blocks.ListBlock(TestimonialBlock(), label=_("Testimonials"), min_num=1)

    class Meta:
        icon = "openquote"
        label = _("Testimonials")
        template = "cms/blocks/testimonials.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_FEATURES)


class FAQBlock(blocks.StructBlock):
    """Questions as ``<details>``/``<summary>``: they open and close without JavaScript."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    items = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("FAQ accordion")
        template = "cms/blocks/faq.html"


class NewsletterBlock(blocks.StructBlock):
    """A sign-up form posting to ``cms:newsletter``; sign-ups are kept in the shop's schema."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, default=_("Join our newsletter"))
    text = blocks.TextBlock(label=_("Text"), max_length=300, required=False)
    button_text = blocks.CharBlock(label=_("Button text"), max_length=40, default=_("Subscribe"))

    class Meta:
        icon = "mail"
        label = _("Newsletter sign-up")
        template = "cms/blocks/newsletter.html"


# Video hosts we can embed without asking them anything at render time (no oEmbed
# fetch: tests and offline shops have no internet, and a page must not wait on a
# third party to render). The nocookie YouTube host sets no cookie until play.
_VIDEO_PATTERNS = [
    (
        re.compile(r"^https?://(?:www\.|m\.)?youtube\.com/watch\?(?:.*&)?v=([\w-]{6,20})"),
        "https://www.youtube-nocookie.com/embed/{}",
    ),
    (re.compile(r"^https?://youtu\.be/([\w-]{6,20})"), "https://www.youtube-nocookie.com/embed/{}"),
    (
        re.compile(r"^https?://(?:www\.)?youtube\.com/(?:embed|shorts)/([\w-]{6,20})"),
        "https://www.youtube-nocookie.com/embed/{}",
    ),
    (re.compile(r"^https?://(?:www\.)?vimeo\.com/(\d{4,12})"), "https://player.vimeo.com/video/{}"),
    (
        re.compile(r"^https?://player\.vimeo\.com/video/(\d{4,12})"),
        "https://player.vimeo.com/video/{}",
    ),
]


def video_embed_url(url: str) -> str | None:
    """The player URL for a YouTube or Vimeo page URL, or None if it is neither."""
    for pattern, template in _VIDEO_PATTERNS:
        match = pattern.match(url.strip())
        if match:
            return template.format(match.group(1))
    return None


class VideoValue(blocks.StructValue):
    @property
    def embed_url(self) -> str | None:
        return video_embed_url(self.get("url") or "")


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        validators=[validate_web_address],
        label=_("Video address"),
        help_text=_("A YouTube or Vimeo link, as you would share it."),
    )
    title = blocks.CharBlock(
        label=_("Title"), max_length=120, help_text=_("Read out by screen readers.")
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=200, required=False)

    def clean(self, value):
        value = super().clean(value)
        if video_embed_url(value.get("url") or "") is None:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Use a YouTube or Vimeo link, e.g. https://youtu.be/…")
                    )
                }
            )
        return value

    class Meta:
        icon = "media"
        label = _("Video")
        template = "cms/blocks/video.html"
        value_class = VideoValue


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), max_length=300, required=False)
    button_text = blocks.CharBlock(label=_("Button text"), max_length=40)
    button_link = OptionalLinkBlock(label=_("Button link"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "cms/blocks/call_to_action.html"


class SpacerBlock(blocks.StructBlock):
    size = blocks.ChoiceBlock(
        label=_("Space"),
        choices=[("small", _("Small")), ("medium", _("Medium")), ("large", _("Large"))],
        default="medium",
    )
    divider = blocks.BooleanBlock(label=_("Show a line"), required=False, default=False)

    class Meta:
        icon = "horizontalrule"
        label = _("Spacer / divider")
        template = "cms/blocks/spacer.html"
