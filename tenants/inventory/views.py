"""Shop admin: the stock list — every variant's count at the default location.

A merchant's daily inventory task is "how many do I have, set the new count"; this
page does that for the default location (other locations come with multi-location
stock). Setting a count goes through ``inventory.services.stock_set``, which records
the movement and refuses a count below what running checkouts hold.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.models import Variant
from inventory.models import Location, StockLevel
from inventory.services import stock_set

VIEW = "inventory.view_stocklevel"
CHANGE = "inventory.change_stocklevel"
PER_PAGE = 50


class StockIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "inventory/admin/index.html"
    page_title = gettext_lazy("Inventory")
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Inventory")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        location = Location.objects.filter(is_default=True).first()
        query = (self.request.GET.get("q") or "").strip()[:100]
        variants = Variant.objects.select_related("product").order_by(
            "product__title", "position", "id"
        )
        if query:
            variants = variants.filter(Q(product__title__icontains=query) | Q(sku__icontains=query))
        page = Paginator(variants, PER_PAGE).get_page(self.request.GET.get("p"))
        levels = {
            level.variant_id: level
            for level in StockLevel.objects.filter(
                location=location, variant__in=[v.pk for v in page.object_list]
            )
        }
        rows = [(variant, levels.get(variant.pk)) for variant in page.object_list]
        context.update(location=location, rows=rows, page_obj=page, query=query)
        return context


index = permission_required(VIEW)(StockIndexView.as_view())


@require_POST
@permission_required(CHANGE)
def stock_update(request, variant_id: int):
    variant = get_object_or_404(Variant.objects.select_related("product"), pk=variant_id)
    try:
        try:
            on_hand = int(request.POST.get("on_hand", "").strip())
        except ValueError:
            raise ValidationError(_("Enter a whole number.")) from None
        stock_set(
            variant=variant,
            on_hand=on_hand,
            reason="count",
            reference=f"admin:{request.user.email}",
            user=request.user,
        )
    except ValidationError as error:
        messages.error(
            request,
            _("%(variant)s: %(problem)s")
            % {"variant": variant, "problem": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("%(variant)s: stock updated.") % {"variant": variant})
    back = reverse("inventory_admin:index")
    query = request.POST.get("q", "")
    return redirect(f"{back}?q={query}" if query else back)
