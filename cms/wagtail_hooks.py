"""The shop admin's menu, newsletter list, storefront settings form and menu editor.

The newsletter list is a plain ``ModelViewSet`` (search, delete, export as CSV or
Excel). The listing and export read the shop's own schema like every other admin view.

The storefront settings are a Wagtail site setting; its edit page is served by
Wagtail's settings view with the save handed to ``cms.services``. The menus are a
site setting too, but edited in Content › Menus (``cms.menu_editor``): the settings
form of four target fields per entry is replaced by a redirect to it, and its item
is taken out of the Settings menu.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.contrib.settings.views import EditView as SettingEditView

from cms import menu_editor
from cms.admin_menu import arrange_main_menu
from cms.models import NewsletterSignup, StorefrontSettings
from cms.services import menu_page_join, storefront_settings_update
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


def navigation_settings_edit(request, *args, **kwargs):
    """The old settings form's address: the menu editor now."""
    return redirect("menus_admin:edit", menu="header")


@hooks.register("register_admin_urls", order=-1)
def register_settings_edit_urls():
    return [
        setting_edit_path(StorefrontSettings, StorefrontSettingsEditView),
        path("settings/cms/navigationsettings/<int:pk>/", navigation_settings_edit),
    ]


MENU_EDITOR_URLS = (
    [
        path("", menu_editor.index, name="index"),
        path("targets/", menu_editor.targets, name="targets"),
        path("<slug:menu>/", menu_editor.edit, name="edit"),
    ],
    "menus_admin",
)


@hooks.register("register_admin_urls")
def register_menu_editor_urls():
    return [path("menus/", include(MENU_EDITOR_URLS, namespace="menus_admin"))]


class MenusMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(menu_editor.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_menus_menu_item():
    return MenusMenuItem(
        _("Menus"), reverse("menus_admin:index"), name="menus", icon_name="list-ul", order=210
    )


@hooks.register("construct_settings_menu")
def hide_menus_setting(request, menu_items):
    """One "Menus" item (Content › Menus), not a second one under Settings."""
    old = reverse("wagtailsettings:edit", args=["cms", "navigationsettings"])
    menu_items[:] = [item for item in menu_items if item.url != old]


def _page_changed(request, page, *args, **kwargs):
    """A menu may link to this page: its URL or existence changed, so re-resolve menus."""
    invalidate_storefront_chrome()


for _hook in ("after_publish_page", "after_unpublish_page", "after_move_page", "after_delete_page"):
    hooks.register(_hook, _page_changed)


@hooks.register("after_publish_page")
def join_main_menu(request, page):
    """A top-level page joins the header menu on its first publication, unless the
    merchant unticked "Add to the main menu" (``cms.services.menu_page_join``)."""
    menu_page_join(page=page, user=request.user)
