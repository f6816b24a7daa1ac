"""Shop-admin views whose writes go through the aggregate's service.

Wagtail's generic create, edit and delete views save the form themselves. Ours let
the form check what the merchant typed and hand the write to the service that every
other entry point (commands, tasks, the APIs) calls too, so the rules — plan limits,
derived columns, the audit entry, cache versions — hold whichever way a change comes.

A ``ValidationError`` from the service lands back on the form, next to the field it
names (or above the form), with nothing written: the view's transaction rolls back.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path


def form_errors_add(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def live_forms(formset) -> list:
    """Sub-forms of an inline formset that are kept, in the order the merchant gave.

    Filled in or already saved, not marked for deletion; sorted by the formset's
    ``ORDER`` field when it has one (Wagtail's inline panels do).
    """
    live = []
    for form in formset.forms:
        if formset.can_delete and formset._should_delete_form(form):
            continue
        if (form.instance.pk or form.has_changed()) and hasattr(form, "cleaned_data"):
            live.append(form)
    if getattr(formset, "can_order", False):
        live.sort(key=lambda f: (f.cleaned_data.get("ORDER") is None, f.cleaned_data.get("ORDER")))
    return live


class ServiceSaveMixin:
    """For a Wagtail ``CreateView`` or ``EditView``: ``service_save(form)`` writes.

    Subclasses define ``service_save``, which calls the service with the form's
    cleaned data and the request's user, and returns the saved instance.
    """

    def service_save(self, form):
        raise NotImplementedError

    def save_instance(self):
        return self.service_save(self.form)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form_errors_add(form, error)
            self.produced_error_code = "validation_error"
            above = form.non_field_errors()
            self.produced_error_message = above[0] if above else self.get_error_message()
            return self.form_invalid(form)


class ServiceDeleteMixin:
    """For a Wagtail ``DeleteView``: ``service_delete(instance)`` deletes."""

    def service_delete(self, instance) -> None:
        raise NotImplementedError

    def delete_action(self):
        self.service_delete(self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return HttpResponseRedirect(self.get_success_url())


class ServiceBulkDeleteMixin:
    """For Wagtail's snippet ``DeleteBulkAction``: each object through ``service_delete``."""

    @classmethod
    def service_delete(cls, instance, *, user) -> None:
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for instance in objects:
            cls.service_delete(instance, user=user)
        return len(objects), 0

    def get_execution_context(self):
        return {**super().get_execution_context(), "user": self.request.user}


def setting_edit_path(model, view_class):
    """The edit URL of a Wagtail setting, served by ``view_class`` (a subclass of
    Wagtail's settings ``EditView`` with ``ServiceSaveMixin``) instead of Wagtail's view.

    Return it from a ``register_admin_urls`` hook registered with ``order=-1``: admin
    URLs are tried in hook order, so it is matched before Wagtail's own, and
    ``wagtailsettings:edit`` still reverses to the same address.
    """
    app, name = model._meta.app_label, model._meta.model_name
    return path(
        f"settings/{app}/{name}/<int:pk>/",
        view_class.as_view(),
        {"app_name": app, "model_name": name},
    )
