"""The address book: list, add, edit, delete, choose the default.

An address is looked up with the signed-in customer in the query, so another
customer's address id is a 404, not a page that leaks or edits it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from customers import services
from customers.forms import AddressForm
from customers.models import Address
from customers.views import posted
from customers.views.account import customer_required


def _own_address(request: HttpRequest, pk: int) -> Address:
    return get_object_or_404(Address, pk=pk, customer=request.user)


@never_cache
@customer_required
def address_list(request: HttpRequest) -> HttpResponse:
    addresses = Address.objects.of(request.user)
    return render(request, "account/addresses.html", {"addresses": addresses})


@never_cache
@customer_required
def address_create(request: HttpRequest) -> HttpResponse:
    form = AddressForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.address_create(customer=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Address saved."))
            return redirect("customers:addresses")
    return render(request, "account/address_form.html", {"form": form, "address": None})


@never_cache
@customer_required
def address_update(request: HttpRequest, pk: int) -> HttpResponse:
    address = _own_address(request, pk)
    form = AddressForm(posted(request), instance=address)
    if request.method == "POST" and form.is_valid():
        try:
            services.address_update(address=address, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Address updated."))
            return redirect("customers:addresses")
    return render(request, "account/address_form.html", {"form": form, "address": address})


@never_cache
@customer_required
def address_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks to confirm; POST deletes."""
    address = _own_address(request, pk)
    if request.method == "POST":
        services.address_delete(address=address)
        messages.success(request, _("Address deleted."))
        return redirect("customers:addresses")
    return render(request, "account/address_confirm_delete.html", {"address": address})


@never_cache
@customer_required
@require_POST
def address_make_default(request: HttpRequest, pk: int) -> HttpResponse:
    services.address_set_default(address=_own_address(request, pk))
    messages.success(request, _("Default address changed."))
    return redirect("customers:addresses")
