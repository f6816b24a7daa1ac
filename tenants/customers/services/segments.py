"""Writes of customer segments: saved filters of the customers list, audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from customers.filters import filter_params
from customers.models import CustomerSegment

NAME_MAX_LENGTH = CustomerSegment._meta.get_field("name").max_length


def _name_clean(name: str, *, exclude_pk: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Name the segment.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("A name has at most %(n)d characters.") % {"n": NAME_MAX_LENGTH}}
        )
    if CustomerSegment.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise _duplicate(name)
    return name


def _duplicate(name: str) -> ValidationError:
    return ValidationError(
        {"name": _("A segment named “%(name)s” already exists.") % {"name": name}}
    )


def _save(segment: CustomerSegment, **kwargs) -> None:
    try:
        with transaction.atomic():
            segment.save(**kwargs)
    except IntegrityError:
        raise _duplicate(segment.name) from None


@transaction.atomic
def segment_create(*, name: str, filters, user=None) -> CustomerSegment:
    """Save the list's current filter under ``name``. ``filters``: the list's query
    parameters (a ``QueryDict`` or dict); only the filter's own, set and valid, are
    kept, and an invalid one is refused by field. A segment without any filter would
    be "everyone", which the list already is."""
    segment = CustomerSegment(name=_name_clean(name), filters=filter_params(filters))
    if not segment.filters:
        raise ValidationError(_("Choose at least one filter before saving a segment."))
    _save(segment)
    log(instance=segment, action="wagtail.create", user=user)
    return segment


@transaction.atomic
def segment_update(*, segment: CustomerSegment, name: str, user=None) -> CustomerSegment:
    """Rename a segment (its filter is changed by saving a new one from the list)."""
    segment = CustomerSegment.objects.select_for_update().get(pk=segment.pk)
    name = _name_clean(name, exclude_pk=segment.pk)
    if name == segment.name:
        return segment
    segment.name = name
    _save(segment, update_fields=["name", "updated_at"])
    log(instance=segment, action="wagtail.rename", user=user)
    return segment


@transaction.atomic
def segment_delete(*, segment: CustomerSegment, user=None) -> None:
    log(instance=segment, action="wagtail.delete", user=user)
    segment.delete()
