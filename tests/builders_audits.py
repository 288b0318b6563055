"""Audit programmes, internal audits and nonconformities for tests, written through the app's services."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from isms.models import AuditFinding, AuditProgramme, CatalogueControl, InternalAudit, Nonconformity
from isms.services.audits import audit_create, auditor_add, checklist_build, finding_create, programme_create
from isms.services.corrective import nonconformity_create


def make_programme(workspace, *, actor=None, year: int | None = None) -> AuditProgramme:
    year = year or timezone.localdate().year
    with workspace_context(workspace), acting_as(actor, system="tests"):
        existing = AuditProgramme.objects.filter(year=year).first()
        if existing is not None:
            return existing
        return programme_create(actor=actor, workspace=workspace, year=year,
                                objectives="Cover every ISMS clause once a year")


def make_audit(workspace, *, actor=None, title="Access management audit", starts_on: date | None = None,
               auditee=None) -> InternalAudit:
    """A planned audit starting today (or on ``starts_on``), lasting two days, in that year's programme."""
    starts_on = starts_on or timezone.localdate()
    programme = make_programme(workspace, actor=actor, year=starts_on.year)
    with workspace_context(workspace), acting_as(actor, system="tests"):
        return audit_create(actor=actor, workspace=workspace, programme=programme, title=title,
                            scope="IT operations, head office", criteria="ISO/IEC 27001:2022 clauses 4 to 10",
                            starts_on=starts_on, ends_on=starts_on + timedelta(days=1), auditee=auditee)


def make_ready_audit(workspace, *, actor=None, auditor_name="Dr. Petra Extern", **fields) -> InternalAudit:
    """A planned audit with an external auditor and a checklist of clause 9.2 and control A.5.15, both conform."""
    audit = make_audit(workspace, actor=actor, **fields)
    with workspace_context(workspace), acting_as(actor, system="tests"):
        auditor_add(actor=actor, audit=audit, external_name=auditor_name, is_lead=True)
        checklist_build(actor=actor, audit=audit, clause_ids=["9.2.2"],
                        controls=list(CatalogueControl.objects.filter(ref="A.5.15")))
        audit.checklist.update(result="conform")
    return audit


def make_finding(audit: InternalAudit, *, actor=None, kind=AuditFinding.Kind.MINOR,
                 title="Leavers keep VPN access") -> AuditFinding:
    with workspace_context(audit.workspace), acting_as(actor, system="tests"):
        return finding_create(actor=actor, audit=audit, kind=kind, title=title,
                              statement="Two of ten leavers sampled still had VPN accounts (A.5.18).")


def make_nonconformity(workspace, *, actor=None, title="Backups not tested", **fields) -> Nonconformity:
    values = {"source": Nonconformity.Source.REVIEW, "source_reference": "Management review of 12 March",
              "description": "No restore test in the last twelve months.", **fields}
    with workspace_context(workspace), acting_as(actor, system="tests"):
        return nonconformity_create(actor=actor, workspace=workspace, title=title, **values)
