"""Settings › Notifications: the list, and one notification's editor.

The editor is one form with four buttons: Preview (renders what is typed, saves
nothing), Save, Send me a test (the saved version), Reset to default. The preview
is shown in an ``<iframe sandbox srcdoc=…>``: no script runs in it and it has no
origin, so whatever HTML a template holds cannot act on the admin. Writes go
through ``notifications.services``; a template the service refuses comes back on
the form with the reason, nothing saved.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kernel.admin_writes import form_errors_add
from notifications.forms import NotificationTemplateForm
from notifications.models import NotificationTemplate
from notifications.registry import notification_get
from notifications.selectors import notification_rows
from notifications.sending import branding, current_shop, default_source, render_email
from notifications.services import (
    notification_template_reset,
    notification_template_save,
    notification_test_send,
)

PERMISSION = "notifications.change_notificationtemplate"


def _requires_permission(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _breadcrumbs(*current):
    return [
        {"url": reverse("wagtailadmin_home"), "label": _("Home")},
        {"url": reverse("notifications_admin:index"), "label": _("Notifications")},
        *current,
    ]


@_requires_permission
def index(request):
    return TemplateResponse(
        request,
        "notifications/admin/index.html",
        {
            "rows": notification_rows(),
            "page_title": _("Notifications"),
            "header_title": _("Notifications"),
            "header_icon": "mail",
            "breadcrumbs_items": _breadcrumbs(),
        },
    )


@_requires_permission
@require_http_methods(["GET", "POST"])
def edit(request, key):
    try:
        notification = notification_get(key)
    except LookupError:
        raise Http404 from None
    row = NotificationTemplate.objects.filter(key=key).first()
    default_subject, default_body = default_source(notification)
    saved = (
        {"subject": row.subject, "body": row.body}
        if row
        else {
            "subject": default_subject,
            "body": default_body,
        }
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    status = 200
    if action == "reset":
        if notification_template_reset(key=key, user=request.user):
            messages.success(request, _("“%s” is back to the default.") % notification.name)
        return redirect("notifications_admin:edit", key=key)
    if action == "test":
        try:
            notification_test_send(key=key, to=request.user.email, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("A test of the saved version was sent to %(email)s.")
                % {"email": request.user.email},
            )
        return redirect("notifications_admin:edit", key=key)

    form = NotificationTemplateForm(request.POST or None, initial=saved)
    shown = saved
    if action in ("save", "preview") and form.is_valid():
        shown = form.cleaned_data
        if action == "save":
            try:
                notification_template_save(key=key, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _("“%s” saved.") % notification.name)
                return redirect("notifications_admin:edit", key=key)
    elif action and not form.is_valid():
        shown = None
    if form.errors:
        status = 400

    preview, preview_error = None, ""
    if shown is not None and not form.errors:
        try:
            preview = render_email(
                notification,
                context=notification.sample_context,
                subject=shown["subject"],
                body=shown["body"],
                shop=current_shop(),
                look=branding(),
            )
        except ValidationError as error:
            preview_error = " ".join(error.messages)
            form_errors_add(form, ValidationError({"body": error.messages}))
            status = 400
    return TemplateResponse(
        request,
        "notifications/admin/edit.html",
        {
            "notification": notification,
            "form": form,
            "customised": row is not None,
            "preview": preview,
            "preview_error": preview_error,
            "samples": notification.variables(),
            "page_title": notification.name,
            "header_title": notification.name,
            "header_icon": "mail",
            "breadcrumbs_items": _breadcrumbs({"url": "", "label": notification.name}),
        },
        status=status,
    )
