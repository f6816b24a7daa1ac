"""Platform-side pages of an account: My shops, the account page, a shop's team,
invitations, agencies. Thin: parse the POST, call one service, redirect with a message.

Part of the platform site (with sign-up), above ``accounts``: they also create shops
and accounts through ``onboarding.services``. URL names stay ``accounts:*``
(``onboarding.account_urls``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts import agencies as agency_services
from accounts import services, two_factor
from accounts.models import (
    PERMISSION_CHOICES,
    Agency,
    AgencyMember,
    CollaboratorAccess,
    CollaboratorCode,
    Invitation,
    Membership,
    OwnershipTransfer,
    Role,
)
from accounts.selectors import agencies_for, agency_pending_requests, open_transfers_for
from accounts.sso import may_support, sso_start_url, sso_ticket_for_start
from accounts.throttle import client_ip
from kernel.countries import country_from_language
from onboarding.forms import NewShopForm
from onboarding.selectors import agency_client_shops, shops_for_account
from onboarding.services import invitation_join, shop_create_for_account
from onboarding.views import add_service_errors
from provisioning import seats
from provisioning import services as provisioning_services
from shops.models import Shop


def _fail(request, exc) -> None:
    if isinstance(exc, ValidationError):
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.error(request, str(exc) or _("You cannot do this."))


@login_required(login_url="onboarding:login")
def my_shops(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/my_shops.html",
        {
            "rows": shops_for_account(account=request.user),
            "transfers": open_transfers_for(account=request.user),
            "agencies": agencies_for(account=request.user),
            "offer_two_factor": not two_factor.has_two_factor(request.user),
        },
    )


@login_required(login_url="onboarding:login")
def shop_new(request: HttpRequest) -> HttpResponse:
    form = NewShopForm(
        request.POST or None,
        initial={"country": country_from_language(request.headers.get("Accept-Language", ""))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            shop = shop_create_for_account(
                account=request.user,
                shop_name=form.cleaned_data["shop_name"],
                subdomain=form.cleaned_data["subdomain"],
                country=form.cleaned_data["country"] or form.initial["country"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return HttpResponseRedirect(sso_start_url(account=request.user, shop=shop))
    return render(
        request,
        "accounts/shop_new.html",
        {"form": form, "platform_domain": settings.PLATFORM_DOMAIN},
        status=400 if form.errors else 200,
    )


@login_required(login_url="onboarding:login")
@require_POST
def shop_enter(request: HttpRequest, shop_id: int) -> HttpResponse:
    """ "Open admin": a POST (never a link a page could embed) that starts the
    single sign-on hand-off on the shop's host (accounts.sso)."""
    shop = get_object_or_404(Shop, pk=shop_id)
    support = request.POST.get("support") == "1"
    if support and may_support(request.user) and not two_factor.session_verified(request.user):
        return two_factor.two_factor_redirect(request, next_url=reverse("accounts:shops"))
    try:
        return HttpResponseRedirect(sso_start_url(account=request.user, shop=shop, support=support))
    except PermissionDenied:
        raise Http404 from None


@login_required(login_url="onboarding:login")
@require_GET
@never_cache
def shop_enter_ticket(request: HttpRequest, shop_id: int) -> HttpResponse:
    """The hand-off's middle leg: the shop host sent the browser back with its
    nonce's hash; mint a ticket bound to it, for the account that started."""
    shop = get_object_or_404(Shop, pk=shop_id)
    try:
        url = sso_ticket_for_start(
            account=request.user,
            shop=shop,
            start=request.GET.get("r", ""),
            nonce_hash=request.GET.get("b", ""),
        )
    except PermissionDenied as exc:
        return render(
            request,
            "platform/message.html",
            {"title": _("Sign-in refused"), "text": str(exc)},
            status=403,
        )
    response = HttpResponseRedirect(url)
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required(login_url="onboarding:login")
def account(request: HttpRequest) -> HttpResponse:
    """The account page: change the password, log out everywhere."""
    return _account_page(request, PasswordChangeForm(user=request.user))


def _account_page(request, form, status=200) -> HttpResponse:
    return render(request, "accounts/account.html", {"password_form": form}, status=status)


@login_required(login_url="onboarding:login")
@require_POST
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(user=request.user, data=request.POST)
    if not form.is_valid():
        return _account_page(request, form, status=400)
    form.save()
    services.account_sessions_end(account=request.user, keep_platform_session=request)
    messages.success(
        request,
        _("Password changed. Every other session of your account has ended, in every shop too."),
    )
    return redirect("accounts:account")


@login_required(login_url="onboarding:login")
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    services.account_sessions_end(account=request.user, keep_platform_session=request)
    messages.success(
        request,
        _(
            "Every other session of your account has ended, on the platform and in every "
            "shop admin. This browser stays signed in to the platform."
        ),
    )
    return redirect("accounts:account")


def _managed_shop(request, shop_id) -> tuple[Shop, Membership]:
    shop = get_object_or_404(Shop, pk=shop_id)
    try:
        mine = services.require_manager(account=request.user, shop=shop)
    except PermissionDenied:
        raise Http404 from None
    return shop, mine


@login_required(login_url="onboarding:login")
def team(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop, mine = _managed_shop(request, shop_id)
    if request.method == "POST":
        try:
            _team_action(request, shop)
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        return redirect("accounts:team", shop.pk)
    code = CollaboratorCode.objects.filter(shop=shop).values_list("code", flat=True).first()
    return render(
        request,
        "accounts/team.html",
        {
            "shop": shop,
            "mine": mine,
            "members": Membership.objects.filter(shop=shop)
            .select_related("account")
            .order_by("role", "account__email"),
            "invitations": Invitation.objects.filter(
                shop=shop, accepted_at__isnull=True, revoked_at__isnull=True
            ).order_by("-created_at"),
            "accesses": CollaboratorAccess.objects.filter(shop=shop)
            .exclude(status__in=["refused", "withdrawn"])
            .select_related("agency", "requested_by"),
            "code": code,
            "permission_choices": PERMISSION_CHOICES,
            "transfer": OwnershipTransfer.objects.filter(
                shop=shop, accepted_at__isnull=True, cancelled_at__isnull=True
            )
            .select_related("to_account")
            .first(),
        },
    )


def _team_action(request, shop) -> None:
    action, post, me = request.POST.get("action"), request.POST, request.user
    perms = post.getlist("permissions")
    if action == "invite":
        seats.invitation_create(
            shop=shop,
            by=me,
            email=post.get("email", ""),
            role=post.get("role", Role.STAFF),
            permissions=perms,
        )
        messages.success(request, _("Invitation sent."))
    elif action == "revoke_invitation":
        invitation = get_object_or_404(Invitation, pk=post.get("id"), shop=shop)
        services.invitation_revoke(invitation=invitation, by=me)
    elif action == "update_member":
        membership = get_object_or_404(Membership, pk=post.get("id"), shop=shop)
        services.membership_update(
            membership=membership, by=me, role=post.get("role", ""), permissions=perms
        )
        messages.success(request, _("Access updated."))
    elif action == "remove_member":
        membership = get_object_or_404(Membership, pk=post.get("id"), shop=shop)
        services.membership_remove(membership=membership, by=me)
        messages.success(request, _("Member removed."))
    elif action == "transfer":
        membership = get_object_or_404(Membership, pk=post.get("id"), shop=shop)
        services.ownership_transfer_propose(shop=shop, by=me, to_membership=membership)
        messages.success(request, _("Transfer proposed: the new owner must accept it."))
    elif action == "cancel_transfer":
        transfer = get_object_or_404(OwnershipTransfer, pk=post.get("id"), shop=shop)
        services.ownership_transfer_cancel(transfer=transfer, by=me)
    elif action == "code":
        agency_services.collaborator_code_for(
            shop=shop, by=me, regenerate=bool(post.get("regenerate"))
        )
    elif action in ("approve", "refuse"):
        access = get_object_or_404(CollaboratorAccess, pk=post.get("id"), shop=shop)
        seats.collaborator_decide(
            access=access,
            by=me,
            approve=action == "approve",
            permissions=perms if action == "approve" else None,
        )
        messages.success(
            request, _("Request approved.") if action == "approve" else _("Request refused.")
        )
    elif action == "collaborator_permissions":
        access = get_object_or_404(CollaboratorAccess, pk=post.get("id"), shop=shop)
        agency_services.collaborator_permissions_set(access=access, by=me, permissions=perms)
    elif action == "withdraw":
        access = get_object_or_404(CollaboratorAccess, pk=post.get("id"), shop=shop)
        agency_services.collaborator_withdraw(access=access, by=me)
        messages.success(request, _("Access withdrawn."))
    else:
        raise ValidationError(_("Unknown action."))


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = services.invitation_for_token(token)
    problem = services.invitation_problem(found)
    if problem:
        return render(
            request,
            "platform/message.html",
            {"title": _("Invitation"), "text": problem},
            status=410 if found else 404,
        )
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                seats.invitation_accept(token=token, account=request.user)
            else:
                account = invitation_join(token=token, password=request.POST.get("password", ""))
                login(request, account, backend="django.contrib.auth.backends.ModelBackend")
        except ValidationError as exc:
            _fail(request, exc)
        else:
            messages.success(request, _("You joined %(shop)s.") % {"shop": found.shop.name})
            return redirect("accounts:shops")
    return render(request, "accounts/invitation.html", {"invitation": found})


@login_required(login_url="onboarding:login")
@require_POST
def transfer_answer(request: HttpRequest, transfer_id: int) -> HttpResponse:
    transfer = get_object_or_404(OwnershipTransfer, pk=transfer_id)
    try:
        if request.POST.get("accept") == "1":
            services.ownership_transfer_accept(transfer=transfer, by=request.user)
            messages.success(request, _("You are now the owner."))
        else:
            services.ownership_transfer_cancel(transfer=transfer, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect("accounts:shops")


@login_required(login_url="onboarding:login")
def agency_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            agency = agency_services.agency_create(
                name=request.POST.get("name", ""), by=request.user
            )
        except ValidationError as exc:
            _fail(request, exc)
        else:
            return redirect("accounts:agency", agency.pk)
    return render(request, "accounts/agency_new.html")


def _my_agency(request, agency_id) -> tuple[Agency, AgencyMember]:
    member = agency_services.agency_member_of(account=request.user, agency_id=agency_id)
    if member is None:
        raise Http404
    return member.agency, member


@login_required(login_url="onboarding:login")
def agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency, me = _my_agency(request, agency_id)
    if request.method == "POST":
        action, post = request.POST.get("action"), request.POST
        try:
            if action == "request":
                agency_services.collaborator_request(
                    agency=agency,
                    by=request.user,
                    subdomain=post.get("subdomain", ""),
                    code=post.get("code", ""),
                    permissions=post.getlist("permissions"),
                    message=post.get("message", ""),
                    ip=client_ip(request),
                )
                messages.success(
                    request, _("Request sent: the shop owner will approve or refuse it.")
                )
            elif action == "add_member":
                agency_services.agency_member_add(
                    agency=agency, by=request.user, email=post.get("email", "")
                )
            elif action == "withdraw":
                access = get_object_or_404(CollaboratorAccess, pk=post.get("id"), agency=agency)
                agency_services.collaborator_withdraw(access=access, by=request.user)
            elif action == "create_shop":
                shop = provisioning_services.agency_shop_create(
                    agency=agency,
                    by=request.user,
                    name=post.get("shop_name", ""),
                    subdomain=post.get("subdomain", ""),
                    client_email=post.get("client_email", ""),
                    ip=client_ip(request),
                )
                messages.success(request, _("%(shop)s is ready.") % {"shop": shop.name})
            else:
                raise ValidationError(_("Unknown action."))
        except (ValidationError, PermissionDenied) as exc:
            _fail(request, exc)
        return redirect("accounts:agency", agency.pk)
    return render(
        request,
        "accounts/agency.html",
        {
            "agency": agency,
            "me": me,
            "rows": agency_client_shops(agency=agency),
            "pending": agency_pending_requests(agency=agency),
            "members": AgencyMember.objects.filter(agency=agency).select_related("account"),
            "permission_choices": PERMISSION_CHOICES,
            "platform_domain": settings.PLATFORM_DOMAIN,
        },
    )
