"""Risks name the controls that treat them; the SoA shows the same links from the control's side."""

import pytest

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import RiskControl, SoAEntry
from isms.services.soa import soa_add_catalogue_controls
from tests import builders_risks
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def risk_and_entries(personas, workspace):
    officer = personas[Role.OFFICER]
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
        risk = builders_risks.make_risk(workspace, actor=officer, title="Ransomware on file server")
        entries = {entry.ref: entry for entry in SoAEntry.objects.select_related("catalogue_control")}
    return risk, entries


def _save_controls(client, workspace, risk, entries):
    return client.post(f"/w/{workspace.slug}/isms/risks/{risk.pk}/controls/",
                       {"controls": [str(entry.pk) for entry in entries]})


def test_officer_links_controls_and_soa_shows_the_risk(personas, workspace, risk_and_entries):
    risk, entries = risk_and_entries
    officer = client_for(personas[Role.OFFICER])
    _save_controls(officer, workspace, risk, [entries["A.8.13"], entries["A.5.24"]])
    with workspace_context(workspace):
        assert sorted(link.soa_entry.ref for link in RiskControl.objects.select_related(
            "soa_entry__catalogue_control")) == ["A.5.24", "A.8.13"]
    risk_page = officer.get(f"/w/{workspace.slug}/isms/risks/{risk.pk}/").content.decode()
    assert "A.8.13" in risk_page
    entry_page = officer.get(f"/w/{workspace.slug}/isms/soa/entries/{entries['A.8.13'].pk}/").content.decode()
    assert "Ransomware on file server" in entry_page


def test_dropping_a_control_deletes_its_link_with_an_audit_event(personas, workspace, risk_and_entries):
    risk, entries = risk_and_entries
    officer = client_for(personas[Role.OFFICER])
    _save_controls(officer, workspace, risk, [entries["A.8.13"], entries["A.5.24"]])
    _save_controls(officer, workspace, risk, [entries["A.8.13"]])
    with workspace_context(workspace):
        assert RiskControl.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="isms.riskcontrol", action="delete").count() == 1


def test_control_marked_not_applicable_is_rejected(personas, workspace, risk_and_entries):
    risk, entries = risk_and_entries
    excluded = entries["A.7.1"]
    with workspace_context(workspace):
        SoAEntry.objects.filter(pk=excluded.pk).update(applicability=SoAEntry.Applicability.NOT_APPLICABLE,
                                                        justification="No own premises")
    _save_controls(client_for(personas[Role.OFFICER]), workspace, risk, [excluded])
    with workspace_context(workspace):
        assert not RiskControl.objects.exists()


def test_control_of_another_workspace_is_rejected(personas, workspace, other_workspace, risk_and_entries):
    risk, _entries = risk_and_entries
    rival = personas[Role.OFFICER]
    with workspace_context(other_workspace):
        soa_add_catalogue_controls(actor=rival, workspace=other_workspace)
        foreign = SoAEntry.objects.first()
    _save_controls(client_for(personas[Role.OFFICER]), workspace, risk, [foreign])
    with workspace_context(workspace):
        assert not RiskControl.objects.exists()


def test_auditor_cannot_link_controls(personas, workspace, risk_and_entries):
    risk, entries = risk_and_entries
    response = _save_controls(client_for(personas[Role.AUDITOR]), workspace, risk, [entries["A.8.13"]])
    assert response.status_code == 403
