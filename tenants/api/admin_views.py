"""Shop admin → Settings → Apps: create apps with scopes, see a new token once,
rotate or revoke it, see when it was last used; storefront tokens for headless shops.

Only the shop's owner and admins (superusers of the shop) manage apps: a token can do
whatever its scopes allow, so making one is as strong as the strongest scope.
Every write goes through ``api.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.auth import user_passes_test

from api import services
from api.models import App, StorefrontToken
from api.scopes import RESOURCES, SCOPES
from api.versions import CURRENT


def may_manage_apps(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


apps_allowed = user_passes_test(may_manage_apps)


def _error_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for ms in error.message_dict.values() for m in ms)
    return " ".join(error.messages)


def _render(request, template: str, **context):
    context.setdefault("header_icon", "cogs")
    return TemplateResponse(request, template, context)


@apps_allowed
def index(request):
    return _render(
        request,
        "api/admin/index.html",
        page_title=_("Apps"),
        apps=App.objects.order_by("name", "id"),
        storefront_tokens=StorefrontToken.objects.filter(revoked_at__isnull=True),
        resources=[(r, label) for r, label in RESOURCES.items()],
        version=CURRENT,
        admin_base=request.build_absolute_uri(f"/api/admin/{CURRENT}/"),
        storefront_base=request.build_absolute_uri(f"/api/storefront/{CURRENT}/"),
    )


def _token_page(request, app: App, token: str):
    return _render(request, "api/admin/token.html", page_title=app.name, app=app, token=token)


@require_POST
@apps_allowed
def create(request):
    scopes = [s for s in request.POST.getlist("scopes") if s in SCOPES]
    try:
        app, token = services.app_create(
            name=request.POST.get("name", ""), scopes=scopes, user=request.user
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("shop_apps:index")
    return _token_page(request, app, token)


@require_POST
@apps_allowed
def update(request, app_id: int):
    app = get_object_or_404(App, pk=app_id)
    try:
        services.app_update(app=app, scopes=request.POST.getlist("scopes"), user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Scopes of “%(name)s” saved.") % {"name": app.name})
    return redirect("shop_apps:index")


@require_POST
@apps_allowed
def rotate(request, app_id: int):
    app = get_object_or_404(App, pk=app_id)
    token = services.app_token_rotate(app=app, user=request.user)
    return _token_page(request, app, token)


@require_POST
@apps_allowed
def revoke(request, app_id: int):
    app = get_object_or_404(App, pk=app_id)
    services.app_token_revoke(app=app, user=request.user)
    messages.success(request, _("The token of “%(name)s” no longer works.") % {"name": app.name})
    return redirect("shop_apps:index")


@require_POST
@apps_allowed
def delete(request, app_id: int):
    app = get_object_or_404(App, pk=app_id)
    services.app_delete(app=app, user=request.user)
    messages.success(request, _("App “%(name)s” deleted.") % {"name": app.name})
    return redirect("shop_apps:index")


@require_POST
@apps_allowed
def storefront_create(request):
    origins = request.POST.get("allowed_origins", "").replace(",", "\n").splitlines()
    try:
        services.storefront_token_create(
            name=request.POST.get("name", ""), allowed_origins=origins, user=request.user
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("shop_apps:index")


@require_POST
@apps_allowed
def storefront_revoke(request, token_id: int):
    token = get_object_or_404(StorefrontToken, pk=token_id, revoked_at__isnull=True)
    services.storefront_token_revoke(token=token, user=request.user)
    messages.success(request, _("Storefront token “%(name)s” revoked.") % {"name": token.name})
    return redirect("shop_apps:index")
