"""The shop admin's menu, newsletter list, and the storefront settings and menus forms.

The newsletter list is a plain ``ModelViewSet`` (search, delete, export as CSV or
Excel). The listing and export read the shop's own schema like every other admin view.

The storefront settings and menus are Wagtail site settings; their edit pages are
served by Wagtail's settings view with the save handed to ``cms.services``.
"""

from __future__ import annotations

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.contrib.settings.views import EditView as SettingEditView

from cms.admin_menu import arrange_main_menu
from cms.models import NavigationSettings, NewsletterSignup, StorefrontSettings
from cms.services import navigation_settings_update, storefront_settings_update
from cms.storefront_chrome_cache import invalidate_storefront_chrome
from kernel.admin_writes import ServiceSaveMixin, setting_edit_path


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


# Last, after every app's own menu hooks: the merchant's menu (cms.admin_menu).
hooks.register("construct_main_menu", arrange_main_menu, order=1000)


@hooks.register("insert_global_admin_css")
def shop_admin_css():
    """The admin frame's logo, state banners and phone layout (one small file)."""
    return format_html('<link rel="stylesheet" href="{}">', static("cms/admin/shop-admin.css"))


@hooks.register("construct_page_action_menu")
def publish_first(menu_items, request, context):
    """Publish is the page editor's main button; "Save draft" waits in its menu.

    Most shops are one person: what they want from the editor is the page live.
    """
    for index, item in enumerate(menu_items):
        if item.name == "action-publish":
            menu_items.insert(0, menu_items.pop(index))
            return


@hooks.register("register_page_listing_buttons")
def view_on_storefront_listing_button(page, user, next_url=None):
    """Beside each live page in the page list: see it as shoppers do."""
    if page.live and page.url:
        yield ListingButton(
            _("View on storefront"),
            page.url,
            icon_name="link-external",
            attrs={"target": "_blank", "rel": "noreferrer"},
            priority=5,
        )


@hooks.register("register_page_header_buttons")
def view_on_storefront_header_button(page, user, view_name, next_url=None):
    if page.live and page.url:
        item = PageMenuItem(_("View on storefront"), page.url, "link-external", 5, page=page)
        item.link_rel = "noreferrer"
        yield item


@hooks.register("register_admin_viewset")
def register_newsletter_viewset():
    return NewsletterSignupViewSet()


class StorefrontSettingsEditView(ServiceSaveMixin, SettingEditView):
    def service_save(self, form):
        return storefront_settings_update(
            site=self.site, user=self.request.user, **form.cleaned_data
        )


class NavigationSettingsEditView(ServiceSaveMixin, SettingEditView):
    def service_save(self, form):
        return navigation_settings_update(
            site=self.site, user=self.request.user, **form.cleaned_data
        )


@hooks.register("register_admin_urls", order=-1)
def register_settings_edit_urls():
    return [
        setting_edit_path(StorefrontSettings, StorefrontSettingsEditView),
        setting_edit_path(NavigationSettings, NavigationSettingsEditView),
    ]


def _page_changed(request, page, *args, **kwargs):
    """A menu may link to this page: its URL or existence changed, so re-resolve menus."""
    invalidate_storefront_chrome()


for _hook in ("after_publish_page", "after_unpublish_page", "after_move_page", "after_delete_page"):
    hooks.register(_hook, _page_changed)
