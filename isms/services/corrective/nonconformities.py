"""Opening a nonconformity from an audit finding, an incident or a management review, and editing it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from isms.models import AuditFinding, Nonconformity

EDITABLE_FIELDS = ["title", "description", "immediate_correction", "cause_analysis"]


def ensure_open(nonconformity: Nonconformity) -> None:
    if not nonconformity.is_open:
        raise field_error("nonconformity", _("This nonconformity is closed and can no longer change."),
                          "nonconformity_closed")


def _check_source(source: str, *, finding, incident, source_reference: str) -> None:
    if source not in Nonconformity.Source.values:
        raise field_error("source", _("Choose where the nonconformity comes from."), "source_invalid")
    if source == Nonconformity.Source.FINDING:
        if finding is None:
            raise field_error("finding", _("Choose the audit finding this nonconformity comes from."),
                              "finding_missing")
        if not finding.is_nonconformity:
            raise field_error("finding", _("Only a major or minor nonconformity needs a corrective action; this "
                                           "finding is an observation or an opportunity."), "finding_not_nc")
        if Nonconformity.objects.filter(finding=finding).exists():
            raise field_error("finding", _("This finding already has a corrective action; open that one."),
                              "finding_taken")
    if source == Nonconformity.Source.INCIDENT and incident is None:
        raise field_error("incident", _("Choose the incident this nonconformity comes from."), "incident_missing")
    if source in (Nonconformity.Source.REVIEW, Nonconformity.Source.OTHER) and not source_reference:
        raise field_error("source_reference", _("Name the management review or other source, for example its "
                                                "date and minutes."), "source_reference_missing")


def nonconformity_create(*, actor, workspace, source: str, title: str = "", description: str = "",
                         finding: AuditFinding | None = None, incident=None, source_reference: str = "",
                         immediate_correction: str = "", cause_analysis: str = "") -> Nonconformity:
    """Open a nonconformity; from a finding, an empty title and description are taken from the finding."""
    source_reference = (source_reference or "").strip()
    with transaction.atomic(), workspace_context(workspace):
        _check_source(source, finding=finding, incident=incident, source_reference=source_reference)
        if source != Nonconformity.Source.FINDING:
            finding = None
        if source != Nonconformity.Source.INCIDENT:
            incident = None
        title = (title or "").strip() or (finding.title if finding else "")
        description = (description or "").strip() or (finding.statement if finding else "")
        if not title:
            raise field_error("title", _("Enter a title for the nonconformity."), "title_missing")
        if not description:
            raise field_error("description", _("Describe what does not conform."), "description_missing")
        return Nonconformity.objects.create(
            workspace=workspace, source=source, finding=finding, incident=incident, title=title[:200],
            description=description, source_reference=source_reference,
            immediate_correction=(immediate_correction or "").strip(), cause_analysis=(cause_analysis or "").strip())


def nonconformity_update(*, actor, nonconformity: Nonconformity, values: dict) -> Nonconformity:
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This field cannot be changed here."), "field_not_editable")
    with transaction.atomic(), workspace_context(nonconformity.workspace):
        locked = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
        ensure_open(locked)
        for field in EDITABLE_FIELDS:
            setattr(locked, field, (values.get(field, getattr(locked, field)) or "").strip())
        if not locked.title:
            raise field_error("title", _("Enter a title for the nonconformity."), "title_missing")
        if not locked.description:
            raise field_error("description", _("Describe what does not conform."), "description_missing")
        locked.save()
        return locked
