"""The platform console: thin views over console.selectors and the shops services.

Every view is wrapped in ``platform_admin_required``. Destructive actions (suspend,
delete) take two steps: a GET shows a confirmation page where the admin types the
shop's subdomain again, and only a POST with that form (CSRF-protected) acts.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.login_limits import LimitedAuthenticationForm
from accounts.two_factor import two_factor_challenge_or_login
from connect.events import event_replay
from connect.models import ConnectEvent
from console import selectors
from console.charts import bar_chart
from console.filters import SHOP_FILTERS, filter_shops
from console.forms import ConfirmShopForm
from console.models import ShopExport
from console.permissions import platform_admin_required
from console.services import shop_export_request
from console.support import support_entry_url
from shops.models import Shop
from shops.services import shop_delete, shop_reactivate, shop_suspend

PER_PAGE = 50


class ConsoleLoginView(auth_views.LoginView):
    template_name = "console/login.html"
    authentication_form = LimitedAuthenticationForm
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return reverse("console:overview")

    def form_valid(self, form):
        # The password is right: log in, or ask for the second factor first.
        return two_factor_challenge_or_login(
            self.request, form.get_user(), next_url=self.get_success_url()
        )


login = ConsoleLoginView.as_view()


@require_POST
def logout(request):
    auth_logout(request)
    return redirect("console:login")


@platform_admin_required
def overview(request):
    signups = selectors.signups_per_day(30)
    charts = {
        "shops": bar_chart(
            [(d.strftime("%d %b"), n) for d, n in signups["shops"]],
            title=_("New shops per day, last 30 days"),
            label_every=5,
        ),
        "accounts": bar_chart(
            [(d.strftime("%d %b"), n) for d, n in signups["accounts"]],
            title=_("New accounts per day, last 30 days"),
            label_every=5,
            color="#2563eb",
        ),
    }
    breakdowns = []
    for name, title, function in selectors.BREAKDOWNS:
        rows = function()
        breakdowns.append(
            {"name": name, "title": title, "rows": rows, "chart": bar_chart(rows, title=title)}
        )
    by_status = dict(selectors.shops_by_status())
    context = {
        "charts": charts,
        "signups": signups,
        "breakdowns": breakdowns,
        "active_shops": by_status.get(str(Shop.Status.ACTIVE.label), 0),
        "total_shops": sum(by_status.values()),
        "shops_last_30": sum(n for _d, n in signups["shops"]),
    }
    return render(request, "console/overview.html", context)


@platform_admin_required
def shop_list(request):
    shops, used = filter_shops(selectors.shops_for_list(), request.GET)
    page = Paginator(shops, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filters = [
        {"filter": f, "value": used[f.name], "choices": getattr(f, "choices", None)}
        for f in SHOP_FILTERS
    ]
    context = {"page": page, "used": used, "filters": filters, "query": query.urlencode()}
    return render(request, "console/shop_list.html", context)


@platform_admin_required
def shop_detail(request, shop_id: int):
    try:
        context = selectors.shop_detail(shop_id=shop_id)
    except Shop.DoesNotExist:
        raise Http404 from None
    return render(request, "console/shop_detail.html", context)


def _confirm(request, shop_id: int, *, action: str, perform, done: str):
    shop = get_object_or_404(Shop, pk=shop_id)
    form = ConfirmShopForm(request.POST or None, shop=shop)
    if request.method == "POST" and form.is_valid():
        try:
            perform(shop, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages[0] if error.messages else str(error))
        else:
            messages.success(request, done % {"name": shop.subdomain})
            return (
                redirect("console:shops")
                if action == "delete"
                else redirect("console:shop", shop_id=shop.pk)
            )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "console/confirm.html",
        {"shop": shop, "form": form, "action": action},
        status=status,
    )


@platform_admin_required
@require_http_methods(["GET", "POST"])
def suspend(request, shop_id: int):
    return _confirm(
        request,
        shop_id,
        action="suspend",
        perform=lambda shop, data: shop_suspend(
            shop=shop, reason=data["reason"], actor=request.user
        ),
        done=_("%(name)s is suspended: its storefront is closed."),
    )


@platform_admin_required
@require_http_methods(["GET", "POST"])
def delete(request, shop_id: int):
    return _confirm(
        request,
        shop_id,
        action="delete",
        perform=lambda shop, data: shop_delete(
            shop=shop, confirm_subdomain=data["confirm_subdomain"], actor=request.user
        ),
        done=_("%(name)s is deleted."),
    )


@platform_admin_required
@require_POST
def reactivate(request, shop_id: int):
    shop = get_object_or_404(Shop, pk=shop_id)
    try:
        shop_reactivate(shop=shop, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is active again.") % {"name": shop.subdomain})
    return redirect("console:shop", shop_id=shop.pk)


@platform_admin_required
@require_POST
def export(request, shop_id: int):
    shop = get_object_or_404(Shop, pk=shop_id)
    shop_export_request(shop=shop, actor=request.user.email)
    messages.success(
        request, _("Export started. The download link appears below when it is ready.")
    )
    return redirect("console:shop", shop_id=shop.pk)


@platform_admin_required
def export_download(request, export_id: int):
    export = get_object_or_404(ShopExport, pk=export_id, status=ShopExport.Status.DONE)
    name = export.archive_name
    path = Path(settings.EXPORT_ROOT) / name
    if Path(name).name != name or not path.is_file():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@platform_admin_required
@require_POST
def support(request, shop_id: int):
    shop = get_object_or_404(Shop, pk=shop_id)
    return redirect(support_entry_url(shop=shop, admin=request.user))


@platform_admin_required
def connect_events(request):
    status = request.GET.get("status", "")
    context = {
        "events": selectors.connect_events(status=status),
        "status": status,
        "statuses": ConnectEvent.Status.choices,
    }
    return render(request, "console/connect_events.html", context)


@platform_admin_required
@require_http_methods(["GET", "POST"])
def connect_event_replay(request, event_id: int):
    """GET: what the event is and what replaying does; POST: replay it now.

    The handler runs again in the event's shop (routed afresh), synchronously, so the
    admin sees the outcome; handlers are idempotent, so a replay of an applied event
    changes nothing that is already true.
    """
    stored = get_object_or_404(ConnectEvent.objects.select_related("shop"), pk=event_id)
    if request.method == "POST":
        stored = event_replay(event_pk=stored.pk, actor=request.user)
        text = _("Event %(id)s replayed: %(status)s.") % {
            "id": stored.event_id,
            "status": stored.get_status_display(),
        }
        if stored.status == ConnectEvent.Status.APPLIED:
            messages.success(request, text)
        else:
            messages.error(request, f"{text} {stored.reason}")
        if stored.shop_id:
            return redirect("console:shop", shop_id=stored.shop_id)
        return redirect("console:connect_events")
    return render(request, "console/connect_event_replay.html", {"event": stored})
