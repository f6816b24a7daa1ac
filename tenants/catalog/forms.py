"""Shop-admin forms for products and collections.

They check what a single field cannot: a blank handle is generated, a typed one is
validated with the services' rules; SKUs must differ across the whole form and from
other products' variants; a variant gives a value for each option the product names;
a collection's rules must suit its kind. Messages land next to the input concerned.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from catalog.models import Collection, Product
from catalog.services import (
    handle_generate,
    handle_validate,
    rule_problem,
    sku_conflicts,
    tags_normalise,
)
from kernel.admin_writes import live_forms

HANDLE_HELP = gettext_lazy("Leave blank to make one from the title.")


class _HandleMixin:
    def _clean_handle(self, model):
        handle = (self.cleaned_data.get("handle") or "").strip()
        title = self.cleaned_data.get("title")
        try:
            if handle:
                self.cleaned_data["handle"] = handle_validate(
                    model=model, handle=handle, exclude_pk=self.instance.pk
                )
            elif title:
                self.cleaned_data["handle"] = handle_generate(
                    model=model, title=title, exclude_pk=self.instance.pk
                )
        except ValidationError as error:
            self.add_error(None, error)


class ProductForm(_HandleMixin, WagtailAdminModelForm):
    handle = forms.CharField(label=gettext_lazy("handle"), required=False, help_text=HANDLE_HELP)

    def clean_tags(self):
        return tags_normalise(self.cleaned_data.get("tags") or [])

    def clean(self):
        cleaned = super().clean()
        self._clean_handle(Product)
        for i in (2, 3):
            if cleaned.get(f"option{i}_name") and not cleaned.get(f"option{i - 1}_name"):
                self.add_error(f"option{i}_name", _("Name option %(n)d first.") % {"n": i - 1})
        return cleaned

    def is_valid(self):
        valid = super().is_valid()
        if valid:
            self._check_variants()
        return (
            valid and not self.errors and not any(f.errors for f in self.formsets["variants"].forms)
        )

    def _check_variants(self):
        formset = self.formsets["variants"]
        live = live_forms(formset)
        if not live:
            self.add_error(None, _("A product needs at least one variant."))
            return
        names = [self.cleaned_data.get(f"option{i}_name") for i in (1, 2, 3)]
        seen_skus: dict[str, object] = {}
        for form in live:
            data = form.cleaned_data
            for i, name in enumerate(names, start=1):
                value = (data.get(f"option{i}") or "").strip()
                if name and not value:
                    form.add_error(
                        f"option{i}", _("Choose a value for “%(name)s”.") % {"name": name}
                    )
                elif value and not name:
                    form.add_error(
                        f"option{i}", _("Name option %(n)d on the product first.") % {"n": i}
                    )
            sku = (data.get("sku") or "").strip()
            if sku in seen_skus:
                form.add_error("sku", _("Another variant in this form has this SKU."))
            elif sku:
                seen_skus[sku] = form
        mine = [f.instance.pk for f in formset.forms if f.instance.pk]
        for sku in sku_conflicts(seen_skus, exclude_variant_pks=mine):
            seen_skus[sku].add_error("sku", _("That SKU is already used by another product."))


class CollectionForm(_HandleMixin, WagtailAdminModelForm):
    handle = forms.CharField(label=gettext_lazy("handle"), required=False, help_text=HANDLE_HELP)

    def clean(self):
        cleaned = super().clean()
        self._clean_handle(Collection)
        if self.instance.pk and cleaned.get("kind") and cleaned["kind"] != self.instance.kind:
            self.add_error("kind", _("A collection’s kind cannot change after it is created."))
        return cleaned

    def is_valid(self):
        valid = super().is_valid()
        if valid:
            self._check_rules()
        return (
            valid
            and not self.errors
            and not any(
                f.errors for name in ("rules", "memberships") for f in self.formsets[name].forms
            )
        )

    def _check_rules(self):
        kind = self.cleaned_data.get("kind")
        rules = live_forms(self.formsets["rules"])
        members = live_forms(self.formsets["memberships"])
        for form in rules:
            problem = rule_problem(
                field=form.cleaned_data.get("field"),
                relation=form.cleaned_data.get("relation"),
                value=form.cleaned_data.get("value"),
            )
            if problem:
                form.add_error("value", problem)
        if kind == Collection.Kind.AUTOMATIC:
            if not rules:
                self.add_error(None, _("An automatic collection needs at least one rule."))
            if members:
                self.add_error(None, _("Products of an automatic collection come from its rules."))
        elif rules:
            self.add_error(None, _("A manual collection has no rules; choose its products."))
