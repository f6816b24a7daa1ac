"""Discount codes in the shop's Wagtail admin, a top-level "Discounts" menu item.

A snippet viewset like the catalog's: listing with search and filters, create, edit
and delete. ``times_used`` is shown, never edited: only redemptions change it. The
form checks what was typed; the create, edit and delete views write through
``discounts.services`` (free-shipping codes hold no value, codes applying to
everything hold no collections, the audit entry).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from discounts.forms import DiscountCodeForm
from discounts.models import DiscountCode
from discounts.services import discount_code_create, discount_code_delete, discount_code_update
from kernel.admin_writes import ServiceBulkDeleteMixin, ServiceDeleteMixin, ServiceSaveMixin

FIELDS = (
    "code",
    "kind",
    "value",
    "is_active",
    "applies_to",
    "collections",
    "minimum_subtotal",
    "starts_at",
    "ends_at",
    "usage_limit",
    "per_customer_limit",
)


def discount_input(form) -> dict:
    fields = {name: form.cleaned_data.get(name) for name in FIELDS}
    fields["collections"] = list(fields["collections"] or ())
    return fields


class DiscountCodeCreateView(ServiceSaveMixin, CreateView):
    def service_save(self, form):
        return discount_code_create(**discount_input(form), user=self.request.user)


class DiscountCodeEditView(ServiceSaveMixin, EditView):
    def service_save(self, form):
        discount = DiscountCode.objects.get(pk=form.instance.pk)
        return discount_code_update(
            discount=discount, **discount_input(form), user=self.request.user
        )


class DiscountCodeDeleteView(ServiceDeleteMixin, DeleteView):
    def service_delete(self, instance):
        discount_code_delete(discount=instance, user=self.request.user)


class DiscountCodeBulkDelete(ServiceBulkDeleteMixin, DeleteBulkAction):
    models = [DiscountCode]

    @classmethod
    def service_delete(cls, instance, *, user):
        discount_code_delete(discount=instance, user=user)


def _usage(discount: DiscountCode) -> str:
    if discount.usage_limit is None:
        return str(discount.times_used)
    return f"{discount.times_used} / {discount.usage_limit}"


class DiscountCodeViewSet(SnippetViewSet):
    model = DiscountCode
    icon = "tag"
    menu_label = _("Discounts")
    menu_name = "discounts"
    menu_order = 210
    add_to_admin_menu = True
    url_prefix = "discounts/codes"
    url_namespace = "discounts_codes"
    add_view_class = DiscountCodeCreateView
    edit_view_class = DiscountCodeEditView
    delete_view_class = DiscountCodeDeleteView
    copy_view_enabled = False
    search_fields = ["code"]
    search_backend_name = None
    list_filter = ["kind", "is_active", "applies_to"]
    list_display = [
        "code",
        "kind",
        "value",
        "is_active",
        Column("usage", label=_("Used"), accessor=_usage),
        "ends_at",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
            FieldPanel("is_active"),
            MultiFieldPanel(
                [FieldPanel("applies_to"), FieldPanel("collections")], heading=_("Applies to")
            ),
            MultiFieldPanel(
                [
                    FieldPanel("minimum_subtotal"),
                    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                    FieldRowPanel([FieldPanel("usage_limit"), FieldPanel("per_customer_limit")]),
                ],
                heading=_("Conditions"),
            ),
        ],
        base_form_class=DiscountCodeForm,
    )
