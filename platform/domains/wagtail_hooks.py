"""Wagtail hooks of the domains app: the "Domains" page in each shop's admin.

``domains`` is a public app, but Wagtail loads hooks from every installed app, and its
admin runs in the shop's schema. The views there write public ``Domain`` rows only
through ``domains.services`` (``domain_add`` and friends), which switch to the public
schema and always filter by ``request.tenant``.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from domains.admin_views import may_manage_domains


class DomainsMenuItem(MenuItem):
    def is_shown(self, request):
        return getattr(request, "shop", None) is not None and may_manage_domains(request.user)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("domains/", include("domains.admin_urls", namespace="shop_domains"))]


@hooks.register("register_settings_menu_item")
def register_domains_menu_item():
    return DomainsMenuItem(_("Domains"), reverse("shop_domains:index"), icon_name="site", order=150)
