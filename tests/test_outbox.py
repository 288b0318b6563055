"""The alert outbox: claiming, sending, retries, late marking and overdue steps."""

import threading
from datetime import datetime, timedelta, timezone

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents import outbox
from incidents.models import AlertDelivery, DeliveryAttempt, ObligationKind, ReportingObligation
from tests import builders

NOW = datetime(2026, 12, 4, 20, 0, tzinfo=timezone.utc)


def _early_warning(incident):
    with workspace_context(incident.workspace):
        return ReportingObligation.objects.get(incident=incident, kind=ObligationKind.NIS2_EARLY_WARNING)


@pytest.fixture
def incident(personas, workspace):
    with time_machine.travel(NOW, tick=False):
        return builders.significant_incident(workspace, reporter=personas[Role.OFFICER],
                                             aware_at=NOW - timedelta(hours=2))


def _deliveries(**filters):
    return AlertDelivery.all_workspaces.filter(**filters)


@pytest.mark.django_db
def test_creation_schedules_every_step_for_every_recipient(incident):
    early = _early_warning(incident)
    steps = set(_deliveries(obligation=early).values_list("step", flat=True))
    assert steps == {"created", "half", "due-4h", "due-1h", "due"}
    recipients = set(_deliveries(obligation=early, step="created", channel=AlertDelivery.Channel.EMAIL)
                     .values_list("recipient", flat=True))
    # Officer and admin and management members, and the partner's on-call address.
    assert {"officer@acme.example", "management@acme.example", "oncall@helpers.example"} <= recipients
    assert "auditor@acme.example" not in recipients


@pytest.mark.django_db
def test_tick_sends_each_row_once(incident):
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        first = outbox.run_tick()
        second = outbox.run_tick()
    due_count = _deliveries(step="created").count()
    email_count = _deliveries(step="created", channel=AlertDelivery.Channel.EMAIL).count()
    assert first == {"sent": due_count}
    assert second == {}
    assert len(mail.outbox) == email_count
    delivery = _deliveries(step="created", channel=AlertDelivery.Channel.EMAIL).first()
    message = next(m for m in mail.outbox if m.extra_headers["X-Civac-Alert"] == str(delivery.pk))
    assert message.extra_headers["Message-ID"] == f"<alert-{delivery.pk}@civac>"
    assert message.subject.startswith("Frühe Erstmeldung (24 h): Ransomware auf Dateiserver")  # workspace language
    assert DeliveryAttempt.objects.filter(delivery=delivery, succeeded=True).count() == 1
    assert AuditEvent.objects.filter(action="alert_sent", object_id=str(delivery.pk)).count() == 1


@pytest.mark.django_db
def test_missed_rows_sent_late_once(incident):
    early = _early_warning(incident)
    # Everything was down until three hours after the due time.
    with time_machine.travel(early.due_at + timedelta(hours=3), tick=False):
        outbox.run_tick()
    sent = _deliveries(obligation=early, status=AlertDelivery.Status.SENT)
    assert set(sent.values_list("step", flat=True)) >= {"half", "due-4h", "due-1h", "due"}
    assert all(sent.filter(step="due").values_list("late", flat=True))
    per_step_recipient = sent.values_list("step", "recipient", "channel")
    assert len(per_step_recipient) == len(set(per_step_recipient))
    # Sending "due" scheduled the first overdue step two hours after due, now also past.
    assert _deliveries(obligation=early, step="overdue-1").exists()


@pytest.mark.django_db
def test_overdue_steps_repeat_every_two_hours(incident):
    early = _early_warning(incident)
    for hours in (0, 2, 4):
        with time_machine.travel(early.due_at + timedelta(hours=hours, seconds=1), tick=False):
            outbox.run_tick()
    for number in (1, 2):
        assert _deliveries(obligation=early, step=f"overdue-{number}", status=AlertDelivery.Status.SENT).exists()
    planned = _deliveries(obligation=early, step="overdue-3").first()
    assert planned.send_at == early.due_at + timedelta(hours=6)


@pytest.mark.django_db
def test_failed_send_is_retried_with_backoff_and_recorded(incident, settings):
    settings.EMAIL_BACKEND = "tests.mailbackends.FailingBackend"
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        outbox.run_tick()
    delivery = _deliveries(step="created", channel=AlertDelivery.Channel.EMAIL).first()
    assert delivery.status == AlertDelivery.Status.PENDING
    assert delivery.next_attempt_at == NOW + timedelta(seconds=5) + timedelta(seconds=30)
    assert "SMTP server refused" in delivery.last_error
    assert DeliveryAttempt.objects.filter(delivery=delivery, succeeded=False).count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(NOW + timedelta(seconds=40), tick=False):
        outbox.run_tick()
    delivery.refresh_from_db()
    assert delivery.status == AlertDelivery.Status.SENT
    assert delivery.attempts == 2


@pytest.mark.django_db
def test_send_fails_after_max_attempts(incident, settings):
    settings.EMAIL_BACKEND = "tests.mailbackends.FailingBackend"
    moment = NOW
    for _attempt in range(outbox.MAX_ATTEMPTS):
        moment += timedelta(hours=1)
        with time_machine.travel(moment, tick=False):
            outbox.claim_due(now=moment, limit=1000)
        # claim_due marked rows sending; deliver them at the same moment.
        with time_machine.travel(moment, tick=False):
            for delivery_id in _deliveries(status=AlertDelivery.Status.SENDING).values_list("id", flat=True):
                outbox.deliver(delivery_id)
    delivery = _deliveries(step="created", channel=AlertDelivery.Channel.EMAIL).first()
    assert delivery.status == AlertDelivery.Status.FAILED
    assert AuditEvent.objects.filter(action="alert_failed", object_id=str(delivery.pk)).exists()


@pytest.mark.django_db
def test_expired_lease_is_claimed_again(incident):
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        claimed = outbox.claim_due(now=NOW + timedelta(seconds=5))
    assert claimed
    # The worker died: nothing is claimable until the lease expires.
    assert outbox.claim_due(now=NOW + timedelta(seconds=60)) == []
    later = NOW + timedelta(seconds=5) + timedelta(seconds=301)
    assert set(outbox.claim_due(now=later, limit=1000)) >= set(claimed)


@pytest.mark.django_db
def test_alerts_of_submitted_obligation_are_not_sent(incident, personas):
    from incidents.services import obligation_submit

    early = _early_warning(incident)
    with time_machine.travel(NOW + timedelta(seconds=5), tick=False):
        claimed = outbox.claim_due(now=NOW + timedelta(seconds=5))
        with workspace_context(incident.workspace):
            obligation_submit(actor=personas[Role.OFFICER], obligation=early, submitted_at=NOW)
        outcomes = {outbox.deliver(delivery_id) for delivery_id in claimed
                    if _deliveries(pk=delivery_id, obligation=early).exists()}
    assert outcomes == {AlertDelivery.Status.CANCELLED}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_never_overlap(incident):
    """Two workers claim at once; SKIP LOCKED gives each a disjoint set."""
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                results.append(outbox.claim_due(now=NOW + timedelta(days=30), limit=10))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = results
    assert first and second
    assert not set(first) & set(second)
