"""Shopify's customer CSV: checked into a preview, written through
``customers.services`` (``customer_create`` / ``customer_update``), audited per
customer as those services do.

Customers are created without passwords and without an account: nobody is e-mailed.
The merchant invites each one when ready (the customer invite on the customer's page,
``customers.services``); imported customers are ready for it as they are. A default
address cannot live in a customer's address book until they have an account, so
the address columns are kept beside the record (``CustomerKeptColumns``) and given
back on export, with SMS consent, tax exemption and any other column.
"""

from __future__ import annotations

from itertools import islice

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.models import Customer
from customers.services import customer_create, customer_update, email_clean
from imports.models import CustomerKeptColumns, ImportJob, ImportOutcome
from imports.problems import problems_save
from imports.reading import UnreadableFile, file_shape, rows
from imports.rows_io import cell, header_index, row_batches
from imports.sheet import FALSE, TRUE, Problem

STORED = {
    "first name": "first_name",
    "last name": "last_name",
    "email": "email",
    "accepts email marketing": "accepts_marketing",
    "phone": "phone",
    "tags": "tags",
    "note": "note",
}


def _fields(cells, index, number, problems) -> dict | None:
    fields = {}
    for header, name in STORED.items():
        if header not in index:
            continue
        value = cell(cells, index, header)
        if name == "accepts_marketing":
            folded = value.casefold()
            if folded and folded not in TRUE | FALSE:
                problems.append(
                    Problem(
                        number,
                        "Accepts Email Marketing",
                        _("“%(v)s” is not yes or no.") % {"v": value},
                    )
                )
            value = folded in TRUE
        fields[name] = value
    try:
        fields["email"] = email_clean(fields.get("email", ""))
    except ValidationError as error:
        problems.append(Problem(number, "Email", error.message_dict["email"][0]))
        return None
    return fields


def _kept(cells, header) -> dict:
    return {
        name.strip(): cells[i].strip()
        for i, name in enumerate(header)
        if i < len(cells) and cells[i].strip() and name.strip().casefold() not in STORED
    }


def _plan(job, header, batch, seen):
    index = header_index(header)
    if "email" not in index:
        raise UnreadableFile(_("The first row is not a customer header: it needs an Email column."))
    planned = []
    emails = []
    for number, cells in batch:
        problems: list[Problem] = []
        fields = _fields(cells, index, number, problems)
        if fields is not None:
            first = seen.setdefault(fields["email"], number)
            if first != number:
                problems.append(
                    Problem(number, "Email", _("Also on row %(row)d.") % {"row": first})
                )
            emails.append(fields["email"])
        planned.append([number, fields, _kept(cells, header), problems, None])
    existing = {c.email: c for c in Customer.objects.filter(email__in=emails)}
    for item in planned:
        number, fields, _k, problems, _a = item
        if fields is None or any(not p.warning for p in problems):
            item[4] = "failed"
        elif fields["email"] in existing:
            customer = existing[fields["email"]]
            if not job.overwrite:
                item[4] = "skipped"
                problems.append(
                    Problem(number, "Email", _("Already a customer; skipped."), warning=True)
                )
            elif all(
                getattr(customer, k)
                == (v if k != "tags" else [t.strip() for t in v.split(",") if t.strip()])
                for k, v in fields.items()
            ):
                item[4] = "unchanged"
            else:
                item[4] = "updated"
            item.append(customer)
        else:
            item[4] = "new"
    return planned


def customers_check(*, job: ImportJob, file, shape) -> None:
    counts = dict.fromkeys(("new", "updated", "unchanged", "skipped", "failed"), 0)
    seen: dict[str, int] = {}
    preview, total = [], 0
    job.header_set = "customers"
    for header, batch in row_batches(file, shape):
        planned = _plan(job, header, batch, seen)
        problems = []
        for number, fields, _kept_cols, found, action, *_c in planned:
            counts[action] += 1
            total += 1
            problems += found
            if len(preview) < 10:
                preview.append(
                    {
                        "row": number,
                        "handle": (fields or {}).get("email", ""),
                        "title": " ".join(
                            filter(
                                None,
                                [(fields or {}).get("first_name"), (fields or {}).get("last_name")],
                            )
                        ),
                        "action": action,
                    }
                )
        problems_save(job, problems)
    job.counts, job.preview_rows, job.total_items, job.total_rows = (
        counts,
        preview,
        total,
        total + 1,
    )


def customers_run(*, job: ImportJob, file) -> bool:
    shape = file_shape(file)
    seen: dict[str, int] = {}
    # Rows written before a resume still count for the file's duplicate e-mails.
    records = rows(file, shape)
    _n, first_header = next(records)
    index = header_index(first_header)
    for number, cells in islice(records, job.items_done):
        seen.setdefault(cell(cells, index, "email").lower(), number)
    for header, batch in row_batches(file, shape, skip=job.items_done):
        with transaction.atomic():
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.cancel_requested:
                return False
            planned = _plan(job, header, batch, seen)
            problems, outcomes, kept = [], [], []
            result = (
                dict.fromkeys(("new", "updated", "unchanged", "skipped", "failed"), 0)
                | locked.result
            )
            for item in planned:
                number, fields, kept_cols, _found, action = item[:5]
                customer = item[5] if len(item) > 5 else None
                try:
                    with transaction.atomic():
                        if action == "new":
                            customer = customer_create(**fields, user=job.created_by)
                        elif action == "updated":
                            customer = customer_update(
                                customer=customer, **fields, user=job.created_by
                            )
                except (ValidationError, IntegrityError) as error:
                    action = "failed"
                    problems.append(
                        Problem(number, "", " ".join(getattr(error, "messages", [str(error)])))
                    )
                if action in ("new", "updated") and kept_cols:
                    kept.append(CustomerKeptColumns(customer=customer, columns=kept_cols))
                result[action] += 1
                outcomes.append(
                    ImportOutcome(
                        job=job,
                        row=number,
                        key=(fields or {}).get("email", "")[:255],
                        action={"new": "created"}.get(action, action),
                        object_id=customer.pk
                        if customer and action in ("new", "updated", "unchanged", "skipped")
                        else None,
                    )
                )
            CustomerKeptColumns.objects.bulk_create(
                kept, update_conflicts=True, unique_fields=["customer"], update_fields=["columns"]
            )
            ImportOutcome.objects.bulk_create(outcomes)
            problems_save(job, problems, while_importing=True)
            ImportJob.objects.filter(pk=job.pk).update(
                items_done=F("items_done") + len(batch),
                rows_done=F("rows_done") + len(batch),
                result=result,
                updated_at=timezone.now(),
            )
    return True
