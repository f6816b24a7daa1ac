"""Shop admin: choose a theme, tune its settings with a live preview, publish.

The editor shows the storefront in a frame rendered with the *draft* (a signed
``theme_preview`` parameter that only this shop's staff can use, see
``themes.selectors``). Each change is saved as a draft and the frame reloads; the
storefront changes only on "Publish".
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.models import Product
from themes.forms import ThemeSettingsForm
from themes.models import ThemeSettings
from themes.registry import get_theme, selectable_themes, themes
from themes.schema import merge_stored
from themes.selectors import CHANGE_PERMISSION, PREVIEW_PARAM, preview_token, published_theme
from themes.services import (
    theme_activate,
    theme_publish,
    theme_settings_discard_draft,
    theme_settings_save_draft,
)


def _preview_pages() -> list[tuple[str, str]]:
    """Storefront pages the merchant can look at in the preview frame."""
    pages = [
        (_("Home page"), "/"),
        (_("Collection"), reverse("storefront:collection_all")),
    ]
    handle = Product.objects.active().order_by("id").values_list("handle", flat=True).first()
    if handle:
        pages.append((_("Product"), reverse("storefront:product", args=[handle])))
    pages += [
        (_("Cart"), reverse("cart:detail")),
        (_("Search"), reverse("storefront:search") + "?q=a"),
        (_("Account sign-in"), reverse("customers:login")),
        (_("Page not found"), "/no-such-page/"),
    ]
    return pages


class ThemeIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "themes/admin/index.html"
    page_title = gettext_lazy("Theme")
    header_icon = "desktop"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Theme")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = {row.theme: row for row in ThemeSettings.objects.all()}
        live = published_theme().name
        context["themes"] = [
            {"theme": t, "row": rows.get(t.name), "live": t.name == live}
            for t in selectable_themes()
        ]
        return context


class ThemeEditView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "themes/admin/edit.html"
    header_icon = "desktop"

    def dispatch(self, request, *args, name: str, **kwargs):
        if name not in themes():
            raise Http404(_("There is no such theme."))
        self.theme = get_theme(name)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Customise “%(theme)s”") % {"theme": self.theme.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("themes_admin:index"), "label": _("Theme")},
            {"url": "", "label": self.theme.title},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        row = ThemeSettings.objects.filter(theme=self.theme.name).first()
        if form is None:
            stored = (row.draft if row.has_draft else row.published) if row else {}
            form = ThemeSettingsForm(
                theme=self.theme, initial=merge_stored(self.theme.settings, stored)
            )
        query = urlencode({PREVIEW_PARAM: preview_token(self.theme.name)})
        context.update(
            theme=self.theme,
            row=row,
            form=form,
            live=published_theme().name == self.theme.name,
            preview_query=query,
            preview_pages=_preview_pages(),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action", "draft")
        wants_json = request.headers.get("Accept", "").startswith("application/json")
        if action == "discard":
            theme_settings_discard_draft(theme=self.theme.name, user=request.user)
            messages.success(request, _("Draft discarded."))
            return redirect("themes_admin:edit", name=self.theme.name)
        form = ThemeSettingsForm(request.POST, theme=self.theme)
        if form.is_valid():
            try:
                if action == "publish":
                    theme_publish(theme=self.theme.name, values=form.values, user=request.user)
                else:
                    theme_settings_save_draft(
                        theme=self.theme.name, values=form.values, user=request.user
                    )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        if not form.is_valid():
            if wants_json:
                return JsonResponse({"ok": False, "errors": form.errors}, status=400)
            messages.error(request, _("Nothing was saved: please correct the settings below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if wants_json:
            return JsonResponse({"ok": True})
        if action == "publish":
            messages.success(
                request,
                _("“%(theme)s” is now live on your storefront.") % {"theme": self.theme.title},
            )
        else:
            messages.success(request, _("Draft saved. Only you can see it in the preview."))
        return redirect("themes_admin:edit", name=self.theme.name)


@require_POST
@permission_required(CHANGE_PERMISSION)
def activate(request, name: str):
    """Switch the storefront to ``name`` with its saved settings (or its defaults)."""
    if name not in themes():
        raise Http404(_("There is no such theme."))
    theme_activate(theme=name, user=request.user)
    messages.success(
        request, _("“%(theme)s” is now live on your storefront.") % {"theme": get_theme(name).title}
    )
    return redirect("themes_admin:index")


index = permission_required(CHANGE_PERMISSION)(ThemeIndexView.as_view())
edit = permission_required(CHANGE_PERMISSION)(ThemeEditView.as_view())
