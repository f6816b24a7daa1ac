"""The orders admin: list, detail with its actions, CSV export, packing slip.

Views are thin: a form parses the input, one service makes the change, and its
``ValidationError`` comes back to the merchant as a message on the order page. No
view creates an order (they come from checkout). Actions are POST-then-redirect, so a
reload never fulfils or refunds twice.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from checkout import dispatch
from kernel.money import money_format
from orders.emails import shop_name
from orders.exports import orders_csv_stream
from orders.forms import (
    CancelForm,
    FulfilForm,
    MarkPaidForm,
    NoteForm,
    OrderFilterForm,
    RefundForm,
    VoidForm,
)
from orders.models import Order
from orders.querysets import SORT_COLUMNS
from orders.services import (
    order_add_note,
    order_cancel,
    order_fulfil,
    order_mark_paid,
    order_void,
)

VIEW = "orders.view_order"
CHANGE = "orders.change_order"
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


def _actor(request) -> str:
    return request.user.email or request.user.get_username()


def _index_breadcrumb():
    return {"url": reverse("orders_admin:index"), "label": _("Orders")}


class OrderIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "orders/admin/index.html"
    page_title = gettext_lazy("Orders")
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Orders")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = OrderFilterForm(self.request.GET or None)
        sort = self.request.GET.get("sort", "")
        if sort.lstrip("-") not in SORT_COLUMNS:
            sort = "-date"
        orders = form.filtered(Order.objects.for_listing()).sorted_by(sort)
        page = Paginator(orders, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            columns=_sortable_columns(query, sort),
            filter_form=form,
            page_obj=page,
            orders=page.object_list,
            querystring=query.urlencode(),
            export_url=f"{reverse('orders_admin:export')}?{query.urlencode()}",
        )
        return context


index = _requires(VIEW)(OrderIndexView.as_view())

SORTABLE = [
    ("number", gettext_lazy("Order")),
    ("date", gettext_lazy("Date")),
    (None, gettext_lazy("Customer")),
    ("payment", gettext_lazy("Payment")),
    ("fulfilment", gettext_lazy("Fulfilment")),
    (None, gettext_lazy("Items")),
    ("total", gettext_lazy("Total")),
]


def _sortable_columns(query, sort: str) -> list[dict]:
    """Column headers: a link that sorts by the column, descending first, then flips."""
    columns = []
    for key, label in SORTABLE:
        column = {"label": label, "url": "", "direction": ""}
        if key is not None:
            current = sort.lstrip("-") == key
            descending = sort.startswith("-")
            column["direction"] = ("descending" if descending else "ascending") if current else ""
            params = query.copy()
            params["sort"] = key if current and descending else f"-{key}"
            column["url"] = f"?{params.urlencode()}"
        columns.append(column)
    return columns


@_requires(VIEW)
def export(request):
    """The filtered list as CSV, streamed (one query per batch of orders)."""
    orders = OrderFilterForm(request.GET or None).filtered(Order.objects.all())
    response = StreamingHttpResponse(orders_csv_stream(orders), content_type="text/csv")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="orders-{stamp}.csv"'
    return response


class OrderDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "orders/admin/detail.html"
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        self.order = get_object_or_404(Order.objects.for_detail(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Order %(number)s") % {"number": self.order}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, _index_breadcrumb(), {"url": "", "label": str(self.order)}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.order
        can_change = self.request.user.has_perm(CHANGE)
        fulfil_form = FulfilForm(order=order, auto_id="fulfil_%s") if can_change else None
        refund_form = RefundForm(order=order, auto_id="refund_%s") if can_change else None
        context.update(
            order=order,
            lines=list(order.lines.all()),
            events=list(order.events.all()),
            fulfilments=list(order.fulfilments.all()),
            refunds=list(order.refunds.all()),
            can_change=can_change,
            can_fulfil=can_change
            and not order.is_cancelled
            and bool(fulfil_form.line_fields)
            and order.financial_status
            not in (Order.FinancialStatus.VOIDED, Order.FinancialStatus.REFUNDED),
            can_cancel=can_change
            and not order.is_cancelled
            and order.fulfilment_status == Order.FulfilmentStatus.UNFULFILLED,
            can_refund=can_change and order.refundable_amount > 0,
            can_settle=can_change and _payment_pending(order),
            fulfil_form=fulfil_form,
            cancel_form=CancelForm(auto_id="cancel_%s") if can_change else None,
            refund_form=refund_form,
            note_form=NoteForm(auto_id="note_%s") if can_change else None,
        )
        return context


detail = _requires(VIEW)(OrderDetailView.as_view())


def _action(form_class, *, needs_order: bool, run, done: str):
    """A POST that parses ``form_class`` and calls ``run(order, data, form, actor)``."""

    @require_POST
    @_requires(CHANGE)
    def view(request, pk):
        order = get_object_or_404(Order.objects.prefetch_related("lines"), pk=pk)
        kwargs = {"order": order} if needs_order else {}
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        else:
            try:
                run(order, form.cleaned_data, form, _actor(request))
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, done)
        return redirect("orders_admin:detail", pk=order.pk)

    return view


fulfil = _action(
    FulfilForm,
    needs_order=True,
    done=gettext_lazy("Items fulfilled."),
    run=lambda order, data, form, actor: order_fulfil(
        order=order,
        lines=form.line_quantities(),
        carrier=data["carrier"],
        tracking_number=data["tracking_number"],
        tracking_url=data["tracking_url"],
        notify=data["notify"],
        actor=actor,
    ),
)
cancel = _action(
    CancelForm,
    needs_order=False,
    done=gettext_lazy("Order cancelled."),
    run=lambda order, data, form, actor: order_cancel(
        order=order, reason=data["reason"], restock=data["restock"], actor=actor
    ),
)


refund = _action(
    RefundForm,
    needs_order=True,
    done=gettext_lazy("Refund recorded."),
    # The refund that also gives the money back: ``payments`` sits above ``orders``,
    # so it is reached through the seam (``checkout.dispatch``).
    run=lambda order, data, form, actor: dispatch.order_refund(
        order=order,
        amount=data["amount"] or None,
        lines=form.line_quantities() or None,
        restock=data["restock"],
        reason=data["reason"],
        actor=actor,
        notify=data["notify"],
    ),
)
add_note = _action(
    NoteForm,
    needs_order=False,
    done=gettext_lazy("Note added."),
    run=lambda order, data, form, actor: order_add_note(
        order=order, text=data["text"], actor=actor
    ),
)


def _payment_pending(order: Order) -> bool:
    return not order.is_cancelled and order.financial_status == Order.FinancialStatus.PENDING


def _confirmed(form_class, *, question, button, done, allowed, run):
    """An action with a confirmation step: GET shows the question, POST (with CSRF) acts.

    ``allowed(order)`` is checked again on POST: a second click, or a second merchant,
    finding the order already moved gets told so and nothing runs twice (the service
    also re-checks on the locked row, for two clicks landing at once).
    """

    @require_http_methods(["GET", "POST"])
    @_requires(CHANGE)
    def view(request, pk):
        order = get_object_or_404(Order, pk=pk)
        if not allowed(order):
            messages.info(
                request,
                _("Nothing was changed: order %(number)s is %(status)s.")
                % {"number": order, "status": _order_state(order)},
            )
            return redirect("orders_admin:detail", pk=order.pk)
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                run(order, form.cleaned_data, _actor(request))
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, done)
            return redirect("orders_admin:detail", pk=order.pk)
        return _confirm_page(request, order, form, question=question, button=button)

    return view


def _order_state(order: Order) -> str:
    if order.is_cancelled:
        return _("cancelled")
    return order.get_financial_status_display().lower()


def _confirm_page(request, order, form, *, question, button, action="", summary=()):
    return TemplateResponse(
        request,
        "orders/admin/confirm.html",
        {
            "order": order,
            "form": form,
            "question": question
            % {"number": order, "total": money_format(order.total, order.currency)},
            "button": button,
            "action": action,
            "summary": summary,
            "page_title": str(order),
            "header_title": str(order),
            "breadcrumbs_items": [_index_breadcrumb()],
        },
    )


mark_paid = _confirmed(
    MarkPaidForm,
    question=gettext_lazy(
        "Mark order %(number)s as paid? Record this only once the %(total)s has reached you."
    ),
    button=gettext_lazy("Yes, mark as paid"),
    done=gettext_lazy("Order marked as paid."),
    allowed=_payment_pending,
    run=lambda order, data, actor: order_mark_paid(
        order=order, amount=order.total, reference=data["reference"], actor=actor
    ),
)
void = _confirmed(
    VoidForm,
    question=gettext_lazy("Void the payment of order %(number)s? Nothing will be collected."),
    button=gettext_lazy("Yes, void the payment"),
    done=gettext_lazy("Payment voided."),
    allowed=_payment_pending,
    run=lambda order, data, actor: order_void(order=order, reason=data["reason"], actor=actor),
)


@require_GET
@_requires(CHANGE)
def cancel_confirm(request, pk):
    """The confirmation step of a cancel: the detail page's form lands here first."""
    order = get_object_or_404(Order, pk=pk)
    if order.is_cancelled:
        messages.info(request, _("Order %(number)s is already cancelled.") % {"number": order})
        return redirect("orders_admin:detail", pk=order.pk)
    form = CancelForm(request.GET)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("orders_admin:detail", pk=order.pk)
    return _confirm_page(
        request,
        order,
        form,
        question=gettext_lazy("Cancel order %(number)s? This cannot be undone."),
        button=_("Yes, cancel the order"),
        action=reverse("orders_admin:cancel", args=[order.pk]),
        summary=[
            (_("Reason"), form.cleaned_data["reason"]),
            (_("Restock items"), _("yes") if form.cleaned_data["restock"] else _("no")),
        ],
    )


@_requires(VIEW)
def packing_slip(request, pk):
    """A bare page to print and put in the parcel: what to pack and where it goes."""
    order = get_object_or_404(Order.objects.prefetch_related("lines"), pk=pk)
    lines = [line for line in order.lines.all() if line.requires_shipping]
    return TemplateResponse(
        request,
        "orders/admin/packing_slip.html",
        {"order": order, "lines": lines, "shop_name": shop_name()},
    )
