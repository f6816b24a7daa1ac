"""The merchant's billing page in the shop admin (/admin/billing/).

Owner-only: the owner *membership* (``accounts.shop_admin.is_shop_owner``), not
``is_superuser`` — an admin is a superuser in the shop too, and may not cancel or
change the plan. Plan, status, usage against the plan, change of plan and
interval, the card (on Stripe's hosted pages), cancellation and invoices.
Every write goes through billing.services; the views only parse and report.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.shop_admin import is_shop_owner
from billing import services
from billing.limits import usage
from billing.models import Invoice, Plan, Subscription
from kernel import stripe_client

INVOICES_SHOWN = 24


def _owner_only(request) -> None:
    if not is_shop_owner(request):
        raise PermissionDenied


class BillingIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "billing/admin/index.html"
    page_title = gettext_lazy("Billing")
    header_icon = "calendar-check"

    def dispatch(self, request, *args, **kwargs):
        _owner_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Billing")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shop = self.request.shop
        sub = Subscription.objects.select_related("plan").filter(shop_id=shop.pk).first()
        context.update(
            shop=shop,
            subscription=sub,
            usage=usage(shop=shop, plan=sub.plan if sub else None),
            plans=list(Plan.objects.public()),
            invoices=list(Invoice.objects.for_shop(shop)[:INVOICES_SHOWN]),
            stripe_ready=stripe_client.configured() and bool(sub and sub.stripe_customer_id),
        )
        return context


index = BillingIndexView.as_view()


def _back():
    return redirect("billing_admin:index")


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def change_plan(request):
    _owner_only(request)
    plan_id = request.POST.get("plan", "")
    plan = Plan.objects.public().filter(pk=int(plan_id)).first() if plan_id.isdigit() else None
    if plan is None:
        messages.error(request, _("Choose one of the plans."))
        return _back()
    try:
        services.subscription_change_plan(
            shop=request.shop,
            plan=plan,
            interval=request.POST.get("interval", ""),
            actor=request.user,
        )
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Your shop is now on the %(plan)s plan.") % {"plan": plan.name})
    return _back()


@require_POST
def cancel(request):
    _owner_only(request)
    undo = request.POST.get("undo") == "1"
    try:
        sub = services.subscription_cancel(shop=request.shop, actor=request.user, undo=undo)
    except ValidationError as error:
        _report(request, error)
    else:
        if undo:
            messages.success(request, _("Your subscription continues."))
        else:
            messages.success(
                request,
                _("Your subscription ends on %(date)s; the shop stays open until then.")
                % {
                    "date": sub.current_period_end.date().isoformat()
                    if sub.current_period_end
                    else "—"
                },
            )
    return _back()


@require_POST
def card(request):
    """Send the merchant to Stripe's hosted page for the card (or the portal)."""
    _owner_only(request)
    return_url = request.build_absolute_uri(reverse("billing_admin:index"))
    try:
        if request.POST.get("portal") == "1":
            url = services.billing_portal_url(shop=request.shop, return_url=return_url)
        else:
            url = services.card_checkout_url(shop=request.shop, return_url=return_url)
    except ValidationError as error:
        _report(request, error)
        return _back()
    return redirect(url)
