"""Planning an internal audit and naming its auditors, with the impartiality rule of ISO/IEC 27001 9.2.2."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from isms.models import AuditAuditor, AuditProgramme, InternalAudit

PLAN_FIELDS = ["title", "scope", "criteria", "auditee", "starts_on", "ends_on"]


def _is_member(workspace, user) -> bool:
    return Membership.all_workspaces.filter(workspace=workspace, user=user).exists()


def ensure_planned(audit: InternalAudit) -> None:
    """Raise when the audit is completed, because its report already states what was audited."""
    if audit.is_completed:
        raise field_error("audit", _("This audit is completed; its plan, auditors, checklist and findings can no "
                                     "longer change."), "audit_completed")


def _check_plan(workspace, programme: AuditProgramme, values: dict) -> dict:
    cleaned = {**values}
    for field in ("title", "scope", "criteria"):
        cleaned[field] = (cleaned.get(field) or "").strip()
    if not cleaned["title"]:
        raise field_error("title", _("Enter a title for the audit."), "title_missing")
    if not cleaned["scope"]:
        raise field_error("scope", _("Describe the scope: which areas, processes and locations are audited."),
                          "scope_missing")
    if not cleaned["criteria"]:
        raise field_error("criteria", _("Name the audit criteria, for example ISO/IEC 27001:2022 clauses 4 to 10."),
                          "criteria_missing")
    starts_on: date | None = cleaned.get("starts_on")
    ends_on: date | None = cleaned.get("ends_on")
    if starts_on is None:
        raise field_error("starts_on", _("Enter the first day of the audit."), "starts_on_missing")
    if ends_on is None:
        raise field_error("ends_on", _("Enter the last day of the audit."), "ends_on_missing")
    if ends_on < starts_on:
        raise field_error("ends_on", _("The last day cannot be before the first day of the audit."), "ends_before")
    if starts_on.year != programme.year:
        raise field_error("starts_on", _("The audit must start in %(year)s, the year of its programme.")
                          % {"year": programme.year}, "outside_programme_year")
    auditee = cleaned.get("auditee")
    if auditee is not None and not _is_member(workspace, auditee):
        raise field_error("auditee", _("Choose a member of this workspace, or leave the field empty."),
                          "auditee_not_member")
    return cleaned


def audit_create(*, actor, workspace, programme: AuditProgramme, title: str, scope: str, criteria: str,
                 starts_on: date, ends_on: date, auditee=None) -> InternalAudit:
    values = {"title": title, "scope": scope, "criteria": criteria, "auditee": auditee, "starts_on": starts_on,
              "ends_on": ends_on}
    with transaction.atomic(), workspace_context(workspace):
        cleaned = _check_plan(workspace, programme, values)
        return InternalAudit.objects.create(workspace=workspace, programme=programme, **cleaned)


def audit_update(*, actor, audit: InternalAudit, values: dict) -> InternalAudit:
    unknown = set(values) - set(PLAN_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This field cannot be changed here."), "field_not_editable")
    with transaction.atomic(), workspace_context(audit.workspace):
        locked = InternalAudit.objects.select_for_update().get(pk=audit.pk)
        ensure_planned(locked)
        merged = {field: values.get(field, getattr(locked, field)) for field in PLAN_FIELDS}
        cleaned = _check_plan(locked.workspace, locked.programme, merged)
        if cleaned["auditee"] is not None and locked.auditors.filter(member=cleaned["auditee"],
                                                                     impartiality_reason="").exists():
            raise field_error("auditee", _("This person is an auditor of the audit without a recorded reason; "
                                           "remove them as auditor or record the reason first."), "auditee_is_auditor")
        for field, value in cleaned.items():
            setattr(locked, field, value)
        locked.save()
        return locked


def auditor_add(*, actor, audit: InternalAudit, member=None, external_name: str = "", is_lead: bool = False,
                own_area: bool = False, impartiality_reason: str = "") -> AuditAuditor:
    """Name an auditor; someone who audits their own area is accepted only with a recorded reason.

    The own area is what the adder declares, and it is also assumed when the
    member is the person responsible for the audited area.
    """
    external_name = (external_name or "").strip()
    impartiality_reason = (impartiality_reason or "").strip()
    if member is not None and external_name:
        raise field_error("external_name", _("Choose a workspace member or enter the name of an external auditor, "
                                             "not both."), "auditor_both")
    if member is None and not external_name:
        raise field_error("member", _("Choose a workspace member or enter the name of an external auditor."),
                          "auditor_missing")
    with transaction.atomic(), workspace_context(audit.workspace):
        locked = InternalAudit.objects.select_for_update().get(pk=audit.pk)
        ensure_planned(locked)
        if member is not None and not _is_member(locked.workspace, member):
            raise field_error("member", _("Choose a member of this workspace."), "auditor_not_member")
        if member is not None and locked.auditors.filter(member=member).exists():
            raise field_error("member", _("This member is already an auditor of this audit."), "auditor_twice")
        own_area = own_area is True or (member is not None and member.pk == locked.auditee_id)
        if own_area and not impartiality_reason:
            raise field_error("impartiality_reason", _(
                "This auditor would audit their own area. Record why this is acceptable (for example, no other "
                "qualified auditor and a second auditor reviews the results), or choose another auditor."),
                "impartiality_reason_missing")
        return AuditAuditor.objects.create(workspace=locked.workspace, audit=locked, member=member,
                                           external_name=external_name, is_lead=is_lead is True, own_area=own_area,
                                           impartiality_reason=impartiality_reason if own_area else "")


def auditor_remove(*, actor, auditor: AuditAuditor) -> None:
    """Remove an auditor of a planned audit; the delete signal writes the audit event."""
    with transaction.atomic(), workspace_context(auditor.workspace):
        ensure_planned(auditor.audit)
        auditor.delete()
