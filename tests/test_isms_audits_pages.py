"""Internal audit and corrective action pages: rights, forms with errors, filters and constant query counts."""

from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import AuditAuditor, AuditFinding, InternalAudit, Nonconformity
from isms.services.corrective import action_add
from tests.builders_audits import make_audit, make_finding, make_nonconformity, make_programme, make_ready_audit
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=dt_timezone.utc)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _url(workspace, tail=""):
    return f"/w/{workspace.slug}/isms/{tail}"


def test_auditor_cannot_plan_audit(personas, workspace):
    make_programme(workspace)
    response = client_for(personas[Role.AUDITOR]).get(_url(workspace, "audits/new/"))
    assert response.status_code == 403


def test_auditor_reads_audit_page(personas, workspace):
    audit = make_audit(workspace)
    response = client_for(personas[Role.AUDITOR]).get(_url(workspace, f"audits/{audit.pk}/"))
    assert response.status_code == 200
    assert b"Access management audit" in response.content
    assert b"Add an auditor" not in response.content


def test_officer_plans_audit(personas, workspace):
    programme = make_programme(workspace)
    today = timezone.localdate()
    response = client_for(personas[Role.OFFICER]).post(_url(workspace, "audits/new/"), {
        "programme": programme.pk, "title": "Supplier management", "scope": "Purchasing",
        "criteria": "ISO/IEC 27001:2022 A.5.19 to A.5.22", "starts_on": today, "ends_on": today})
    assert response.status_code == 302
    with workspace_context(workspace):
        assert InternalAudit.objects.filter(title="Supplier management").exists()


def test_own_area_auditor_form_shows_reason_error(personas, workspace):
    officer = personas[Role.OFFICER]
    audit = make_audit(workspace, auditee=officer)
    response = client_for(officer).post(_url(workspace, f"audits/{audit.pk}/auditors/"), {"member": officer.pk})
    assert response.status_code == 400
    assert b"would audit their own area" in response.content
    with workspace_context(workspace):
        assert not AuditAuditor.objects.exists()


def test_checklist_built_from_form(personas, workspace):
    audit = make_audit(workspace)
    response = client_for(personas[Role.OFFICER]).post(_url(workspace, f"audits/{audit.pk}/checklist/"),
                                                        {"clauses": ["4.1", "10.2"]})
    assert response.status_code == 302
    with workspace_context(workspace):
        assert list(audit.checklist.values_list("ref", flat=True)) == ["4.1", "10.2"]


@pytest.mark.parametrize(("clauses", "message"), [(["4.1"], "1 item added to the checklist."),
                                                  (["4.1", "10.2"], "2 items added to the checklist.")])
def test_checklist_message_counts_items(personas, workspace, clauses, message):
    audit = make_audit(workspace)
    response = client_for(personas[Role.OFFICER]).post(_url(workspace, f"audits/{audit.pk}/checklist/"),
                                                        {"clauses": clauses}, follow=True)
    assert message in response.content.decode()


def test_complete_incomplete_audit_shows_error(personas, workspace):
    audit = make_audit(workspace)
    response = client_for(personas[Role.OFFICER]).post(_url(workspace, f"audits/{audit.pk}/complete/"),
                                                        {"conclusion": "Conforms."})
    assert response.status_code == 400
    assert b"Name at least one auditor" in response.content


def test_report_download_is_pdf(personas, workspace):
    audit = make_ready_audit(workspace)
    response = client_for(personas[Role.AUDITOR]).get(_url(workspace, f"audits/{audit.pk}/report/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_new_nonconformity_prefilled_from_finding(personas, workspace):
    finding = make_finding(make_audit(workspace))
    response = client_for(personas[Role.OFFICER]).get(_url(workspace, f"corrective-actions/new/?finding={finding.pk}"))
    assert response.status_code == 200
    assert f'value="{finding.pk}" selected'.encode() in response.content


def test_close_without_check_shows_error(personas, workspace):
    nonconformity = make_nonconformity(workspace, cause_analysis="Never scheduled")
    response = client_for(personas[Role.OFFICER]).post(_url(workspace, f"corrective-actions/{nonconformity.pk}/close/"))
    assert response.status_code == 400
    assert b"Closing needs an effectiveness check" in response.content
    nonconformity.refresh_from_db()
    assert nonconformity.status == Nonconformity.Status.OPEN


def test_register_filters_overdue(personas, workspace):
    officer = personas[Role.OFFICER]
    late = make_nonconformity(workspace, title="Late one")
    make_nonconformity(workspace, title="Fresh one")
    with workspace_context(workspace):
        action = action_add(actor=officer, nonconformity=late, description="Patch", owner=officer,
                            due_on=timezone.localdate())
        type(action).objects.filter(pk=action.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    response = client_for(officer).get(_url(workspace, "corrective-actions/?overdue=on"))
    assert b"Late one" in response.content
    assert b"Fresh one" not in response.content


def test_register_filters_source(personas, workspace):
    make_nonconformity(workspace, title="From the review")
    finding = make_finding(make_audit(workspace), kind=AuditFinding.Kind.MAJOR, title="No risk assessment")
    make_nonconformity(workspace, title="From the audit", source=Nonconformity.Source.FINDING, finding=finding)
    response = client_for(personas[Role.OFFICER]).get(_url(workspace, "corrective-actions/?source=finding"))
    assert b"From the audit" in response.content
    assert b"From the review" not in response.content


def _queries(client, path) -> int:
    client.get(path)  # The first request of a session writes session data; count a steady-state request.
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_register_query_count_constant(personas, workspace):
    client = client_for(personas[Role.OFFICER])
    make_nonconformity(workspace, title="First")
    few = _queries(client, _url(workspace, "corrective-actions/"))
    for number in range(6):
        finding = make_finding(make_audit(workspace, title=f"Audit {number}"), title=f"Finding {number}")
        make_nonconformity(workspace, title=f"NC {number}", source=Nonconformity.Source.FINDING, finding=finding)
    assert _queries(client, _url(workspace, "corrective-actions/")) == few


def test_audit_list_query_count_constant(personas, workspace):
    client = client_for(personas[Role.OFFICER])
    make_ready_audit(workspace, title="First")
    few = _queries(client, _url(workspace, "audits/"))
    for number in range(5):
        make_finding(make_ready_audit(workspace, title=f"Audit {number}", auditor_name=f"Extern {number}"))
    assert _queries(client, _url(workspace, "audits/")) == few


def test_overview_cards_show_figures(personas, workspace):
    make_nonconformity(workspace)
    response = client_for(personas[Role.MANAGEMENT]).get(_url(workspace))
    assert response.status_code == 200
    assert b"Open nonconformities" in response.content
    assert b"Internal audits" in response.content


def test_page_writes_audit_events(personas, workspace):
    audit = make_audit(workspace)
    client_for(personas[Role.OFFICER]).post(_url(workspace, f"audits/{audit.pk}/findings/"), {
        "kind": AuditFinding.Kind.MINOR, "title": "Leavers keep VPN access", "statement": "2 of 10 sampled"})
    assert AuditEvent.objects.filter(workspace_id=workspace.pk, action="create",
                                     object_type="isms.auditfinding").exists()


def test_management_cannot_close_nonconformity(personas, workspace):
    nonconformity = make_nonconformity(workspace)
    response = client_for(personas[Role.MANAGEMENT]).post(
        _url(workspace, f"corrective-actions/{nonconformity.pk}/close/"))
    assert response.status_code == 403


def test_auditor_cannot_record_finding(personas, workspace):
    audit = make_audit(workspace)
    response = client_for(personas[Role.AUDITOR]).post(_url(workspace, f"audits/{audit.pk}/findings/"), {
        "kind": AuditFinding.Kind.MINOR, "title": "x", "statement": "y"})
    assert response.status_code == 403
    with workspace_context(workspace):
        assert not AuditFinding.objects.exists()
