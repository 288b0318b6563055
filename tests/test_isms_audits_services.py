"""Internal audit services: planning, impartiality, checklists, findings, completion with the report and the summary."""

from datetime import date, datetime, timezone as dt_timezone

import pytest
import time_machine
from django.core.exceptions import ValidationError

from civac.audit.models import AuditEvent
from civac.documents import sha256_hex
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import AuditChecklistItem, AuditFinding, CatalogueControl, InternalAudit
from isms.services.audits import (audit_complete, audit_create, audit_report_pdf, audit_summary, audit_update,
                                  auditor_add,
                                  checklist_build, checklist_item_assess, clause_choices, finding_create,
                                  programme_create)
from isms.services.audits.checklist import clauses
from tests import factories
from tests.builders_audits import make_audit, make_finding, make_programme, make_ready_audit

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=dt_timezone.utc)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def officer(workspace):
    user = factories.make_user("officer@acme.example", first_name="Olga", last_name="Officer")
    factories.add_member(workspace, user, Role.OFFICER)
    return user


def _code(error: ValidationError, field: str) -> str:
    return error.error_dict[field][0].code


def test_programme_second_for_same_year_rejected(workspace, officer):
    make_programme(workspace, year=2026)
    with pytest.raises(ValidationError) as raised:
        programme_create(actor=officer, workspace=workspace, year=2026)
    assert _code(raised.value, "year") == "year_taken"


def test_programme_year_out_of_range_rejected(workspace, officer):
    with pytest.raises(ValidationError) as raised:
        programme_create(actor=officer, workspace=workspace, year=26)
    assert _code(raised.value, "year") == "year_invalid"


def test_audit_must_start_in_programme_year(workspace, officer):
    programme = make_programme(workspace, year=2026)
    with pytest.raises(ValidationError) as raised:
        audit_create(actor=officer, workspace=workspace, programme=programme, title="HR audit", scope="HR",
                     criteria="ISO/IEC 27001", starts_on=date(2027, 1, 5), ends_on=date(2027, 1, 6))
    assert _code(raised.value, "starts_on") == "outside_programme_year"


def test_audit_end_before_start_rejected(workspace, officer):
    programme = make_programme(workspace, year=2026)
    with pytest.raises(ValidationError) as raised:
        audit_create(actor=officer, workspace=workspace, programme=programme, title="HR audit", scope="HR",
                     criteria="ISO/IEC 27001", starts_on=date(2026, 5, 5), ends_on=date(2026, 5, 4))
    assert _code(raised.value, "ends_on") == "ends_before"


def test_audit_without_scope_stores_nothing(workspace, officer):
    programme = make_programme(workspace, year=2026)
    with pytest.raises(ValidationError) as raised:
        audit_create(actor=officer, workspace=workspace, programme=programme, title="HR audit", scope="  ",
                     criteria="ISO/IEC 27001", starts_on=date(2026, 5, 5), ends_on=date(2026, 5, 5))
    assert _code(raised.value, "scope") == "scope_missing"
    with workspace_context(workspace):
        assert not InternalAudit.objects.exists()


def test_auditor_of_own_area_without_reason_rejected(workspace, officer):
    audit = make_audit(workspace, auditee=officer)
    with pytest.raises(ValidationError) as raised:
        auditor_add(actor=officer, audit=audit, member=officer)
    assert _code(raised.value, "impartiality_reason") == "impartiality_reason_missing"
    with workspace_context(workspace):
        assert not audit.auditors.exists()


def test_declared_own_area_without_reason_rejected(workspace, officer):
    audit = make_audit(workspace)
    with pytest.raises(ValidationError) as raised:
        auditor_add(actor=officer, audit=audit, external_name="Max Extern", own_area=True)
    assert _code(raised.value, "impartiality_reason") == "impartiality_reason_missing"


def test_auditor_of_own_area_with_reason_recorded(workspace, officer):
    audit = make_audit(workspace, auditee=officer)
    auditor = auditor_add(actor=officer, audit=audit, member=officer,
                          impartiality_reason="Only qualified auditor; results reviewed by the partner firm")
    assert auditor.own_area is True
    assert auditor.impartiality_reason.startswith("Only qualified auditor")


def test_auditor_member_and_external_together_rejected(workspace, officer):
    audit = make_audit(workspace)
    with pytest.raises(ValidationError) as raised:
        auditor_add(actor=officer, audit=audit, member=officer, external_name="Max Extern")
    assert _code(raised.value, "external_name") == "auditor_both"


def test_auditor_from_other_workspace_rejected(workspace, other_workspace, officer):
    stranger = factories.make_user("stranger@rival.example")
    factories.add_member(other_workspace, stranger, Role.OFFICER)
    audit = make_audit(workspace)
    with pytest.raises(ValidationError) as raised:
        auditor_add(actor=officer, audit=audit, member=stranger)
    assert _code(raised.value, "member") == "auditor_not_member"


def test_clause_choices_are_leaf_clauses(workspace):
    ids = [entry["id"] for entry in clauses()]
    assert ids[0] == "4.1"
    assert ids[-1] == "10.2"
    assert "6.1" not in ids
    assert "6.1.2" in ids
    assert len(clause_choices()) == len(ids)


def test_checklist_adds_clauses_and_controls_once(workspace, officer):
    audit = make_audit(workspace)
    with workspace_context(workspace):
        controls = list(CatalogueControl.objects.filter(ref__in=["A.5.15", "A.8.13"]))
    assert len(controls) == 2
    assert checklist_build(actor=officer, audit=audit, clause_ids=["9.2.2", "4.1"], controls=controls) == 4
    assert checklist_build(actor=officer, audit=audit, clause_ids=["9.2.2"], controls=[]) == 0
    with workspace_context(workspace):
        refs = list(audit.checklist.values_list("ref", flat=True))
    assert refs == ["4.1", "9.2.2", "A.5.15", "A.8.13"]


def test_checklist_unknown_clause_rejected(workspace, officer):
    audit = make_audit(workspace)
    with pytest.raises(ValidationError) as raised:
        checklist_build(actor=officer, audit=audit, clause_ids=["11.1"], controls=[])
    assert _code(raised.value, "clauses") == "clause_unknown"


def test_finding_on_item_marks_item(workspace, officer):
    audit = make_audit(workspace)
    checklist_build(actor=officer, audit=audit, clause_ids=["7.2"], controls=[])
    with workspace_context(workspace):
        item = audit.checklist.get()
    finding_create(actor=officer, audit=audit, kind=AuditFinding.Kind.MINOR, title="Training records missing",
                   statement="No records for 3 of 8 staff", checklist_item=item)
    item.refresh_from_db()
    assert item.result == AuditChecklistItem.Result.FINDING


def test_finding_result_without_finding_rejected(workspace, officer):
    audit = make_audit(workspace)
    checklist_build(actor=officer, audit=audit, clause_ids=["7.2"], controls=[])
    with workspace_context(workspace):
        item = audit.checklist.get()
    with pytest.raises(ValidationError) as raised:
        checklist_item_assess(actor=officer, item=item, result=AuditChecklistItem.Result.FINDING)
    assert _code(raised.value, "result") == "finding_missing"


def test_finding_of_unknown_kind_rejected(workspace, officer):
    audit = make_audit(workspace)
    with pytest.raises(ValidationError) as raised:
        finding_create(actor=officer, audit=audit, kind="critical", title="x", statement="y")
    assert _code(raised.value, "kind") == "kind_invalid"


def test_complete_with_unchecked_items_rejected(workspace, officer):
    audit = make_ready_audit(workspace)
    checklist_build(actor=officer, audit=audit, clause_ids=["10.2"], controls=[])
    with pytest.raises(ValidationError) as raised:
        audit_complete(actor=officer, audit=audit, conclusion="The ISMS conforms.")
    assert _code(raised.value, "audit") == "checklist_unchecked"
    audit.refresh_from_db()
    assert audit.status == InternalAudit.Status.PLANNED


def test_complete_without_auditor_rejected(workspace, officer):
    audit = make_audit(workspace)
    with pytest.raises(ValidationError) as raised:
        audit_complete(actor=officer, audit=audit, conclusion="The ISMS conforms.")
    assert _code(raised.value, "audit") == "auditor_missing"


def test_complete_stores_report_and_hash_in_event(workspace, officer):
    audit = make_ready_audit(workspace)
    make_finding(audit)
    completed = audit_complete(actor=officer, audit=audit, conclusion="Conforms apart from one minor finding.")
    with completed.report_file.open("rb") as handle:
        stored = handle.read()
    assert stored.startswith(b"%PDF-")
    assert completed.report_sha256 == sha256_hex(stored)
    event = AuditEvent.objects.get(workspace_id=workspace.pk, action="complete", object_id=str(audit.pk))
    assert event.changes["report_sha256"] == sha256_hex(stored)
    assert event.changes["findings"] == 1


def test_completed_audit_takes_no_findings(workspace, officer):
    audit = make_ready_audit(workspace)
    audit_complete(actor=officer, audit=audit, conclusion="Conforms.")
    with pytest.raises(ValidationError) as raised:
        make_finding(audit)
    assert _code(raised.value, "audit") == "audit_completed"


def test_report_download_returns_stored_file(workspace, officer):
    audit = make_ready_audit(workspace)
    completed = audit_complete(actor=officer, audit=audit, conclusion="Conforms.")
    pdf, final = audit_report_pdf(actor=officer, audit=completed)
    assert final is True
    assert sha256_hex(pdf) == completed.report_sha256
    event = AuditEvent.objects.filter(workspace_id=workspace.pk, action="download").latest("sequence")
    assert event.changes["sha256"] == completed.report_sha256


def test_draft_report_is_exported_with_hash(workspace, officer):
    audit = make_ready_audit(workspace)
    pdf, final = audit_report_pdf(actor=officer, audit=audit)
    assert final is False
    event = AuditEvent.objects.filter(workspace_id=workspace.pk, action="export").latest("sequence")
    assert event.changes["sha256"] == sha256_hex(pdf)


def test_summary_counts_audits_and_findings_of_period(workspace, officer):
    first = make_ready_audit(workspace, title="Q1 audit", starts_on=date(2026, 2, 1))
    make_finding(first, kind=AuditFinding.Kind.MINOR)
    make_finding(first, kind=AuditFinding.Kind.OBSERVATION, title="Visitor log kept on paper")
    audit_complete(actor=officer, audit=first, conclusion="One minor nonconformity.")
    make_audit(workspace, title="Late Q1 audit", starts_on=date(2026, 3, 2))
    make_audit(workspace, title="Q2 audit", starts_on=date(2026, 4, 2))

    summary = audit_summary(workspace, date(2026, 1, 1), date(2026, 3, 31))

    assert summary["completed"] == 1
    assert summary["planned"] == 1
    assert summary["findings"][AuditFinding.Kind.MINOR] == 1
    assert summary["findings"][AuditFinding.Kind.OBSERVATION] == 1
    assert summary["nonconformities"] == 1
    assert [item["audit"].title for item in summary["open_audits"]] == ["Late Q1 audit"]
    assert summary["open_audits"][0]["overdue"] is True


def test_summary_ignores_other_workspace(workspace, other_workspace):
    make_audit(other_workspace, starts_on=date(2026, 2, 1))
    summary = audit_summary(workspace, date(2026, 1, 1), date(2026, 3, 31))
    assert summary["planned"] == 0


def test_auditee_change_onto_auditor_rejected(workspace, officer):
    audit = make_audit(workspace)
    auditor_add(actor=officer, audit=audit, member=officer)
    with pytest.raises(ValidationError) as raised:
        audit_update(actor=officer, audit=audit, values={"auditee": officer})
    assert _code(raised.value, "auditee") == "auditee_is_auditor"
    audit.refresh_from_db()
    assert audit.auditee_id is None
