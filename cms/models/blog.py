"""The shop's blog: an index page (with an RSS feed) and its posts.

Posts are children of one index, so the URL reads ``/blog/<post>/`` and the
index lists its own live children only: a draft or a scheduled post is never
listed, linked or put in the feed before it goes live.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import PageBody
from cms.models.pages import BlocksPageMixin, SeoFieldsMixin
from shops import addresses

POSTS_PER_PAGE = 12
FEED_ITEMS = 20


class BlogIndexPage(RoutablePageMixin, SeoFieldsMixin, Page):
    intro = models.TextField(_("intro"), max_length=500, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.BlogPage"]
    template = "cms/blog_index_page.html"

    class Meta:
        verbose_name = _("blog")

    def posts(self):
        """Live posts, newest first, with what a listing card shows (no query per post)."""
        return (
            BlogPage.objects.child_of(self)
            .live()
            .public()
            .select_related("cover_image")
            .prefetch_related("tagged_items__tag")
            .order_by("-date", "-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        posts = self.posts()
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            posts = posts.filter(tags__name=tag)
        page_obj = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update({"posts": page_obj.object_list, "page_obj": page_obj, "tag": tag})
        return context

    def feed_url(self, request=None) -> str:
        return self.get_url(request) + "feed/"

    @path("feed/")
    def feed(self, request):
        """RSS 2.0 of the latest live posts, with absolute links on the primary domain."""
        base = addresses.absolute_url(request, "")
        feed = Rss201rev2Feed(
            title=self.seo_title or self.title,
            link=base + self.get_url(request),
            description=self.search_description or self.intro or self.title,
            language="en",
            feed_url=base + self.feed_url(request),
        )
        for post in self.posts()[:FEED_ITEMS]:
            url = base + post.get_url(request)
            feed.add_item(
                title=post.title,
                link=url,
                unique_id=url,
                description=post.intro or strip_tags(post.search_description),
                pubdate=post.first_published_at or timezone.now(),
                author_name=post.author or None,
                categories=[t.name for t in post.tags.all()],
            )
        response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
        feed.write(response, "utf-8")
        return response


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.BlogPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogPage(BlocksPageMixin, SeoFieldsMixin, Page):
    date = models.DateField(_("post date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=120, blank=True)
    intro = models.TextField(
        _("intro"), max_length=500, blank=True, help_text=_("Shown in the blog listing.")
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(PageBody(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("author"), FieldPanel("tags")], heading=_("Post")
        ),
        FieldPanel("intro"),
        FieldPanel("cover_image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.BlogIndexPage"]
    subpage_types: list[str] = []
    template = "cms/blog_page.html"
    og_type = "article"

    @property
    def share_image(self):
        return self.social_image or self.cover_image

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")
