"""The draft-order admin: list, create, edit, send the invoice, delete.

Thin like the orders admin: forms parse, one service writes, its ``ValidationError``
comes back onto the form or as a message. The invoice link is the storefront's
(``checkout:invoice``) on the shop's primary domain; it is built here, where the
request is, and handed to the service that e-mails it.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import DecimalField, IntegerField, OuterRef, Subquery, Sum
from django.db.models import F as Field
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from orders.draft_forms import (
    DraftLineFormSet,
    DraftOrderForm,
    formset_initial,
    lines_from_formset,
)
from orders.draft_pricing import draft_price
from orders.models import DraftOrder, DraftOrderLine
from orders.services import draft_order_delete, draft_order_save, draft_order_send_invoice
from shops.addresses import absolute_url

VIEW = "orders.view_draftorder"
CHANGE = "orders.change_draftorder"
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


def _page(request, template, title, **context):
    crumbs = [
        {"url": reverse("draft_orders_admin:index"), "label": _("Draft orders")},
        {"url": "", "label": title},
    ]
    return TemplateResponse(
        request,
        template,
        {
            "page_title": title,
            "header_title": title,
            "header_icon": "doc-empty",
            "breadcrumbs_items": crumbs,
            **context,
        },
    )


def drafts_for_listing():
    """Drafts with their item count and amount before shipping, in one query."""
    lines = DraftOrderLine.objects.filter(draft=OuterRef("pk")).order_by().values("draft")
    return DraftOrder.objects.select_related("order").annotate(
        item_count=Coalesce(
            Subquery(lines.annotate(n=Sum("quantity")).values("n"), output_field=IntegerField()),
            0,
        ),
        items_total=Coalesce(
            Subquery(
                lines.annotate(t=Sum(Field("quantity") * Field("unit_price"))).values("t"),
                output_field=DecimalField(max_digits=14, decimal_places=2),
            ),
            0,
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
    )


@_requires(VIEW)
def index(request):
    status = request.GET.get("status", "")
    drafts = drafts_for_listing()
    if status in DraftOrder.Status.values:
        drafts = drafts.filter(status=status)
    page = Paginator(drafts.order_by("-created_at", "-id"), PER_PAGE).get_page(request.GET.get("p"))
    return _page(
        request,
        "orders/admin/drafts/index.html",
        _("Draft orders"),
        breadcrumbs_items=[],
        page_obj=page,
        drafts=page.object_list,
        status=status,
        statuses=DraftOrder.Status.choices,
        can_change=request.user.has_perm(CHANGE),
    )


@require_http_methods(["GET", "POST"])
@_requires(CHANGE)
def edit(request, pk=None):
    draft = get_object_or_404(DraftOrder, pk=pk) if pk is not None else None
    if draft is not None and draft.is_completed:
        messages.info(request, _("This draft is paid; it cannot be changed."))
        return redirect("draft_orders_admin:detail", pk=draft.pk)
    if request.method == "POST":
        form = DraftOrderForm(request.POST)
        formset = DraftLineFormSet(request.POST, prefix="lines")
    else:
        initial = {}
        if draft is not None:
            initial = {
                "email": draft.email,
                **(draft.shipping_address or {}),
                "shipping_name": draft.shipping_name,
                "shipping_price": draft.shipping_price,
                "discount_amount": draft.discount_amount,
                "discount_reason": draft.discount_reason,
                "note": draft.note,
            }
        form = DraftOrderForm(initial=initial)
        formset = DraftLineFormSet(
            prefix="lines", initial=formset_initial(draft) if draft is not None else None
        )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            draft = draft_order_save(
                draft=draft,
                email=data["email"],
                currency=request.shop.currency,
                lines=lines_from_formset(formset),
                shipping_address=form.address(),
                shipping_name=data["shipping_name"],
                shipping_price=data["shipping_price"],
                discount_amount=data["discount_amount"],
                discount_reason=data["discount_reason"],
                note=data["note"],
                user=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Draft order %(draft)s saved.") % {"draft": draft})
            return redirect("draft_orders_admin:detail", pk=draft.pk)
    title = (
        _("New draft order")
        if draft is None
        else _("Edit draft order %(draft)s") % {"draft": draft}
    )
    return _page(
        request,
        "orders/admin/drafts/edit.html",
        title,
        draft=draft,
        form=form,
        formset=formset,
    )


@_requires(VIEW)
def detail(request, pk):
    draft = get_object_or_404(DraftOrder.objects.select_related("order"), pk=pk)
    lines = list(draft.lines.all())
    address = draft.shipping_address or {}
    return _page(
        request,
        "orders/admin/drafts/detail.html",
        _("Draft order %(draft)s") % {"draft": draft},
        draft=draft,
        lines=lines,
        item_count=sum(line.quantity for line in lines),
        pricing=draft_price(
            draft,
            lines=lines,
            country=address.get("country", ""),
            region=address.get("region", ""),
        ),
        invoice_url=_invoice_url(request, draft),
        can_change=request.user.has_perm(CHANGE) and not draft.is_completed,
    )


def _invoice_url(request, draft: DraftOrder) -> str:
    return absolute_url(request, reverse("checkout:invoice", args=[draft.token]))


@require_POST
@_requires(CHANGE)
def send_invoice(request, pk):
    draft = get_object_or_404(DraftOrder, pk=pk)
    try:
        draft_order_send_invoice(
            draft=draft, invoice_url=_invoice_url(request, draft), user=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Invoice sent to %(email)s.") % {"email": draft.email})
    return redirect("draft_orders_admin:detail", pk=draft.pk)


@require_http_methods(["GET", "POST"])
@_requires(CHANGE)
def delete(request, pk):
    draft = get_object_or_404(DraftOrder, pk=pk)
    if request.method == "POST":
        try:
            draft_order_delete(draft=draft, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("draft_orders_admin:detail", pk=draft.pk)
        messages.success(request, _("Draft order %(draft)s deleted.") % {"draft": draft})
        return redirect("draft_orders_admin:index")
    return _page(
        request,
        "orders/admin/drafts/delete.html",
        _("Delete draft order %(draft)s") % {"draft": draft},
        draft=draft,
    )
