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
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from orders.emails import shop_name
from orders.exports import orders_csv_stream
from orders.forms import CancelForm, FulfilForm, NoteForm, OrderFilterForm, RefundForm
from orders.models import Order
from orders.services import order_add_note, order_cancel, order_fulfil, order_refund

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
        orders = form.filtered(Order.objects.for_listing())
        page = Paginator(orders, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            filter_form=form,
            page_obj=page,
            orders=page.object_list,
            querystring=query.urlencode(),
            export_url=f"{reverse('orders_admin:export')}?{query.urlencode()}",
        )
        return context


index = _requires(VIEW)(OrderIndexView.as_view())


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
    run=lambda order, data, form, actor: order_refund(
        order=order,
        amount=data["amount"] or None,
        lines=form.line_quantities() or None,
        restock=data["restock"],
        reason=data["reason"],
        actor=actor,
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
