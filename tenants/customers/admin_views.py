"""The customers admin: list with filters and segments, CSV export, customer page,
create and edit.

Views are thin: a form parses the input, one service writes (and audits), and its
``ValidationError`` is shown next to the field it names. The list and the customer
page cost a fixed number of queries whatever their length (the figures are
subqueries, ``CustomerQuerySet.with_stats``; the page's parts are one query each,
``customers.selectors``).
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from customers import selectors, services
from customers.admin_forms import CustomerForm, SegmentForm
from customers.exports import customers_csv_stream
from customers.filters import CustomerFilterForm
from customers.invites import has_active_account
from customers.models import Customer, CustomerSegment
from customers.querysets import SORT_COLUMNS
from kernel.money import ZERO

VIEW = "customers.view_customer"
ADD = "customers.add_customer"
CHANGE = "customers.change_customer"
VIEW_SEGMENTS = "customers.view_customersegment"
ADD_SEGMENT = "customers.add_customersegment"
DELETE_SEGMENT = "customers.delete_customersegment"
PER_PAGE = 50
ICON = "group"


def _requires(permission):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _index_breadcrumb():
    return {"url": reverse("customers_admin:index"), "label": _("Customers")}


def shop_currency(request) -> str:
    tenant = getattr(request, "tenant", None)
    return getattr(tenant, "currency", None) or "USD"


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The list -------------------------------------------------------------------------

SORTABLE = [
    ("name", gettext_lazy("Customer")),
    (None, gettext_lazy("Email marketing")),
    ("orders", gettext_lazy("Orders")),
    ("spent", gettext_lazy("Amount spent")),
    ("last_order", gettext_lazy("Last order")),
    (None, gettext_lazy("Tags")),
]


def _sortable_columns(query, sort: str) -> list[dict]:
    """Column headers: a link that sorts by the column, descending first, then flips."""
    columns = []
    for key, label in SORTABLE:
        column = {"key": key or "", "label": label, "url": "", "direction": ""}
        if key is not None:
            current = sort.lstrip("-") == key
            descending = sort.startswith("-")
            column["direction"] = ("descending" if descending else "ascending") if current else ""
            params = query.copy()
            params["sort"] = key if current and descending else f"-{key}"
            column["url"] = f"?{params.urlencode()}"
        columns.append(column)
    return columns


def _segment(request) -> CustomerSegment | None:
    pk = request.GET.get("segment", "")
    if not pk.isdigit():
        return None
    return CustomerSegment.objects.filter(pk=int(pk)).first()


class CustomerIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "customers/admin/index.html"
    page_title = gettext_lazy("Customers")
    header_icon = ICON

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Customers")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        form = CustomerFilterForm(
            request.GET or None, tags=Customer.objects.tag_names(), auto_id="filter_%s"
        )
        sort = request.GET.get("sort", "")
        if sort.lstrip("-") not in SORT_COLUMNS:
            sort = "-created"
        customers = form.filtered(Customer.objects.with_stats()).sorted_by(sort)
        page = Paginator(customers, PER_PAGE).get_page(request.GET.get("p"))
        query = request.GET.copy()
        query.pop("p", None)
        filters = query.copy()
        for name in ("sort", "segment"):
            filters.pop(name, None)
        context.update(
            columns=_sortable_columns(query, sort),
            filter_form=form,
            filtered=form.active,
            page_obj=page,
            customers=page.object_list,
            querystring=query.urlencode(),
            export_url=f"{reverse('customers_admin:export')}?{filters.urlencode()}",
            segment=_segment(request),
            segment_form=SegmentForm(auto_id="segment_%s"),
            segment_query=filters.urlencode(),
            currency=shop_currency(request),
            can_add=request.user.has_perm(ADD),
            can_save_segment=request.user.has_perm(ADD_SEGMENT),
        )
        return context


index = _requires(VIEW)(CustomerIndexView.as_view())


@require_GET
@_requires(VIEW)
def export(request):
    """The filtered list as CSV, streamed (one query per batch of customers)."""
    customers = CustomerFilterForm(request.GET or None).filtered(Customer.objects.with_stats())
    response = StreamingHttpResponse(customers_csv_stream(customers), content_type="text/csv")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="customers-{stamp}.csv"'
    return response


# --- One customer ---------------------------------------------------------------------


def _orders_url(customer: Customer) -> str:
    """The orders list filtered by the customer's e-mail."""
    return f"{reverse('orders_admin:index')}?{urlencode({'customer': customer.email})}"


class CustomerDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "customers/admin/detail.html"
    header_icon = ICON

    def dispatch(self, request, *args, **kwargs):
        self.customer = get_object_or_404(
            Customer.objects.with_stats().select_related("user"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.customer)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _index_breadcrumb(),
            {"url": "", "label": str(self.customer)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        customer = self.customer
        orders = selectors.customer_orders_admin(customer=customer)
        currency = orders[0].currency if orders else shop_currency(self.request)
        average = customer.amount_spent / customer.orders_count if customer.orders_count else ZERO
        context.update(
            customer=customer,
            orders=orders,
            more_orders=customer.orders_count > len(orders),
            all_orders_url=_orders_url(customer),
            addresses=selectors.customer_addresses(customer=customer, orders=orders),
            timeline=selectors.customer_timeline(customer=customer),
            currency=currency,
            average_order=average,
            can_change=self.request.user.has_perm(CHANGE),
            account_active=has_active_account(customer),
        )
        return context


detail = _requires(VIEW)(CustomerDetailView.as_view())


@require_GET
@_requires(VIEW)
def by_email(request):
    """``?email=…``: the customer page of that e-mail, else the list searched for it.

    Lets pages of lower apps (an order's customer card) link to the customer without
    importing this app: they know the e-mail, not the record."""
    email = (request.GET.get("email") or "").strip().lower()
    customer = Customer.objects.filter(email=email).only("pk").first() if email else None
    if customer is not None:
        return redirect("customers_admin:detail", pk=customer.pk)
    return redirect(f"{reverse('customers_admin:index')}?{urlencode({'q': email})}")


class _CustomerFormView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "customers/admin/edit.html"
    header_icon = ICON
    customer: Customer | None = None

    def get_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        if self.customer is not None:
            return CustomerForm.for_customer(self.customer, data, auto_id="customer_%s")
        return CustomerForm(data, auto_id="customer_%s")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_valid():
            try:
                customer = self.save(form.cleaned_data)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, self.done % {"customer": customer})
                return redirect("customers_admin:detail", pk=customer.pk)
        return self.render_to_response(self.get_context_data(form=form))


class CustomerCreateView(_CustomerFormView):
    page_title = gettext_lazy("Add customer")
    done = gettext_lazy("Customer “%(customer)s” added.")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _index_breadcrumb(),
            {"url": "", "label": _("Add customer")},
        ]

    def save(self, data):
        return services.customer_create(user=self.request.user, **data)


class CustomerEditView(_CustomerFormView):
    done = gettext_lazy("Customer “%(customer)s” saved.")

    def dispatch(self, request, *args, **kwargs):
        self.customer = get_object_or_404(Customer, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit %(customer)s") % {"customer": self.customer}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _index_breadcrumb(),
            {
                "url": reverse("customers_admin:detail", args=[self.customer.pk]),
                "label": str(self.customer),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def save(self, data):
        return services.customer_update(customer=self.customer, user=self.request.user, **data)


create = _requires(ADD)(CustomerCreateView.as_view())
edit = _requires(CHANGE)(CustomerEditView.as_view())


# --- Segments -------------------------------------------------------------------------


class SegmentIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "customers/admin/segments.html"
    page_title = gettext_lazy("Customer segments")
    header_icon = ICON

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            _index_breadcrumb(),
            {"url": "", "label": _("Segments")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        segments = selectors.segments_with_counts()
        for segment in segments:
            segment.url = (
                f"{reverse('customers_admin:index')}?"
                f"{urlencode({**segment.filters, 'segment': segment.pk})}"
            )
        context.update(
            segments=segments,
            can_delete=self.request.user.has_perm(DELETE_SEGMENT),
        )
        return context


segments = _requires(VIEW_SEGMENTS)(SegmentIndexView.as_view())


@require_POST
@_requires(ADD_SEGMENT)
def segment_create(request):
    """Save the list's filter (the posted query string) under the posted name."""
    form = SegmentForm(request.POST)
    query = request.POST.get("query", "")
    filters = QueryDict(query)
    back = f"{reverse('customers_admin:index')}?{query}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    try:
        segment = services.segment_create(
            name=form.cleaned_data["name"], filters=filters, user=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("Segment “%(name)s” saved.") % {"name": segment.name})
    return redirect(f"{back}&segment={segment.pk}" if query else back)


@require_POST
@_requires(CHANGE)
def invite(request, pk):
    """Send the customer an account invite (the button on the customer page)."""
    customer = get_object_or_404(Customer, pk=pk)
    try:
        services.customer_invite_send(
            customer=customer,
            shop=request.shop,
            user=request.user,
            message=request.POST.get("message", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Account invite sent to %(email)s.") % {"email": customer.email}
        )
    return redirect("customers_admin:detail", pk=customer.pk)


@require_POST
@_requires(DELETE_SEGMENT)
def segment_delete(request, pk):
    segment = get_object_or_404(CustomerSegment, pk=pk)
    name = segment.name
    services.segment_delete(segment=segment, user=request.user)
    messages.success(request, _("Segment “%(name)s” deleted.") % {"name": name})
    return redirect("customers_admin:segments")
