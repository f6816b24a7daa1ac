"""Shop-admin form for collections (the product editor's is ``catalog_admin.forms``).

It checks what a single field cannot: a blank handle is generated, a typed one is
validated with the services' rules; a collection's rules must suit its kind.
Messages land next to the input concerned.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from catalog.models import Collection
from catalog.services import handle_generate, handle_validate, rule_problem
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
