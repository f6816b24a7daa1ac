"""The block library merchants compose storefront pages from.

``PageBody`` is the one stream every page type uses, so a block added here is
available everywhere and a theme styles one set of templates (``cms/blocks/*.html``).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blocks.commerce import FeaturedCollectionBlock, FeaturedProductBlock, ProductGridBlock
from cms.blocks.content import (
    CallToActionBlock,
    FAQBlock,
    GalleryBlock,
    HeroBlock,
    ImageWithTextBlock,
    NewsletterBlock,
    RichTextSectionBlock,
    SpacerBlock,
    TestimonialsBlock,
    VideoBlock,
)
from cms.blocks.links import LinkBlock, MenuItemBlock


class PageBody(blocks.StreamBlock):
    hero = HeroBlock()
    rich_text = RichTextSectionBlock()
    image_with_text = ImageWithTextBlock()
    gallery = GalleryBlock()
    product_grid = ProductGridBlock()
    featured_collection = FeaturedCollectionBlock()
    featured_product = FeaturedProductBlock()
    testimonials = TestimonialsBlock()
    faq = FAQBlock()
    newsletter = NewsletterBlock()
    video = VideoBlock()
    call_to_action = CallToActionBlock()
    spacer = SpacerBlock()

    class Meta:
        label = _("Page content")


class MenuBlock(blocks.StreamBlock):
    item = MenuItemBlock()

    class Meta:
        label = _("Menu")


__all__ = ["LinkBlock", "MenuBlock", "MenuItemBlock", "PageBody"]
