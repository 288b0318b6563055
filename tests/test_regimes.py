"""Reporting regimes beyond the NIS-2 basics: DORA, KRITIS-DachG, eIDAS, interim and progress reports,
the significance assessment, report exports and the incident timeline."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from civac.tenancy.choices import DigitalEntityType, TrustServiceProvider
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents import services
from incidents.models import ObligationKind, ReportingObligation
from incidents.significance import assess, financial_threshold
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 4, 20, 0, tzinfo=timezone.utc)


def _create(workspace, user, **facts):
    with workspace_context(workspace):
        return services.incident_create(actor=user, workspace=workspace, aware_time_zone="Europe/Berlin",
                                        title="Ausfall Kernbankensystem", **{"aware_at": NOW - timedelta(hours=6),
                                                                             **facts})


def _obligations(incident):
    with workspace_context(incident.workspace):
        return {o.kind: o for o in ReportingObligation.objects.filter(incident=incident)}


@time_machine.travel(NOW, tick=False)
def test_dora_entity_reports_under_dora_not_bsig(personas, workspace):
    workspace.is_financial_entity = True
    workspace.save()
    classified = NOW - timedelta(hours=2)
    incident = _create(workspace, personas[Role.OFFICER], significant=True, dora_major=True,
                       dora_classified_at=classified)
    obligations = _obligations(incident)
    assert set(obligations) == {ObligationKind.DORA_INITIAL}
    # 4 h after classification is earlier than 24 h after awareness.
    assert obligations[ObligationKind.DORA_INITIAL].due_at == classified + timedelta(hours=4)


@time_machine.travel(NOW, tick=False)
def test_dora_initial_capped_at_24_hours_after_awareness(personas, workspace):
    workspace.is_financial_entity = True
    workspace.save()
    aware = NOW - timedelta(hours=23)
    incident = _create(workspace, personas[Role.OFFICER], aware_at=aware, dora_major=True,
                       dora_classified_at=NOW - timedelta(minutes=30))
    assert _obligations(incident)[ObligationKind.DORA_INITIAL].due_at == aware + timedelta(hours=24)


@time_machine.travel(NOW, tick=False)
def test_dora_chain_follows_submissions(personas, workspace):
    workspace.is_financial_entity = True
    workspace.save()
    officer = personas[Role.OFFICER]
    incident = _create(workspace, officer, dora_major=True, dora_classified_at=NOW - timedelta(hours=1))
    with workspace_context(workspace):
        initial = _obligations(incident)[ObligationKind.DORA_INITIAL]
        services.obligation_submit(actor=officer, obligation=initial, submitted_at=NOW - timedelta(minutes=10))
        intermediate = _obligations(incident)[ObligationKind.DORA_INTERMEDIATE]
        assert intermediate.due_at == NOW - timedelta(minutes=10) + timedelta(hours=72)
        services.obligation_submit(actor=officer, obligation=intermediate, submitted_at=NOW)
        final = _obligations(incident)[ObligationKind.DORA_FINAL]
    assert final.due_at.astimezone(BERLIN) == datetime(2027, 1, 4, 21, 0, tzinfo=BERLIN)


@time_machine.travel(NOW, tick=False)
def test_dora_major_without_classification_time_is_rejected(personas, workspace):
    workspace.is_financial_entity = True
    workspace.save()
    with pytest.raises(ValidationError) as error:
        _create(workspace, personas[Role.OFFICER], dora_major=True)
    assert "dora_classified_at" in error.value.error_dict


@time_machine.travel(NOW, tick=False)
def test_kritis_and_eidas_clocks(personas, workspace):
    workspace.is_kritis_operator = True
    workspace.trust_service_provider = TrustServiceProvider.QUALIFIED
    workspace.save()
    incident = _create(workspace, personas[Role.OFFICER], physical_resilience_impact=True,
                       trust_service_impact=True)
    obligations = _obligations(incident)
    aware = incident.aware_at
    assert obligations[ObligationKind.KRITIS_INITIAL].due_at == aware + timedelta(hours=24)
    assert obligations[ObligationKind.KRITIS_REPORT].due_at.astimezone(BERLIN).date().isoformat() == "2027-01-04"
    assert obligations[ObligationKind.EIDAS_BREACH].due_at == aware + timedelta(hours=24)


@time_machine.travel(NOW, tick=False)
def test_later_significance_opens_clocks_at_awareness(personas, workspace):
    officer = personas[Role.OFFICER]
    incident = _create(workspace, officer)
    assert _obligations(incident) == {}
    with workspace_context(workspace):
        assessment = services.significance_assess(actor=officer, incident=incident,
                                                  answers={"serious_disruption": True}, notes="Produktion steht")
    assert assessment.significant
    assert assessment.reasons == [{"code": "serious_disruption", "params": {}}]
    early = _obligations(incident)[ObligationKind.NIS2_EARLY_WARNING]
    assert early.trigger_at == incident.aware_at
    assert early.due_at == incident.aware_at + timedelta(hours=24)


@pytest.mark.parametrize(
    ("entity_type", "answers", "significant"),
    [
        (DigitalEntityType.CLOUD, {"outage_minutes": 31}, True),
        (DigitalEntityType.CLOUD, {"outage_minutes": 30}, False),
        (DigitalEntityType.CLOUD, {"limited_minutes": 61, "limited_users": 1_000_001}, True),
        (DigitalEntityType.CLOUD, {"limited_minutes": 61, "limited_share_percent": "5.1"}, True),
        (DigitalEntityType.CLOUD, {"limited_minutes": 59, "limited_users": 2_000_000}, False),
        (DigitalEntityType.TRUST_SERVICE, {"outage_minutes": 21}, True),
        (DigitalEntityType.TRUST_SERVICE, {"data_users": 101}, True),
        (DigitalEntityType.TRUST_SERVICE, {"data_users": 100}, False),
        (DigitalEntityType.DATA_CENTRE, {"physical_access": True}, True),
        (DigitalEntityType.CLOUD, {"physical_access": True}, False),
        (DigitalEntityType.DNS, {"death": True}, True),
        (DigitalEntityType.NONE, {"outage_minutes": 600}, False),  # no IR thresholds; judged under §2 Nr. 11
        (DigitalEntityType.NONE, {"damage_to_others": True}, True),
    ],
)
def test_significance_thresholds(entity_type, answers, significant):
    result, _reasons = assess(answers, entity_type=entity_type, turnover_eur=Decimal("100000000"))
    assert result is significant


def test_financial_threshold_takes_lower_value():
    assert financial_threshold(Decimal("2000000")) == Decimal("100000.00")
    assert financial_threshold(Decimal("100000000")) == Decimal("500000")
    assert financial_threshold(None) == Decimal("500000")


@time_machine.travel(NOW, tick=False)
def test_interim_request_has_the_bsi_deadline(personas, workspace):
    officer = personas[Role.OFFICER]
    incident = _create(workspace, officer, significant=True)
    due = NOW + timedelta(days=3)
    with workspace_context(workspace):
        first = services.interim_report_request(actor=officer, incident=incident, requested_at=NOW, due_at=due)
        second = services.interim_report_request(actor=officer, incident=incident, requested_at=NOW,
                                                 due_at=due + timedelta(days=7))
        assert first.due_at == due
        assert second.pk != first.pk
        with pytest.raises(ValidationError) as error:
            services.interim_report_request(actor=officer, incident=incident, requested_at=NOW,
                                            due_at=NOW - timedelta(hours=1))
    assert "due_at" in error.value.error_dict


@time_machine.travel(NOW, tick=False)
def test_progress_report_defers_final_report_until_closure(personas, workspace):
    officer = personas[Role.OFFICER]
    incident = _create(workspace, officer, significant=True, aware_at=NOW - timedelta(days=40))
    with workspace_context(workspace):
        notification = _obligations(incident)[ObligationKind.NIS2_NOTIFICATION]
        services.obligation_submit(actor=officer, obligation=notification, submitted_at=NOW - timedelta(days=38))
        final = _obligations(incident)[ObligationKind.NIS2_FINAL_REPORT]
        services.obligation_submit(actor=officer, obligation=final, submitted_at=NOW - timedelta(days=1),
                                   as_progress=True)
        assert ObligationKind.NIS2_FINAL_AFTER_PROGRESS not in _obligations(incident)
        services.incident_close(actor=officer, incident=incident, closed_at=NOW - timedelta(hours=1))
        late_final = _obligations(incident)[ObligationKind.NIS2_FINAL_AFTER_PROGRESS]
    assert late_final.trigger_at == NOW - timedelta(hours=1)
    assert late_final.due_at.astimezone(BERLIN).date().isoformat() == "2027-01-04"


@time_machine.travel(NOW, tick=False)
def test_progress_flag_only_for_nis2_final_report(personas, workspace):
    officer = personas[Role.OFFICER]
    incident = _create(workspace, officer, significant=True)
    with workspace_context(workspace):
        early = _obligations(incident)[ObligationKind.NIS2_EARLY_WARNING]
        with pytest.raises(ValidationError) as error:
            services.obligation_submit(actor=officer, obligation=early, submitted_at=NOW, as_progress=True)
    assert "as_progress" in error.value.error_dict


@time_machine.travel(NOW, tick=False)
def test_report_draft_export_and_submission_hash(personas, workspace):
    officer = personas[Role.OFFICER]
    incident = _create(workspace, officer, significant=True, suspected_malicious=True)
    early = _obligations(incident)[ObligationKind.NIS2_EARLY_WARNING]
    client = client_for(officer)
    base = f"/w/{workspace.slug}/incidents/obligations/{early.pk}"
    response = client.post(f"{base}/report/", {"suspected_malicious": "on", "summary": "Ransomware-Befall"})
    assert response.status_code == 302
    text = client.get(f"{base}/report.txt").content.decode()
    assert "Ransomware-Befall" in text
    assert "ja" in text  # suspected malicious act, in the workspace's language
    pdf = client.get(f"{base}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    client.post(f"{base}/submit/", {"submitted_local": "2026-12-04T20:30", "time_zone": "Europe/Berlin",
                                     "reference_number": "BSI-1"})
    with workspace_context(workspace):
        submitted = ReportingObligation.objects.get(pk=early.pk)
    assert submitted.report_sha256
    import hashlib

    stored = client.get(f"{base}/report.pdf")
    assert hashlib.sha256(stored.content).hexdigest() == submitted.report_sha256


@time_machine.travel(NOW, tick=False)
def test_auditor_cannot_change_report(personas, workspace):
    incident = _create(workspace, personas[Role.OFFICER], significant=True)
    early = _obligations(incident)[ObligationKind.NIS2_EARLY_WARNING]
    client_for(personas[Role.AUDITOR]).post(f"/w/{workspace.slug}/incidents/obligations/{early.pk}/report/",
                                            {"summary": "changed"})
    with workspace_context(workspace):
        assert ReportingObligation.objects.get(pk=early.pk).report_content == {}


@time_machine.travel(NOW, tick=False)
def test_timeline_and_close_validate_times(personas, workspace):
    officer = personas[Role.OFFICER]
    incident = _create(workspace, officer)
    with workspace_context(workspace):
        services.timeline_add(actor=officer, incident=incident, occurred_at=NOW - timedelta(hours=1),
                              text="Server isoliert")
        assert incident.timeline.count() == 2  # awareness entry and this one
        with pytest.raises(ValidationError):
            services.timeline_add(actor=officer, incident=incident, occurred_at=NOW + timedelta(hours=1), text="x")
        with pytest.raises(ValidationError) as error:
            services.incident_close(actor=officer, incident=incident, closed_at=incident.aware_at - timedelta(1))
    assert "closed_at" in error.value.error_dict


@time_machine.travel(NOW, tick=False)
def test_incident_list_shows_open_reports(personas, workspace):
    _create(workspace, personas[Role.OFFICER], significant=True)
    response = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/incidents/")
    incident = response.context["incidents"][0]
    assert incident.open_reports == 2
    assert incident.next_due_at == NOW - timedelta(hours=6) + timedelta(hours=24)


@time_machine.travel(NOW, tick=False)
def test_failed_timeline_entry_keeps_text(personas, workspace):
    incident = _create(workspace, personas[Role.OFFICER])
    response = client_for(personas[Role.OFFICER]).post(
        f"/w/{workspace.slug}/incidents/{incident.pk}/timeline/",
        {"occurred_local": "2026-12-05T10:00", "time_zone": "Europe/Berlin", "text": "Firewall-Regel geändert"})
    assert response.status_code == 400
    form = response.context["timeline_form"]
    assert "occurred_local" in form.errors
    assert form["text"].value() == "Firewall-Regel geändert"
