"""Wagtail hooks: the setup guide on the dashboard, and its two buttons' URLs."""

from django.urls import include, path
from wagtail import hooks

from setup_guide.panels import SetupGuidePanel


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("setup-guide/", include("setup_guide.urls", namespace="setup_guide"))]


@hooks.register("construct_homepage_panels")
def add_setup_guide_panel(request, panels):
    shop = getattr(request, "shop", None)
    if shop is not None and request.user.is_superuser:
        panels.append(SetupGuidePanel(shop))
