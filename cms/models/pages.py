"""Storefront page types built from blocks (each shop's schema).

Every page type composes its content from the one block library
(``cms.blocks.PageBody``) and carries the SEO fields Wagtail gives every page
(title tag, meta description) plus a picture for social sharing. Before rendering,
a page loads every product and collection its blocks show in one go
(``cms.selectors.page_catalog``), so grids and featured products cost the same
number of queries however many products they show.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import selectors
from cms.blocks import PageBody

# Where content pages may live: under the home page or under a standard page.
CONTENT_PARENTS = ["cms.HomePage", "cms.StandardPage"]


class SeoFieldsMixin(models.Model):
    """A picture for Open Graph/Twitter cards; the site's default SEO image otherwise.

    Also where the merchant says whether a page joins the main menu: Wagtail's
    ``show_in_menus``, ticked by default on every storefront page type (pages at the
    top level join the header menu when first published: ``cms.services.menu_page_join``).
    """

    show_in_menus_default = True

    social_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared. Defaults to the shop's SEO image."),
    )

    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading=_("For search engines"),
        ),
        MultiFieldPanel(
            [
                FieldPanel(
                    "show_in_menus",
                    heading=_("Add to the main menu"),
                    help_text=_(
                        "A page directly under the home page joins the shop's main menu "
                        "when it is first published. Untick to keep it out (Content → Menus "
                        "edits the menu)."
                    ),
                )
            ],
            heading=_("Main menu"),
        ),
        FieldPanel("social_image"),
    ]

    class Meta:
        abstract = True

    og_type = "website"

    @property
    def share_image(self):
        """The page's own sharing picture, if any (templates fall back to the shop's)."""
        return self.social_image


class BlocksPageMixin:
    """Gives the template the catalog rows of every block, loaded once for the page."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_catalog"] = selectors.page_catalog(selectors.stream_blocks(self.body))
        return context


class HomePage(BlocksPageMixin, SeoFieldsMixin, Page):  # noqa: DJ008 - Page has __str__
    """The shop's front page: the root of its Wagtail Site.

    ``intro`` is the line under the shop's name while the page has no blocks. It is not
    in the editor: every shop starts with a hero and a product grid (``cms.shop_setup``),
    whose texts are what the front page shows, and a field that changes nothing visible
    misleads. Shops made before the blocks keep their stored line.
    """

    intro = models.CharField(_("intro"), max_length=255, blank=True)
    body = StreamField(PageBody(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.StandardPage",
        "cms.LandingPage",
        "cms.BlogIndexPage",
        "cms.ContactPage",
        "cms.FAQPage",
    ]
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("home page")


class StandardPage(BlocksPageMixin, SeoFieldsMixin, Page):  # noqa: DJ008 - Page has __str__
    """An ordinary content page (About us, Shipping, Our story), with its title shown."""

    intro = models.TextField(_("intro"), max_length=500, blank=True)
    body = StreamField(PageBody(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = CONTENT_PARENTS
    subpage_types = ["cms.StandardPage", "cms.ContactPage", "cms.FAQPage"]
    template = "cms/standard_page.html"

    class Meta:
        verbose_name = _("content page")


class LandingPage(BlocksPageMixin, SeoFieldsMixin, Page):  # noqa: DJ008 - Page has __str__
    """A campaign page: blocks edge to edge, no page heading; the hero is the heading."""

    body = StreamField(PageBody(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = CONTENT_PARENTS
    subpage_types: list[str] = []
    template = "cms/landing_page.html"

    class Meta:
        verbose_name = _("landing page")


class FAQPage(BlocksPageMixin, SeoFieldsMixin, Page):  # noqa: DJ008 - Page has __str__
    """Frequently asked questions: FAQ accordion blocks, and anything else around them."""

    intro = models.TextField(_("intro"), max_length=500, blank=True)
    body = StreamField(PageBody(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = CONTENT_PARENTS
    subpage_types: list[str] = []
    template = "cms/faq_page.html"

    class Meta:
        verbose_name = _("FAQ page")
