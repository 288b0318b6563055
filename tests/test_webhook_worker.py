"""Webhook events through real Celery workers and beats: each event reaches the receiver once, signed.

Two workers and two beats run on the test's PostgreSQL database and Redis db,
as in ``test_reliability``. The receiver is an HTTP server on 127.0.0.1 that
checks each call's signature with the webhook's secret.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents.models import AlertDelivery, ObligationKind, WebhookEvent, WebhookEventType
from incidents.services.obligation import obligation_submit
from incidents.services.webhooks import webhook_create
from officers.services.appointments import appointment_revoke
from tests import builders, builders_reporting
from tests.processes import Engine, wait_until
from tests.webhook_receiver import Receiver

pytestmark = [pytest.mark.postgres, pytest.mark.services, pytest.mark.django_db(transaction=True)]

TICK_SECONDS = 1


@pytest.fixture
def engine(personas, broker, smtp, tmp_path):
    # Depending on ``personas`` stops the processes before the database is emptied.
    processes = Engine(smtp_url=smtp.url, log_dir=tmp_path, tick_seconds=TICK_SECONDS, late_after_seconds=300,
                       extra_env={"CIVAC_WEBHOOK_ALLOW_LOCAL_TARGETS": "true"})
    yield processes
    processes.stop_all()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = True
    with Receiver() as running:
        yield running


def _webhook_rows():
    return AlertDelivery.all_workspaces.filter(channel=AlertDelivery.Channel.WEBHOOK)


def _cause_events(workspace, personas) -> None:
    officer, management = personas[Role.OFFICER], personas[Role.MANAGEMENT]
    appointment, _certificate = builders.signed_ciso_appointment(workspace)
    incident = builders.significant_incident(workspace, reporter=officer,
                                             aware_at=timezone.now() - timedelta(hours=25))
    with workspace_context(workspace), acting_as(officer):
        notification = incident.obligations.get(kind=ObligationKind.NIS2_NOTIFICATION)
        obligation_submit(actor=officer, obligation=notification, submitted_at=timezone.now())
    builders_reporting.released_report(workspace, officer=officer, recipients=[management])
    with workspace_context(workspace), acting_as(management):
        appointment_revoke(actor=management, appointment=appointment, reason="Wechsel des Dienstleisters")


def test_two_workers_deliver_each_event_once(personas, workspace, engine, receiver):
    with workspace_context(workspace):
        endpoint = webhook_create(actor=personas[Role.WORKSPACE_ADMIN], workspace=workspace, url=receiver.url)
    receiver.secret = endpoint.secret
    workers = [engine.start("worker", "worker-a"), engine.start("worker", "worker-b")]
    beats = [engine.start("beat", "beat-a"), engine.start("beat", "beat-b")]

    _cause_events(workspace, personas)
    caused_by = timezone.now()
    open_statuses = [AlertDelivery.Status.PENDING, AlertDelivery.Status.SENDING]
    settled = wait_until(
        lambda: not _webhook_rows().filter(send_at__lte=caused_by, status__in=open_statuses).exists(), timeout=90)
    statuses = Counter(_webhook_rows().filter(send_at__lte=caused_by).values_list("status", flat=True))
    assert settled, f"webhook calls still open after 90 s: {statuses}\n{engine.logs()}"
    # Rows of the submitted notification may be cancelled before their turn; every other due row is sent.
    assert set(statuses) <= {AlertDelivery.Status.SENT, AlertDelivery.Status.CANCELLED}, statuses
    expected = statuses[AlertDelivery.Status.SENT]
    # Let a few more ticks of both beats pass, so a duplicate would have arrived.
    wait_until(lambda: False, timeout=4 * TICK_SECONDS)
    engine.assert_running(*workers, *beats)

    assert receiver.invalid_signatures() == []
    per_id = receiver.events_per_id()
    assert len(receiver.payloads()) == expected
    assert set(per_id.values()) == {1}, f"events received more than once: {per_id}"
    for event in WebhookEvent.all_workspaces.all():
        assert per_id[str(event.pk)] == 1, f"{event} was not received"
    received = {payload["event"] for payload in receiver.payloads()}
    assert received == set(WebhookEventType.values) - {WebhookEventType.OBLIGATION_OVERDUE}
