"""Incidents open the reporting obligations that apply; submissions and bad input."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from civac.tenancy.choices import Nis2Category
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents.models import AlertDelivery, Incident, ObligationKind, ReportingObligation
from incidents.services import incident_create, obligation_acknowledge, obligation_submit
from tests import builders, factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 4, 20, 0, tzinfo=timezone.utc)


def _kinds(incident):
    with workspace_context(incident.workspace):
        return sorted(ReportingObligation.objects.filter(incident=incident).values_list("kind", flat=True))


@time_machine.travel(NOW, tick=False)
def test_significant_incident_at_nis2_entity_starts_both_clocks(personas, workspace):
    aware = datetime(2026, 12, 4, 2, 30, tzinfo=BERLIN)
    incident = builders.significant_incident(workspace, reporter=personas[Role.OFFICER], aware_at=aware)
    with workspace_context(workspace):
        obligations = {o.kind: o for o in ReportingObligation.objects.filter(incident=incident)}
    assert set(obligations) == {ObligationKind.NIS2_EARLY_WARNING, ObligationKind.NIS2_NOTIFICATION}
    assert obligations[ObligationKind.NIS2_EARLY_WARNING].due_at == aware + timedelta(hours=24)
    assert obligations[ObligationKind.NIS2_NOTIFICATION].due_at == aware + timedelta(hours=72)


@time_machine.travel(NOW, tick=False)
def test_personal_data_adds_gdpr_clock(personas, workspace):
    incident = builders.significant_incident(workspace, reporter=personas[Role.OFFICER], personal_data=True)
    assert ObligationKind.GDPR_BREACH in _kinds(incident)


@time_machine.travel(NOW, tick=False)
def test_entity_outside_nis2_gets_no_nis2_clock(personas, db):
    workspace = factories.make_workspace("small", nis2_category=Nis2Category.NOT_IN_SCOPE)
    user = factories.make_user("o@small.example")
    factories.add_member(workspace, user, Role.OFFICER)
    incident = builders.significant_incident(workspace, reporter=user)
    assert _kinds(incident) == []


@time_machine.travel(NOW, tick=False)
def test_notification_submission_starts_final_report_clock(personas, workspace):
    officer = personas[Role.OFFICER]
    incident = builders.significant_incident(workspace, reporter=officer,
                                             aware_at=datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN))
    with workspace_context(workspace):
        notification = ReportingObligation.objects.get(incident=incident, kind=ObligationKind.NIS2_NOTIFICATION)
        submitted_at = datetime(2026, 12, 4, 18, 0, tzinfo=BERLIN)
        obligation_submit(actor=officer, obligation=notification, submitted_at=submitted_at,
                          reference_number="BSI-2026-0815")
        final = ReportingObligation.objects.get(incident=incident, kind=ObligationKind.NIS2_FINAL_REPORT)
        assert final.trigger_at == submitted_at
        assert final.due_at.astimezone(BERLIN) == datetime(2027, 1, 4, 18, 0, tzinfo=BERLIN)
        assert not AlertDelivery.objects.filter(obligation=notification, status=AlertDelivery.Status.PENDING).exists()
        assert AlertDelivery.objects.filter(obligation=final, step="created").exists()


@time_machine.travel(NOW, tick=False)
def test_submitting_twice_is_rejected(personas, workspace):
    officer = personas[Role.OFFICER]
    incident = builders.significant_incident(workspace, reporter=officer)
    with workspace_context(workspace):
        early = ReportingObligation.objects.get(incident=incident, kind=ObligationKind.NIS2_EARLY_WARNING)
        obligation_submit(actor=officer, obligation=early, submitted_at=NOW)
        with pytest.raises(ValidationError) as error:
            obligation_submit(actor=officer, obligation=early, submitted_at=NOW)
    assert error.value.error_dict["obligation"][0].code == "already_submitted"


@time_machine.travel(NOW, tick=False)
def test_submission_before_trigger_is_rejected(personas, workspace):
    officer = personas[Role.OFFICER]
    incident = builders.significant_incident(workspace, reporter=officer)
    with workspace_context(workspace):
        early = ReportingObligation.objects.get(incident=incident, kind=ObligationKind.NIS2_EARLY_WARNING)
        with pytest.raises(ValidationError) as error:
            obligation_submit(actor=officer, obligation=early, submitted_at=early.trigger_at - timedelta(minutes=5))
        assert "submitted_at" in error.value.error_dict
        assert ReportingObligation.objects.get(pk=early.pk).is_open


@time_machine.travel(NOW, tick=False)
def test_acknowledging_cancels_pending_alerts(personas, workspace):
    officer = personas[Role.OFFICER]
    incident = builders.significant_incident(workspace, reporter=officer)
    with workspace_context(workspace):
        early = ReportingObligation.objects.get(incident=incident, kind=ObligationKind.NIS2_EARLY_WARNING)
        assert AlertDelivery.objects.filter(obligation=early, status=AlertDelivery.Status.PENDING).exists()
        obligation_acknowledge(actor=officer, obligation=early)
        assert not AlertDelivery.objects.filter(obligation=early, status=AlertDelivery.Status.PENDING).exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"aware_local": "2026-12-05T10:00"}, "aware_local"),  # in the future
        ({"aware_local": "2026-12-04T08:00", "detected_local": "2026-12-04T09:00"}, "aware_local"),
        ({"aware_local": ""}, "aware_local"),
        ({"aware_local": "2026-10-25T02:30"}, "aware_local"),  # repeated hour in Berlin
        ({"aware_local": "2026-03-29T02:30"}, "aware_local"),  # skipped hour in Berlin
        ({"time_zone": ""}, "time_zone"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"title": ""}, "title"),
    ],
)
def test_incident_form_rejects_bad_input(personas, workspace, fields, error_field):
    data = {"title": "Phishing", "severity": "high", "significant": "on", "aware_local": "2026-12-04T10:00",
            "time_zone": "Europe/Berlin"} | fields
    response = client_for(personas[Role.OFFICER]).post(f"/w/{workspace.slug}/incidents/new/", data)
    assert response.status_code == 200
    assert error_field in response.context["form"].errors
    with workspace_context(workspace):
        assert not Incident.objects.exists()
        assert not ReportingObligation.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_incident_form_error_is_in_users_language(personas, workspace):
    data = {"title": "Phishing", "severity": "high", "aware_local": "2026-12-05T10:00", "time_zone": "Europe/Berlin"}
    client = client_for(personas[Role.OFFICER])
    german = client.post(f"/w/{workspace.slug}/incidents/new/", data, HTTP_ACCEPT_LANGUAGE="de")
    english = client.post(f"/w/{workspace.slug}/incidents/new/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert "in the future" in english.context["form"].errors["aware_local"][0]
    assert german.context["form"].errors["aware_local"][0] != english.context["form"].errors["aware_local"][0]


def test_service_rejects_naive_awareness(personas, workspace):
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        incident_create(actor=personas[Role.OFFICER], workspace=workspace, aware_at=datetime(2026, 12, 1, 10, 0),
                        aware_time_zone="Europe/Berlin", title="x")
    assert "aware_at" in error.value.error_dict


@time_machine.travel(NOW, tick=False)
def test_detail_shows_deadlines_in_workspace_zone(personas, workspace):
    aware = datetime(2026, 12, 4, 2, 30, tzinfo=BERLIN)
    incident = builders.significant_incident(workspace, reporter=personas[Role.OFFICER], aware_at=aware)
    response = client_for(personas[Role.MANAGEMENT]).get(
        f"/w/{workspace.slug}/incidents/{incident.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert "2026-12-05 02:30 Europe/Berlin (CET)" in body  # early warning, 24 h after awareness
    assert "2026-12-07 02:30 Europe/Berlin (CET)" in body  # notification, 72 h
    assert "Final report (one month)" in body


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("aware_local", ["2026-03-29T02:30", "2026-10-25T02:30"])
def test_time_valid_in_chosen_zone_is_accepted(personas, workspace, aware_local):
    data = {"title": "Phishing", "severity": "high", "aware_local": aware_local, "time_zone": "UTC"}
    response = client_for(personas[Role.OFFICER]).post(f"/w/{workspace.slug}/incidents/new/", data)
    assert response.status_code == 302
    with workspace_context(workspace):
        incident = Incident.objects.get()
    assert incident.aware_at == datetime.fromisoformat(aware_local).replace(tzinfo=timezone.utc)


@time_machine.travel(NOW, tick=False)
def test_skipped_hour_message_names_zone(personas, workspace):
    data = {"title": "Phishing", "severity": "high", "aware_local": "2026-03-29T02:30", "time_zone": "Europe/Berlin"}
    response = client_for(personas[Role.OFFICER]).post(f"/w/{workspace.slug}/incidents/new/", data,
                                                       HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors["aware_local"] == [
        "2026-03-29 02:30 does not exist in Europe/Berlin because the clocks were put forward; check the time."]


def test_awareness_before_2000_is_rejected(personas, workspace):
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        incident_create(actor=personas[Role.OFFICER], workspace=workspace, title="Typo in the year",
                        aware_at=datetime(1026, 3, 1, 9, tzinfo=timezone.utc), aware_time_zone="Europe/Berlin")
    assert [item.code for item in error.value.error_dict["aware_at"]] == ["too_early"]
