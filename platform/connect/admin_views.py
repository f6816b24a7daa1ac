"""The shop admin's Payments page (/admin/payments/): connect Stripe, test mode.

For the shop's owners and admins (superusers in the shop) and staff given the
Settings role. Every write goes through ``connect.services``; these views parse,
call one service and report. Stripe's hosted onboarding comes back to ``return``
(which refreshes the account from Stripe) or, when its link expired, to
``onboarding`` (which makes a fresh link and goes back to Stripe).
"""

from __future__ import annotations

import logging

import stripe
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.shop_staff import has_settings_role
from connect import services
from connect.models import AccountState, ConnectedAccount
from connect.requirements import disabled_reason_words, requirements_words
from kernel import stripe_client

logger = logging.getLogger(__name__)


def may_manage_payments(user) -> bool:
    """Owners and admins (superusers of the shop), and Settings staff."""
    return has_settings_role(user)


def _allowed_only(request) -> None:
    if not may_manage_payments(request.user):
        raise PermissionDenied


class PaymentsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "connect/admin/payments.html"
    page_title = gettext_lazy("Payments")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        _allowed_only(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Payments")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        shop = self.request.shop
        account = ConnectedAccount.objects.filter(shop_id=shop.pk).first()
        requirements = account.requirements if account else {}
        context.update(
            shop=shop,
            account=account,
            state=account.state if account else AccountState.NOT_CONNECTED,
            state_label=account.get_state_display()
            if account
            else AccountState.NOT_CONNECTED.label,
            past_due=requirements_words(requirements.get("past_due") or []),
            currently_due=requirements_words(
                [
                    code
                    for code in requirements.get("currently_due") or []
                    if code not in (requirements.get("past_due") or [])
                ]
            ),
            eventually_due=requirements_words(
                [
                    code
                    for code in requirements.get("eventually_due") or []
                    if code not in (requirements.get("currently_due") or [])
                ]
            ),
            pending_verification=requirements_words(requirements.get("pending_verification") or []),
            disabled_reason=disabled_reason_words(requirements.get("disabled_reason") or ""),
            errors=requirements.get("errors") or [],
            test_mode=services.test_mode_of(shop),
            stripe_configured=stripe_client.configured(),
        )
        return context


index = PaymentsView.as_view()


def _back():
    return redirect("connect_admin:index")


def _urls(request) -> dict:
    return {
        "return_url": request.build_absolute_uri(reverse("connect_admin:returned")),
        "refresh_url": request.build_absolute_uri(reverse("connect_admin:onboarding")),
    }


def _stripe_failed(request, error: Exception):
    logger.exception("connect: a Stripe call from the Payments page failed")
    message = getattr(error, "user_message", None) or _("Stripe did not answer; try again.")
    messages.error(request, message)
    return _back()


@require_POST
def connect(request):
    """Create the shop's Express account (once) and send the merchant to Stripe."""
    _allowed_only(request)
    try:
        services.account_connect(shop=request.shop, actor=request.user)
        url = services.onboarding_url(shop=request.shop, **_urls(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _back()
    except stripe.StripeError as error:
        return _stripe_failed(request, error)
    return redirect(url)


@require_GET
def onboarding(request):
    """Stripe's ``refresh_url``: the link expired or was used; make a fresh one.

    A GET because Stripe sends the merchant's browser here; it writes nothing of ours
    (an account link is a read-only, single-use pointer at Stripe).
    """
    _allowed_only(request)
    try:
        url = services.onboarding_url(shop=request.shop, **_urls(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _back()
    except stripe.StripeError as error:
        return _stripe_failed(request, error)
    return redirect(url)


def _refresh(request) -> None:
    account = services.account_refresh(shop=request.shop)
    if account is not None:
        messages.success(
            request,
            _("Your Stripe account is up to date: %(state)s.")
            % {"state": account.get_state_display()},
        )


@require_GET
def returned(request):
    """Stripe's ``return_url``: the merchant left onboarding (finished or not).

    Stripe says nothing about how far they got, so the account is read again. It
    writes only our copy of what Stripe already holds, like a webhook would.
    """
    return _refresh_and_back(request)


@require_POST
def refresh(request):
    return _refresh_and_back(request)


def _refresh_and_back(request):
    _allowed_only(request)
    try:
        _refresh(request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except stripe.StripeError as error:
        return _stripe_failed(request, error)
    return _back()


@require_POST
def test_mode(request):
    _allowed_only(request)
    on = request.POST.get("test_mode") == "on"
    try:
        services.test_mode_set(shop=request.shop, on=on, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if on:
            messages.success(request, _("Test mode is on: orders are paid with test cards."))
        else:
            messages.success(request, _("Test mode is off: shoppers now pay through Stripe."))
    return _back()
