"""Wagtail hooks of onboarding: the "first steps" panel on a shop admin's dashboard.

``onboarding`` is a public app, but Wagtail loads hooks from every installed app,
and its admin runs in the shop's schema.
"""

from wagtail import hooks

from onboarding.first_steps import FirstStepsPanel


@hooks.register("construct_homepage_panels")
def add_first_steps_panel(request, panels):
    shop = getattr(request, "shop", None)
    if shop is not None and request.user.is_superuser:
        panels.append(FirstStepsPanel(shop))
