"""Writes on SoA entries, the live draft of a workspace's Statement of Applicability."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civac.audit.context import acting_as
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from isms.models import CatalogueControl, SoAEntry

Applicability = SoAEntry.Applicability
Status = SoAEntry.Status


def soa_add_catalogue_controls(*, actor, workspace) -> int:
    """Create a not-assessed entry for every current Annex A control the workspace has none for.

    Returns the number of entries created; running it again creates none.
    """
    with acting_as(actor), transaction.atomic():
        present = SoAEntry.objects.filter(catalogue_control__isnull=False).values("catalogue_control_id")
        missing = CatalogueControl.objects.filter(is_current=True).exclude(pk__in=present).order_by("position")
        created = SoAEntry.objects.bulk_create(
            [SoAEntry(workspace=workspace, catalogue_control=control) for control in missing]
        )
    return len(created)


def _check_choices(applicability: str, status: str, maturity) -> None:
    if applicability not in Applicability.values:
        raise field_error("applicability", _("Unknown applicability %(value)s; choose applicable, not applicable "
                                             "or not assessed.") % {"value": applicability},
                          "soa_applicability_invalid")
    if status not in Status.values:
        raise field_error("status", _("Unknown implementation status %(value)s; choose one from the list.")
                          % {"value": status}, "soa_status_invalid")
    if maturity is not None and maturity not in SoAEntry.Maturity.values:
        raise field_error("maturity", _("Maturity must be a level from 0 to 5, or empty if not rated."),
                          "soa_maturity_invalid")


def _check_consistency(applicability: str, status: str, justification: str) -> None:
    if applicability == Applicability.NOT_APPLICABLE and not justification:
        raise field_error("justification", _("A control that is not applicable needs a justification for its "
                                             "exclusion; state why it does not apply."),
                          "soa_justification_missing")
    if applicability != Applicability.NOT_APPLICABLE and status == Status.NOT_APPLICABLE:
        raise field_error("status", _("The status “not applicable” requires the applicability “not "
                                      "applicable”; change one of the two."), "soa_status_contradicts")


def soa_entry_update(*, actor, entry: SoAEntry, applicability: str, status: str, inclusion_reason: str = "",
                     justification: str = "", maturity: int | None = None, owner=None,
                     notes: str = "") -> SoAEntry:
    """Record the assessment of one control.

    An excluded control gets the status "not applicable" whatever status was
    sent, because any other status would contradict the exclusion. The owner
    must be a member of the entry's workspace.
    """
    justification = (justification or "").strip()
    _check_choices(applicability, status, maturity)
    if applicability == Applicability.NOT_APPLICABLE:
        status = Status.NOT_APPLICABLE
    _check_consistency(applicability, status, justification)
    if owner is not None and not Membership.objects.filter(user=owner).exists():
        raise field_error("owner", _("The owner must be a member of this workspace; choose one from the list."),
                          "soa_owner_not_member")

    with acting_as(actor), transaction.atomic():
        entry.applicability = applicability
        entry.status = status
        entry.inclusion_reason = (inclusion_reason or "").strip()
        entry.justification = justification
        entry.maturity = maturity
        entry.owner = owner
        entry.notes = (notes or "").strip()
        entry.save()
    return entry
