"""Webhook subscriptions: which changes queue which events, how calls are signed, the webhook page."""

from collections import Counter
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents import outbox
from incidents.models import (
    AlertDelivery,
    EscalationPolicy,
    ObligationKind,
    WebhookEndpoint,
    WebhookEvent,
    WebhookEventType,
)
from incidents.services.obligation import obligation_submit
from incidents.services.webhooks import webhook_create, webhook_deactivate, webhook_resend, webhook_update
from officers.services.appointments import appointment_revoke
from tests import builders, builders_reporting
from tests.conftest import client_for
from tests.webhook_receiver import Receiver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# The real time, because the development signing certificate is valid only from the moment
# a test run creates it. Signing after travelling to a fixed earlier date would fail.
NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = True
    with Receiver() as running:
        yield running


def _subscribe(workspace, admin, receiver, events=None) -> WebhookEndpoint:
    with workspace_context(workspace):
        endpoint = webhook_create(actor=admin, workspace=workspace, url=receiver.url, events=events)
    receiver.secret = endpoint.secret
    return endpoint


def _every_event_once(workspace, personas, appointment):
    """Cause each subscribable event once; the incident is opened 25 h after awareness, so its early warning is due."""
    officer, management = personas[Role.OFFICER], personas[Role.MANAGEMENT]
    incident = builders.significant_incident(workspace, reporter=officer, aware_at=NOW - timedelta(hours=25))
    with workspace_context(workspace), acting_as(officer):
        notification = incident.obligations.get(kind=ObligationKind.NIS2_NOTIFICATION)
        obligation_submit(actor=officer, obligation=notification, submitted_at=NOW)
    builders_reporting.released_report(workspace, officer=officer, recipients=[management])
    with workspace_context(workspace), acting_as(management):
        appointment_revoke(actor=management, appointment=appointment, reason="Wechsel des Dienstleisters")
    return incident


def test_each_event_received_once_signed(personas, workspace, receiver):
    _subscribe(workspace, personas[Role.WORKSPACE_ADMIN], receiver)
    appointment, _certificate = builders.signed_ciso_appointment(workspace)
    with time_machine.travel(NOW, tick=False):
        incident = _every_event_once(workspace, personas, appointment)
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        outbox.run_tick()
    # The early warning went overdue 1 h before NOW; its first reminder is due 2 h after the deadline.
    with time_machine.travel(NOW + timedelta(hours=1, seconds=5), tick=False):
        outbox.run_tick()
        outbox.run_tick()

    assert receiver.invalid_signatures() == []
    assert set(receiver.events_per_id().values()) == {1}, "an event reached the receiver twice"
    received = Counter(payload["event"] for payload in receiver.payloads())
    assert set(received) == set(WebhookEventType.values)
    assert received[WebhookEventType.OBLIGATION_OVERDUE] == 1
    for event in WebhookEvent.all_workspaces.all():
        assert receiver.events_per_id()[str(event.pk)] == 1, f"{event} was not received"
    created = next(p for p in receiver.payloads() if p["event"] == WebhookEventType.INCIDENT_CREATED)
    assert created["data"]["id"] == str(incident.pk)
    assert created["workspace"] == "acme"
    assert created["occurred_at"] == NOW.isoformat()
    assert created["data"]["url"].endswith(f"/w/acme/incidents/{incident.pk}/")
    assert {item["kind"] for item in created["data"]["obligations"]} >= {ObligationKind.NIS2_EARLY_WARNING}
    overdue = next(p for p in receiver.payloads() if p["event"] == WebhookEventType.OBLIGATION_OVERDUE)
    assert overdue["data"]["kind"] == ObligationKind.NIS2_EARLY_WARNING
    assert overdue["step"] == "overdue-1"
    assert AuditEvent.objects.filter(action="webhook_sent").count() == WebhookEvent.all_workspaces.count()


def test_webhook_gets_only_the_events_it_subscribes_to(personas, workspace, receiver):
    _subscribe(workspace, personas[Role.WORKSPACE_ADMIN], receiver, events=[WebhookEventType.APPOINTMENT_REVOKED])
    appointment, _certificate = builders.signed_ciso_appointment(workspace)
    with time_machine.travel(NOW, tick=False):
        _every_event_once(workspace, personas, appointment)
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        outbox.run_tick()
    assert [payload["event"] for payload in receiver.payloads()] == [WebhookEventType.APPOINTMENT_REVOKED]
    assert receiver.payloads()[0]["data"]["revocation_reason"] == "Wechsel des Dienstleisters"


def test_inactive_or_switched_off_queues_nothing(personas, workspace, receiver):
    admin = personas[Role.WORKSPACE_ADMIN]
    endpoint = _subscribe(workspace, admin, receiver)
    with workspace_context(workspace):
        webhook_deactivate(actor=admin, endpoint=endpoint)
        _subscribe(workspace, admin, receiver)
        EscalationPolicy.objects.create(workspace=workspace, webhook_enabled=False)
    with time_machine.travel(NOW, tick=False):
        builders.significant_incident(workspace, reporter=personas[Role.OFFICER])
    assert not WebhookEvent.all_workspaces.exists()
    assert not AlertDelivery.all_workspaces.filter(channel=AlertDelivery.Channel.WEBHOOK).exists()


def test_failed_validation_queues_no_event(personas, workspace, receiver):
    _subscribe(workspace, personas[Role.WORKSPACE_ADMIN], receiver)
    appointment, _certificate = builders.signed_ciso_appointment(workspace)
    events_before = WebhookEvent.all_workspaces.count()
    management = personas[Role.MANAGEMENT]
    with workspace_context(workspace), acting_as(management), pytest.raises(ValidationError):
        appointment_revoke(actor=management, appointment=appointment, reason=" ")
    assert WebhookEvent.all_workspaces.count() == events_before


@pytest.mark.parametrize(("events", "message"), [
    ([], "Choose at least one event"),
    (["incident.deleted"], "Unknown events: incident.deleted"),
])
def test_subscription_errors_name_the_events_field(personas, workspace, receiver, events, message):
    endpoint = _subscribe(workspace, personas[Role.WORKSPACE_ADMIN], receiver)
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        webhook_update(actor=personas[Role.WORKSPACE_ADMIN], endpoint=endpoint, events=events)
    assert message in error.value.message_dict["events"][0]
    endpoint.refresh_from_db()
    assert endpoint.events == list(WebhookEventType.values)


def test_webhook_page_test_call_listed(personas, workspace, receiver):
    endpoint = _subscribe(workspace, personas[Role.WORKSPACE_ADMIN], receiver)
    client = client_for(personas[Role.WORKSPACE_ADMIN])
    page = f"/w/acme/incidents/alerts/webhooks/{endpoint.pk}/"
    response = client.post(page + "test/", follow=True)
    assert "Test call queued" in response.content.decode()
    outbox.run_tick()
    assert [payload["event"] for payload in receiver.payloads()] == ["ping"]
    assert receiver.invalid_signatures() == []
    listing = client.get(page).content.decode()
    assert "<code>ping</code>" in listing
    assert "Sent" in listing


def test_webhook_page_saves_subscriptions(personas, workspace, receiver):
    endpoint = _subscribe(workspace, personas[Role.WORKSPACE_ADMIN], receiver)
    client = client_for(personas[Role.WORKSPACE_ADMIN])
    page = f"/w/acme/incidents/alerts/webhooks/{endpoint.pk}/"
    response = client.post(page, {"events": ["incident.created", "obligation.overdue"], "description": "SIEM"})
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.events == ["incident.created", "obligation.overdue"]
    assert endpoint.description == "SIEM"
    response = client.post(page, {"description": "SIEM"})
    assert response.status_code == 200
    assert "Tick at least one event." in response.content.decode()


def test_failed_call_can_be_sent_again_once(personas, workspace, receiver):
    admin = personas[Role.WORKSPACE_ADMIN]
    endpoint = _subscribe(workspace, admin, receiver)
    with workspace_context(workspace):
        from incidents.services.webhooks import webhook_ping

        event = webhook_ping(actor=admin, endpoint=endpoint)
        AlertDelivery.objects.filter(event=event).update(status=AlertDelivery.Status.FAILED, attempts=8,
                                                         last_error="HTTP 500")
    delivery = AlertDelivery.all_workspaces.get(event=event)
    client = client_for(admin)
    response = client.post(f"/w/acme/incidents/alerts/webhooks/{endpoint.pk}/calls/{delivery.pk}/resend/",
                           follow=True)
    assert "queued again" in response.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (AlertDelivery.Status.PENDING, 0, "")
    with workspace_context(workspace), pytest.raises(ValidationError):
        webhook_resend(actor=admin, delivery=delivery)
    outbox.run_tick()
    assert [payload["id"] for payload in receiver.payloads()] == [str(event.pk)]
    assert AuditEvent.objects.filter(action="webhook_resend", object_id=str(delivery.pk)).count() == 1


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGEMENT, Role.AUDITOR])
def test_only_admins_open_the_webhook_page(personas, workspace, receiver, role):
    endpoint = _subscribe(workspace, personas[Role.WORKSPACE_ADMIN], receiver)
    response = client_for(personas[role]).get(f"/w/acme/incidents/alerts/webhooks/{endpoint.pk}/")
    assert response.status_code in {403, 404}


def test_payload_times_are_utc(personas, workspace, receiver):
    _subscribe(workspace, personas[Role.WORKSPACE_ADMIN], receiver, events=[WebhookEventType.INCIDENT_CREATED])
    berlin_evening = datetime(2026, 12, 4, 21, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    with time_machine.travel(NOW, tick=False):
        builders.significant_incident(workspace, reporter=personas[Role.OFFICER], aware_at=berlin_evening)
        outbox.run_tick()
    data = receiver.payloads()[0]["data"]
    assert data["aware_at"] == "2026-12-04T20:00:00+00:00"
    assert receiver.payloads()[0]["occurred_at"].endswith("+00:00")


def test_rotated_secret_signs_the_next_call(personas, workspace, receiver):
    admin = personas[Role.WORKSPACE_ADMIN]
    endpoint = _subscribe(workspace, admin, receiver)
    old_secret = endpoint.secret
    client = client_for(admin)
    page = f"/w/acme/incidents/alerts/webhooks/{endpoint.pk}/"
    response = client.post(page + "rotate-secret/", follow=True)
    endpoint.refresh_from_db()
    assert endpoint.secret != old_secret
    assert endpoint.secret in response.content.decode()
    receiver.secret = endpoint.secret
    client.post(page + "test/")
    outbox.run_tick()
    assert receiver.invalid_signatures() == []
    assert len(receiver.payloads()) == 1


def test_deactivated_webhook_listed_and_reactivated(personas, workspace, receiver):
    admin = personas[Role.WORKSPACE_ADMIN]
    endpoint = _subscribe(workspace, admin, receiver)
    client = client_for(admin)
    page = f"/w/acme/incidents/alerts/webhooks/{endpoint.pk}/"
    client.post(page + "remove/")
    settings_page = client.get("/w/acme/incidents/alerts/").content.decode()
    assert "Deactivated webhooks" in settings_page
    assert page in settings_page
    client.post(page + "reactivate/")
    endpoint.refresh_from_db()
    assert endpoint.is_active
    # Adding, deactivating and reactivating are each one audit event of the webhook.
    assert AuditEvent.objects.filter(object_id=str(endpoint.pk)).count() == 3


def test_webhook_page_separates_scheduled_calls(personas, workspace, receiver):
    endpoint = _subscribe(workspace, personas[Role.WORKSPACE_ADMIN], receiver, events=[WebhookEventType.OBLIGATION_DUE])
    with time_machine.travel(NOW, tick=False):
        builders.significant_incident(workspace, reporter=personas[Role.OFFICER], aware_at=NOW - timedelta(hours=1))
        outbox.run_tick()
        listing = client_for(personas[Role.WORKSPACE_ADMIN]).get(
            f"/w/acme/incidents/alerts/webhooks/{endpoint.pk}/").content.decode()
    calls, scheduled = listing.split("Scheduled calls")
    assert "new reporting obligation" in calls
    assert "due in 4 hours" not in calls
    assert "due in 4 hours" in scheduled
    assert "Early warning (24 h)" in calls
