"""Writes on the supplier register and its reviews; each review opens the task for the next one."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from isms.models import Supplier, SupplierReview
from isms.services.suppliers.summary import SUPPLIER_CONTROL_REFS
from isms.services.tasks import task_open_for

SUPPLIER_FIELDS = ["name", "services", "criticality", "data_processed", "processes_personal_data",
                   "contract_starts_on", "contract_ends_on", "dpa_signed_on", "security_requirements",
                   "risk_rating", "review_interval_months", "next_review_on", "contact_name", "contact_email"]
MAX_REVIEW_INTERVAL_MONTHS = 36


def _check(values: dict, soa_entries) -> None:
    if not values["name"]:
        raise field_error("name", _("Enter the supplier's name."), "name_missing")
    if not values["services"]:
        raise field_error("services", _("Describe the services the supplier provides."), "services_missing")
    starts, ends = values.get("contract_starts_on"), values.get("contract_ends_on")
    if starts and ends and ends < starts:
        raise field_error("contract_ends_on", _("The contract cannot end before it starts; check both dates."),
                          "contract_dates")
    interval = values.get("review_interval_months")
    if interval is None or not 1 <= interval <= MAX_REVIEW_INTERVAL_MONTHS:
        raise field_error("review_interval_months", _("Enter a review interval between 1 and %(max)d months.")
                          % {"max": MAX_REVIEW_INTERVAL_MONTHS}, "interval_invalid")
    if values.get("dpa_signed_on") and not values.get("processes_personal_data"):
        raise field_error("dpa_signed_on", _("A DPA is recorded only for suppliers that process personal data on "
                                             "your behalf; tick that box or clear the date."), "dpa_without_data")
    if any(entry.ref not in SUPPLIER_CONTROL_REFS for entry in soa_entries):
        raise field_error("soa_entries", _("Link only the supplier controls A.5.19 to A.5.22."), "soa_not_supplier")


def _clean(values: dict) -> dict:
    cleaned = {field: values.get(field) for field in SUPPLIER_FIELDS}
    # Empty dates stay None, so a form can clear them; choice fields fall back to the model's defaults.
    cleaned["criticality"] = cleaned["criticality"] or Supplier.Criticality.MEDIUM
    cleaned["risk_rating"] = cleaned["risk_rating"] or Supplier.Rating.NOT_RATED
    for text in ("name", "services", "data_processed", "security_requirements", "contact_name", "contact_email"):
        cleaned[text] = (cleaned.get(text) or "").strip()
    cleaned["processes_personal_data"] = cleaned.get("processes_personal_data") is True
    return cleaned


def _open_review_task(supplier: Supplier, source) -> None:
    if supplier.next_review_on is None:
        return
    task_open_for(workspace=supplier.workspace, source=source,
                  title=_("Review supplier %(name)s") % {"name": supplier.name},
                  description=_("Check the supplier's security, contract and DPA, then record the review."),
                  due_on=supplier.next_review_on)


def supplier_values(values: dict, soa_entries=()) -> dict:
    """Return the cleaned field values that ``supplier_create`` stores; raise ValidationError if a check fails."""
    values = _clean(values)
    _check(values, soa_entries)
    return values


def supplier_create(*, actor, workspace, values: dict, risks=(), soa_entries=()) -> Supplier:
    """Register a supplier and open the task for its first review when a review date is set."""
    values = supplier_values(values, soa_entries)
    with transaction.atomic(), workspace_context(workspace):
        supplier = Supplier.objects.create(workspace=workspace, **values)
        supplier.risks.set(risks)
        supplier.soa_entries.set(soa_entries)
        _open_review_task(supplier, supplier)
    return supplier


def supplier_update(*, actor, supplier: Supplier, values: dict, risks=(), soa_entries=()) -> Supplier:
    merged = _clean({field: values.get(field, getattr(supplier, field)) for field in SUPPLIER_FIELDS})
    _check(merged, soa_entries)
    with transaction.atomic(), workspace_context(supplier.workspace):
        for field, value in merged.items():
            setattr(supplier, field, value)
        supplier.save()
        supplier.risks.set(risks)
        supplier.soa_entries.set(soa_entries)
        _open_review_task(supplier, supplier)
    return supplier


def supplier_review_record(*, actor, supplier: Supplier, reviewed_on: date, risk_rating: str, notes: str,
                           today: date) -> SupplierReview:
    """Record a review, carry its rating to the supplier, set the next review date and open its task."""
    if reviewed_on is None or reviewed_on > today:
        raise field_error("reviewed_on", _("Enter the date of the review; it cannot lie in the future."),
                          "reviewed_on_invalid")
    if risk_rating not in Supplier.Rating.values:
        raise field_error("risk_rating", _("Choose a risk rating."), "rating_invalid")
    with transaction.atomic(), workspace_context(supplier.workspace):
        review = SupplierReview.objects.create(workspace=supplier.workspace, supplier=supplier,
                                               reviewed_on=reviewed_on, risk_rating=risk_rating,
                                               notes=(notes or "").strip(), reviewed_by=actor)
        supplier.risk_rating = risk_rating
        supplier.next_review_on = reviewed_on + relativedelta(months=supplier.review_interval_months)
        supplier.save()
        # One task per review row: the review just recorded is the source of the next one.
        _open_review_task(supplier, review)
    return review
