"""Abandoned checkouts in the shop admin: who left, with what, and the recovery e-mail.

The list is ``checkout.services.recovery.checkouts_abandoned`` (the same rule the
e-mail follows), each row with its cart's item count and value joined in, so a page
costs the same queries for 3 rows or 50. The settings form above it (send or not,
after how long) calls ``checkout_settings_update``.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import DecimalField, IntegerField, OuterRef, Subquery, Sum
from django.db.models import F as Field
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cart.models import CartLine
from checkout.models import RECOVERY_DELAY_MAX, RECOVERY_DELAY_MIN, CheckoutSession
from checkout.services.recovery import (
    checkout_settings,
    checkout_settings_update,
    checkouts_abandoned,
)

VIEW = "checkout.view_checkoutsession"
CHANGE_SETTINGS = "checkout.change_checkoutsettings"
PER_PAGE = 50


def _requires(permission):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RecoverySettingsForm(forms.Form):
    recovery_email_enabled = forms.BooleanField(
        label=gettext_lazy("Send a recovery e-mail"), required=False
    )
    recovery_email_delay_minutes = forms.IntegerField(
        label=gettext_lazy("after (minutes)"),
        min_value=RECOVERY_DELAY_MIN,
        max_value=RECOVERY_DELAY_MAX,
        help_text=gettext_lazy("60 is an hour, 1440 a day."),
    )


def abandoned_for_listing(*, delay_minutes: int):
    lines = CartLine.objects.filter(cart=OuterRef("cart")).order_by().values("cart")
    money = DecimalField(max_digits=14, decimal_places=2)
    return (
        checkouts_abandoned(delay_minutes=delay_minutes)
        .select_related("draft_order")
        .annotate(
            item_count=Coalesce(
                Subquery(
                    lines.annotate(n=Sum("quantity")).values("n"), output_field=IntegerField()
                ),
                0,
            ),
            cart_value=Coalesce(
                Subquery(
                    lines.annotate(t=Sum(Field("quantity") * Field("variant__price"))).values("t"),
                    output_field=money,
                ),
                0,
                output_field=money,
            ),
        )
    )


@_requires(VIEW)
def index(request):
    settings_row = checkout_settings()
    rows = abandoned_for_listing(delay_minutes=settings_row.recovery_email_delay_minutes)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    recovered = CheckoutSession.objects.filter(
        state=CheckoutSession.State.COMPLETED, recovery_email_sent_at__isnull=False
    ).count()
    form = None
    if request.user.has_perm(CHANGE_SETTINGS):
        form = RecoverySettingsForm(
            initial={
                "recovery_email_enabled": settings_row.recovery_email_enabled,
                "recovery_email_delay_minutes": settings_row.recovery_email_delay_minutes,
            },
            auto_id="recovery_%s",
        )
    title = _("Abandoned checkouts")
    return TemplateResponse(
        request,
        "checkout/admin/abandoned.html",
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "warning",
            "breadcrumbs_items": [],
            "page_obj": page,
            "checkouts": page.object_list,
            "settings": settings_row,
            "settings_form": form,
            "recovered": recovered,
            "currency": request.shop.currency,
        },
    )


@require_POST
@_requires(CHANGE_SETTINGS)
def settings_save(request):
    form = RecoverySettingsForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("abandoned_checkouts_admin:index")
    try:
        checkout_settings_update(
            recovery_email_enabled=form.cleaned_data["recovery_email_enabled"],
            recovery_email_delay_minutes=form.cleaned_data["recovery_email_delay_minutes"],
            user=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Recovery e-mail settings saved."))
    return redirect("abandoned_checkouts_admin:index")
