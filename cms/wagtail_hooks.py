"""The shop admin's newsletter list: search, delete, export as CSV or Excel.

A plain ``ModelViewSet`` (no add or edit: addresses come from shoppers). The
listing and export read the shop's own schema like every other admin view.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from cms.models import NewsletterSignup
from cms.storefront_chrome_cache import invalidate_storefront_chrome


class NewsletterSignupViewSet(ModelViewSet):
    model = NewsletterSignup
    icon = "mail"
    menu_label = _("Newsletter")
    menu_order = 250
    add_to_admin_menu = True
    name = "newsletter"
    list_display = ["email", "source", "created_at"]
    list_export = ["email", "source", "created_at"]
    export_filename = "newsletter-signups"
    search_fields = ["email"]
    search_backend_name = None
    form_fields = ["email"]
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_newsletter_viewset():
    return NewsletterSignupViewSet()


def _page_changed(request, page, *args, **kwargs):
    """A menu may link to this page: its URL or existence changed, so re-resolve menus."""
    invalidate_storefront_chrome()


for _hook in ("after_publish_page", "after_unpublish_page", "after_move_page", "after_delete_page"):
    hooks.register(_hook, _page_changed)
