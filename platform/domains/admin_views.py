"""Shop admin: connect a custom domain and see the DNS records to create.

Runs in the shop's schema (Wagtail admin on the shop's host). The shop is always
``request.tenant`` — never an id from the URL or the form — and every write goes
through ``domains.services``, so one shop's staff can neither see nor change another
shop's domains. Who may manage domains: the shop's owner and admins (superusers
in the shop) and staff with the Settings role (``accounts.shop_staff.has_settings_role``,
the rule of the Payments page too). Not Wagtail's "change site" permission: that would
also let Settings staff edit the Wagtail Site, whose hostname routes the shop.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.auth import user_passes_test
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.shop_staff import has_settings_role
from domains.services import domain_add, domain_remove, domain_set_primary
from shops.dns import cname_target, verification_record_name
from shops.domain_checks import domain_verify
from shops.selectors import shop_domains

may_manage_domains = has_settings_role
domains_allowed = user_passes_test(may_manage_domains)


def _shop(request):
    shop = getattr(request, "shop", None)
    if shop is None:  # the platform domain has no shop admin
        raise Http404
    return shop


def _error_text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for messages_ in error.message_dict.values() for m in messages_)
    return " ".join(error.messages)


class DomainIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "domains/admin/domains.html"
    page_title = gettext_lazy("Domains")
    header_icon = "site"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Domains")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        domains = shop_domains(shop=_shop(self.request))
        for domain in domains:
            domain.txt_name = verification_record_name(domain.domain)
        context.update(
            domains=domains,
            cname_target=cname_target(),
            domain_value=self.request.GET.get("domain", ""),
            max_domains=settings.CUSTOM_DOMAINS_PER_SHOP,
        )
        return context


index = domains_allowed(DomainIndexView.as_view())


def _run(request, action, success: str):
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return None
    messages.success(request, success)
    return result or True


@require_POST
@domains_allowed
def add(request):
    shop = _shop(request)
    name = (request.POST.get("domain") or "")[:300]
    row = _run(
        request,
        lambda: domain_add(shop=shop, domain=name, actor=request.user),
        _("Domain added. Create the DNS records below; we check them every few minutes."),
    )
    if row is None:
        # Keep what was typed, so a typo can be fixed rather than retyped.
        return redirect(f"{reverse('shop_domains:index')}?{urlencode({'domain': name[:253]})}")
    return redirect("shop_domains:index")


@require_POST
@domains_allowed
def check(request, domain_id: int):
    shop = _shop(request)
    row = domain_verify(domain_id=domain_id, shop=shop)
    if row is None:
        messages.error(request, _("This domain does not belong to this shop."))
    elif row.is_verified:
        messages.success(request, _("“%(name)s” is verified and serves your shop.") % {"name": row})
    else:
        messages.warning(
            request,
            _("“%(name)s” is not verified yet: %(problems)s")
            % {"name": row, "problems": row.check_error},
        )
    return redirect("shop_domains:index")


@require_POST
@domains_allowed
def make_primary(request, domain_id: int):
    shop = _shop(request)
    _run(
        request,
        lambda: domain_set_primary(shop=shop, domain_id=domain_id, actor=request.user),
        _("Primary domain changed. Your other domains now redirect to it."),
    )
    return redirect("shop_domains:index")


@require_POST
@domains_allowed
def remove(request, domain_id: int):
    shop = _shop(request)
    _run(
        request,
        lambda: domain_remove(shop=shop, domain_id=domain_id, actor=request.user),
        _("Domain removed. To use it again you will have to verify it again."),
    )
    return redirect("shop_domains:index")
