"""The shop admin's newsletter list, and the storefront settings and menus forms.

The newsletter list is a plain ``ModelViewSet`` (search, delete, export as CSV or
Excel). The listing and export read the shop's own schema like every other admin view.

The storefront settings and menus are Wagtail site settings; their edit pages are
served by Wagtail's settings view with the save handed to ``cms.services``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.contrib.settings.views import EditView as SettingEditView

from cms.models import NavigationSettings, NewsletterSignup, StorefrontSettings
from cms.services import menu_page_join, navigation_settings_update, storefront_settings_update
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


@hooks.register("after_publish_page")
def join_main_menu(request, page):
    """A top-level page joins the header menu on its first publication, unless the
    merchant unticked "Add to the main menu" (``cms.services.menu_page_join``)."""
    menu_page_join(page=page, user=request.user)
