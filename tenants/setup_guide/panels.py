"""The setup guide on the admin's Home dashboard, above the day's figures."""

from __future__ import annotations

from wagtail.admin.ui.components import Component

from setup_guide.selectors import guide_for_shop, setup_steps


class SetupGuidePanel(Component):
    name = "setup_guide"
    template_name = "setup_guide/panel.html"
    # Below the billing banner (10), above the sales overview (analytics, 40) and the
    # orders panel (50): what a new merchant does first.
    order = 30

    def __init__(self, shop) -> None:
        self.shop = shop

    def render_html(self, parent_context=None):
        guide = guide_for_shop()
        if guide is not None and guide.dismissed_at is not None:
            return ""
        self.guide = guide
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        steps = setup_steps(shop=self.shop, guide=self.guide)
        done = sum(step.done for step in steps)
        return {"steps": steps, "done": done, "total": len(steps), "finished": done == len(steps)}
