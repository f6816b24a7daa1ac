"""Wagtail hooks: the Billing menu item, its admin URLs and the past-due banner."""

from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from accounts.shop_admin import is_shop_owner
from billing.models import Subscription


class BillingMenuItem(MenuItem):
    def is_shown(self, request):
        return is_shop_owner(request)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("billing/", include("billing.admin_urls", namespace="billing_admin"))]


@hooks.register("register_admin_menu_item")
def register_billing_menu_item():
    return BillingMenuItem(
        gettext_lazy("Billing"), reverse("billing_admin:index"), icon_name="credit-card", order=900
    )


class BillingNoticePanel(Component):
    """On the dashboard of a past-due, suspended or trialing shop: what to do."""

    name = "billing_notice"
    order = 10

    def __init__(self, subscription: Subscription, *, owner: bool):
        self.subscription = subscription
        self.owner = owner

    def render_html(self, parent_context=None):
        sub = self.subscription
        url = reverse("billing_admin:index")
        if sub.status == Subscription.Status.PAST_DUE:
            text = _(
                "Your last payment failed. Update your card before %(date)s "
                "or the storefront closes."
            ) % {"date": sub.grace_deadline.date().isoformat() if sub.grace_deadline else "—"}
        elif sub.status == Subscription.Status.TRIALING and sub.trial_end:
            text = _("Your trial ends on %(date)s.") % {"date": sub.trial_end.date().isoformat()}
        else:
            return ""
        if not self.owner:  # billing is the owner's page: say who acts
            return format_html(
                '<section class="help-block help-warning" role="status"><p>{} {}</p></section>',
                text,
                _("The shop's owner can change this in Billing."),
            )
        return format_html(
            '<section class="help-block help-warning" role="status">'
            '<p>{} <a href="{}">{}</a></p></section>',
            text,
            url,
            _("Billing"),
        )


@hooks.register("construct_homepage_panels")
def add_billing_notice(request, panels):
    shop = getattr(request, "shop", None)
    if shop is None:
        return
    sub = Subscription.objects.filter(shop_id=shop.pk).first()
    if sub is not None:
        panels.insert(0, BillingNoticePanel(sub, owner=is_shop_owner(request)))
