"""Task reminders sent by the real outbox: claim, send, language, late marking, cancellation."""

from datetime import date, datetime, timedelta, timezone

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents import outbox
from incidents.models import AlertDelivery, DeliveryAttempt
from isms.services.tasks import task_complete, task_update
from tests import builders
from tests.builders_tasks import NOW, make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# 24 March 2026, 08:00 in Berlin: the seven-day reminder of a task due on 31 March.
WEEK_BEFORE = datetime(2026, 3, 24, 7, 0, tzinfo=timezone.utc)


def _tick(moment):
    with time_machine.travel(moment, tick=False):
        return outbox.run_tick()


def test_tick_sends_week_before_reminder_once(personas, workspace):
    owner = personas[Role.MANAGEMENT]
    task = make_task(workspace, personas[Role.OFFICER], owner=owner, due_on=date(2026, 3, 31))
    first = _tick(WEEK_BEFORE + timedelta(seconds=5))
    second = _tick(WEEK_BEFORE + timedelta(seconds=10))
    assert first == {"sent": 1}
    assert second == {}
    delivery = AlertDelivery.all_workspaces.get(task=task, step="before-7d@20260331")
    assert delivery.status == AlertDelivery.Status.SENT
    assert delivery.late is False
    [message] = mail.outbox
    assert message.to == ["management@acme.example"]
    assert message.extra_headers["Message-ID"] == f"<alert-{delivery.pk}@civac>"
    assert DeliveryAttempt.objects.filter(delivery=delivery, succeeded=True).count() == 1
    event = AuditEvent.objects.get(action="reminder_sent", object_id=str(delivery.pk))
    assert event.changes["task"] == str(task.pk)


def test_reminder_in_recipient_language(personas, workspace):
    owner = personas[Role.MANAGEMENT]
    owner.language = "en"
    owner.save()
    make_task(workspace, personas[Role.OFFICER], owner=owner, title="Review access rights")
    _tick(WEEK_BEFORE + timedelta(seconds=5))
    [message] = mail.outbox
    assert message.subject == "Task due in 7 days: Review access rights – Acme Maschinenbau GmbH"
    assert "Europe/Berlin" in message.body


def test_reminder_falls_back_to_workspace_language(personas, workspace):
    make_task(workspace, personas[Role.OFFICER], title="Zugriffsrechte prüfen")
    _tick(WEEK_BEFORE + timedelta(seconds=5))
    # The officer and the partner staff member have no language of their own; the workspace's is German.
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Aufgabe: Zugriffsrechte prüfen" in message.body
        assert "Fällig am:" in message.body


def test_missed_reminders_sent_late(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER], owner=personas[Role.OFFICER], due_on=date(2026, 3, 31))
    # Everything was down from before the first reminder until 3 April.
    counts = _tick(datetime(2026, 4, 3, 9, 0, tzinfo=timezone.utc))
    assert counts == {"sent": 3}
    late = dict(AlertDelivery.all_workspaces.filter(task=task).values_list("step", "late"))
    assert late == {"before-7d@20260331": True, "due@20260331": True, "overdue-1d@20260331": True}
    assert all(message.subject.startswith("[verspätet]") for message in mail.outbox)


def test_failed_reminder_retried(personas, workspace, settings):
    task = make_task(workspace, personas[Role.OFFICER], owner=personas[Role.OFFICER])
    settings.EMAIL_BACKEND = "tests.mailbackends.FailingBackend"
    _tick(WEEK_BEFORE + timedelta(seconds=5))
    delivery = AlertDelivery.all_workspaces.get(task=task, step="before-7d@20260331")
    assert delivery.status == AlertDelivery.Status.PENDING
    assert delivery.next_attempt_at == WEEK_BEFORE + timedelta(seconds=35)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    _tick(WEEK_BEFORE + timedelta(seconds=40))
    delivery.refresh_from_db()
    assert delivery.status == AlertDelivery.Status.SENT
    assert delivery.attempts == 2


def test_claimed_reminder_of_completed_task_cancelled(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, owner=officer)
    moment = WEEK_BEFORE + timedelta(seconds=5)
    with time_machine.travel(moment, tick=False):
        [delivery_id] = outbox.claim_due(now=moment)
        task_complete(actor=officer, task=task, now=moment)
        outcome = outbox.deliver(delivery_id, lease_expires_at=outbox.lease_end(moment))
    assert outcome == AlertDelivery.Status.CANCELLED
    assert mail.outbox == []


def test_claimed_reminder_for_old_due_date_cancelled(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, owner=officer)
    moment = WEEK_BEFORE + timedelta(seconds=5)
    with time_machine.travel(moment, tick=False):
        [delivery_id] = outbox.claim_due(now=moment)
        with workspace_context(workspace):
            task_update(actor=officer, task=task, values={"due_on": date(2026, 5, 29)}, now=moment)
        outcome = outbox.deliver(delivery_id, lease_expires_at=outbox.lease_end(moment))
    assert outcome == AlertDelivery.Status.CANCELLED


def test_reminders_and_alerts_share_one_tick(personas, workspace):
    make_task(workspace, personas[Role.OFFICER], owner=personas[Role.OFFICER])
    with time_machine.travel(WEEK_BEFORE, tick=False):
        builders.significant_incident(workspace, reporter=personas[Role.OFFICER],
                                      aware_at=WEEK_BEFORE - timedelta(hours=2))
    _tick(WEEK_BEFORE + timedelta(seconds=5))
    reminder_ids = {str(pk) for pk in AlertDelivery.all_workspaces.filter(task__isnull=False)
                    .values_list("pk", flat=True)}
    sent_ids = [message.extra_headers["X-Civac-Alert"] for message in mail.outbox]
    assert len([alert_id for alert_id in sent_ids if alert_id in reminder_ids]) == 1
    assert len([alert_id for alert_id in sent_ids if alert_id not in reminder_ids]) > 0


def test_delivery_needs_exactly_one_subject(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER])
    with time_machine.travel(NOW, tick=False):
        incident = builders.significant_incident(workspace, reporter=personas[Role.OFFICER], aware_at=NOW)
    with workspace_context(workspace):
        obligation = incident.obligations.first()
    for subject in ({}, {"task": task, "obligation": obligation}):
        with pytest.raises(IntegrityError), transaction.atomic():
            AlertDelivery.all_workspaces.create(workspace=workspace, step="x", recipient="a@example.com",
                                                send_at=NOW, next_attempt_at=NOW, **subject)
