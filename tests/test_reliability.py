"""Alert delivery stays exactly-once while the worker, beat, Redis or PostgreSQL fail.

Each test runs real ``celery worker`` and ``celery beat`` processes on the test
run's PostgreSQL database and Redis db, with a tick every second and the
shortest alert lease that the settings accept (10 s). E-mails go to an SMTP
sink on 127.0.0.1, in-app alerts become Notification rows, and the workspace
has no webhooks. Each test ends with ``_assert_delivered_exactly_once``.
"""

from __future__ import annotations

import signal
import time
from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from civac.audit.models import AuditEvent
from civac.tenancy.roles import Role
from incidents.models import (
    AlertDelivery,
    DeliveryAttempt,
    EngineHeartbeat,
    Notification,
    ObligationKind,
    ReportingObligation,
)
from tests import builders
from tests.processes import Engine, SmtpSink, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.services, pytest.mark.django_db(transaction=True)]

TICK_SECONDS = 1
LEASE_SECONDS = 10  # the lowest value CIVAC_ALERT_LEASE_SECONDS accepts
DEFAULT_LATE_AFTER_SECONDS = 300
STARTUP_TIMEOUT = 60.0  # a worker and beat start in a few seconds; the rest is margin for a busy machine

EMAIL = AlertDelivery.Channel.EMAIL
IN_APP = AlertDelivery.Channel.IN_APP

# Recipients per channel for the ``personas`` fixture under the default
# escalation policy. The workspace admin, officer and management members and
# the partner's staff get e-mails and in-app alerts. The partner's on-call
# address gets e-mails only, and the auditor gets nothing.
MEMBERS_AND_STAFF = frozenset({
    "workspace_admin@acme.example", "officer@acme.example", "management@acme.example", "staff@helpers.example",
})
RECIPIENTS = {EMAIL: MEMBERS_AND_STAFF | {"oncall@helpers.example"}, IN_APP: MEMBERS_AND_STAFF}

# (obligation id, step, recipient, channel): the unique key of an outbox row.
AlertKey = tuple[object, str, str, str]


@pytest.fixture
def engine(personas, broker, smtp, tmp_path):
    # Depending on ``personas`` makes teardown stop the processes before
    # pytest-django empties the database that they are connected to.
    processes = Engine(smtp_url=smtp.url, log_dir=tmp_path, tick_seconds=TICK_SECONDS,
                       late_after_seconds=DEFAULT_LATE_AFTER_SECONDS, lease_seconds=LEASE_SECONDS)
    yield processes
    processes.stop_all()
    smtp.release_replies()


def _open_incidents(workspace, personas, count: int) -> list:
    """Open ``count`` significant incidents with personal data, so each has NIS-2 and GDPR obligations."""
    return [
        builders.significant_incident(workspace, reporter=personas[Role.OFFICER], title=f"Ransomware {number}",
                                      personal_data=True)
        for number in range(count)
    ]


def _obligations(incidents) -> list:
    return list(ReportingObligation.all_workspaces.filter(incident__in=incidents))


def _due_keys(obligations, steps) -> set[AlertKey]:
    """The outbox keys of ``steps``, checked against the rows that opening the obligations scheduled."""
    keys = {
        (obligation.pk, step, recipient, channel)
        for obligation in obligations for step in steps
        for channel, recipients in RECIPIENTS.items() for recipient in recipients
    }
    scheduled = AlertDelivery.all_workspaces.filter(obligation__in=obligations, step__in=steps)
    assert set(scheduled.values_list("obligation_id", "step", "recipient", "channel")) == keys, (
        "the scheduled rows differ from RECIPIENTS; update RECIPIENTS if the escalation rules changed"
    )
    return keys


def _sent():
    return AlertDelivery.all_workspaces.filter(status=AlertDelivery.Status.SENT)


def _last_tick_at() -> datetime | None:
    heartbeat = EngineHeartbeat.objects.filter(name="alerts").first()
    return heartbeat.last_tick_at if heartbeat else None


def _wait_for_tick_after(moment: datetime, engine: Engine, *, timeout: float = STARTUP_TIMEOUT) -> None:
    """Wait until a worker has run a tick that started after ``moment``."""
    ticked = wait_until(lambda: (_last_tick_at() or moment) > moment, timeout=timeout)
    assert ticked, f"no alert tick after {moment.isoformat()} within {timeout:.0f} s\n{engine.logs()}"


def _wait_until_sent(expected: set[AlertKey], engine: Engine, *, timeout: float) -> None:
    done = wait_until(lambda: _sent().count() >= len(expected), timeout=timeout)
    statuses = Counter(AlertDelivery.all_workspaces.values_list("status", flat=True))
    assert done, (f"{_sent().count()} of {len(expected)} due alerts sent within {timeout:.0f} s; "
                  f"statuses: {dict(statuses)}\n{engine.logs()}")


def _let_ticks_pass(engine: Engine, count: int = 2) -> None:
    """Wait until ``count`` more ticks have started, then one tick interval, so a late duplicate can arrive."""
    _wait_for_tick_after(timezone.now() + timedelta(seconds=(count - 1) * TICK_SECONDS), engine, timeout=30)
    time.sleep(TICK_SECONDS)


def _terminate_other_sessions() -> int:
    """Terminate every session on the test database except this one; returns how many there were."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return len(cursor.fetchall())


def _alert_ids(messages) -> frozenset[str]:
    return frozenset(message["X-Civac-Alert"] for message in messages)


def _assert_delivered_exactly_once(expected: set[AlertKey], smtp: SmtpSink, *, late_after_seconds: int,
                                   resent_ids: frozenset[str] = frozenset()) -> None:
    """Check the outbox, the SMTP sink and the notifications after a scenario.

    Every expected key has one SENT row with one successful attempt and one
    ``alert_sent`` audit event, and no other row is SENT. The sink contains one
    message per SENT e-mail row, counted both by Message-ID and by
    X-Civac-Alert, and each SENT in-app row has its notification. The rows in
    ``resent_ids`` are the one allowed exception: their worker lost the
    outcome after the sink had the message (it was killed or lost its
    database session mid-send), so the sink contains that message twice with the
    same Message-ID. A row is late exactly when its successful attempt
    started more than ``late_after_seconds`` after ``send_at``.
    """
    sent = list(_sent())
    keys = {(row.obligation_id, row.step, row.recipient, row.channel) for row in sent}
    assert sorted(map(str, keys - expected)) == [], "rows sent that were not due"
    assert sorted(map(str, expected - keys)) == [], "due rows not sent"

    email_ids = {str(row.pk) for row in sent if row.channel == EMAIL}
    expected_counts = {alert_id: 2 if alert_id in resent_ids else 1 for alert_id in email_ids}
    messages = smtp.messages
    per_alert = Counter(message["X-Civac-Alert"] for message in messages)
    per_message_id = Counter(message["Message-ID"] for message in messages)
    assert sorted(resent_ids - email_ids) == [], "resent alerts that are no SENT e-mail rows"
    assert sorted(set(per_alert) - email_ids) == [], "e-mails for rows that are not SENT"
    assert sorted(email_ids - set(per_alert)) == [], "SENT e-mail rows that the sink never received"
    duplicated = {alert_id: count for alert_id, count in per_alert.items() if count > expected_counts[alert_id]}
    assert duplicated == {}, "e-mails received more often than once (or twice after a crash mid-send)"
    assert dict(per_alert) == expected_counts, "e-mails sent before a crash mid-send but never resent"
    assert dict(per_message_id) == {f"<alert-{alert_id}@civac>": count for alert_id, count in expected_counts.items()}
    for message in messages:
        assert message["Message-ID"] == f"<alert-{message['X-Civac-Alert']}@civac>"

    in_app_ids = {row.pk for row in sent if row.channel == IN_APP}
    notified = Counter(Notification.all_workspaces.values_list("delivery_id", flat=True))
    assert set(notified) == in_app_ids
    assert set(notified.values()) <= {1}

    threshold = timedelta(seconds=late_after_seconds)
    for row in sent:
        attempts = DeliveryAttempt.objects.filter(delivery=row, succeeded=True)
        assert attempts.count() == 1, f"{row.pk} ({row.step} to {row.recipient}) has {attempts.count()} successes"
        started = attempts.get().started_at
        assert row.late == (started - row.send_at > threshold), (
            f"{row.pk} ({row.step}): late={row.late}, scheduled {row.send_at}, attempt started {started}"
        )
        audited = AuditEvent.objects.filter(action="alert_sent", object_id=str(row.pk)).count()
        assert audited == 1, f"{row.pk} has {audited} alert_sent audit events"


def test_killed_worker_rows_resent_after_lease(personas, workspace, smtp, engine):
    # One incident schedules fewer rows than one claim takes (50), and a slow
    # sink keeps the worker sending them one by one, so the kill below leaves
    # most of its claim unsent.
    incidents = _open_incidents(workspace, personas, count=1)
    expected = _due_keys(_obligations(incidents), ["created"])
    smtp.delay_replies(0.3)
    first_worker = engine.start("worker", "worker-1")
    engine.start("beat", "beat")
    assert wait_until(lambda: len(smtp.messages) >= 2, timeout=STARTUP_TIMEOUT), engine.logs()

    # Hold the next 250 reply, so that the worker is inside send(), with the
    # message already in the sink, when SIGKILL lands.
    smtp.hold_replies()
    assert wait_until(lambda: smtp.in_flight, timeout=10, interval=0.02), engine.logs()
    in_flight_ids = _alert_ids(smtp.in_flight)
    first_worker.kill(signal.SIGKILL)
    killed_at = timezone.now()
    smtp.release_replies()
    smtp.delay_replies(0)

    stranded = {str(row.pk): row for row in AlertDelivery.all_workspaces.filter(status=AlertDelivery.Status.SENDING)}
    assert sorted(in_flight_ids - set(stranded)) == []
    assert len(stranded) + _sent().count() == len(expected), "the killed worker had not claimed every row"
    assert len(stranded) > len(in_flight_ids), "the kill came after the last send; nothing was left to hand over"

    engine.start("worker", "worker-2")
    _wait_until_sent(expected, engine, timeout=LEASE_SECONDS + STARTUP_TIMEOUT)
    _let_ticks_pass(engine)

    # The second worker took each stranded row only after its lease expired.
    # It claimed each row once, so attempts counts the killed worker's claim and its own.
    handed_over = AlertDelivery.all_workspaces.filter(pk__in=stranded)
    assert set(handed_over.values_list("attempts", flat=True)) == {2}
    for attempt in DeliveryAttempt.objects.filter(delivery__in=handed_over):
        assert attempt.started_at >= stranded[str(attempt.delivery_id)].lease_expires_at
    for received_at, message in smtp.arrivals:
        row = stranded.get(message["X-Civac-Alert"])
        if row is not None and received_at > killed_at:
            assert received_at >= row.lease_expires_at, (message["X-Civac-Alert"], received_at, row.lease_expires_at)
    _assert_delivered_exactly_once(expected, smtp, late_after_seconds=engine.late_after_seconds,
                                   resent_ids=in_flight_ids)


def test_two_beats_two_workers_send_once(personas, workspace, smtp, engine):
    workers = [engine.start("worker", "worker-a"), engine.start("worker", "worker-b")]
    # Separate names give the two beats separate schedule files, as on two hosts.
    beats = [engine.start("beat", "beat-a"), engine.start("beat", "beat-b")]
    _wait_for_tick_after(timezone.now(), engine)

    # More rows than one claim takes (50), so both workers have rows to send at once.
    incidents = _open_incidents(workspace, personas, count=4)
    expected = _due_keys(_obligations(incidents), ["created"])
    _wait_until_sent(expected, engine, timeout=60)
    _let_ticks_pass(engine, count=3)

    engine.assert_running(*workers, *beats)
    for beat in beats:
        assert beat.output().count("Sending due task send-due-alerts") >= 2, engine.logs()
    for worker in workers:
        assert " sent to " in worker.output(), f"{worker.name} sent no alert\n{engine.logs()}"
    _assert_delivered_exactly_once(expected, smtp, late_after_seconds=engine.late_after_seconds)


def test_steps_missed_while_stopped_sent_late(personas, workspace, smtp, engine):
    late_after = 5
    engine.set_late_after_seconds(late_after)
    worker, beat = engine.start("worker", "worker-1"), engine.start("beat", "beat-1")
    _wait_for_tick_after(timezone.now(), engine)

    # Awareness 23 h minus 15 s ago puts the early warning's "1 h before due"
    # step 15 s ahead. The engine runs at creation and is stopped at that step.
    now = timezone.now()
    incident = builders.significant_incident(workspace, reporter=personas[Role.OFFICER],
                                             aware_at=now - timedelta(hours=23) + timedelta(seconds=15))
    obligations = _obligations([incident])
    early_warning = next(item for item in obligations if item.kind == ObligationKind.NIS2_EARLY_WARNING)
    step_at = early_warning.due_at - timedelta(hours=1)
    missed = AlertDelivery.all_workspaces.filter(obligation=early_warning, step="due-1h")
    assert set(missed.values_list("send_at", flat=True)) == {step_at}

    created = _due_keys(obligations, ["created"])
    _wait_until_sent(created, engine, timeout=step_at.timestamp() - time.time())
    engine.stop(worker)
    engine.stop(beat)
    assert timezone.now() < step_at, "worker and beat stopped after the step that they should miss"

    # Stay down until the step is overdue by more than the late threshold.
    down_until = step_at + timedelta(seconds=late_after + 2)
    time.sleep(max(0.0, (down_until - timezone.now()).total_seconds()))
    assert set(missed.values_list("status", flat=True)) == {AlertDelivery.Status.PENDING}

    engine.start("worker", "worker-2")
    engine.start("beat", "beat-2")
    expected = created | _due_keys([early_warning], ["due-1h"])
    _wait_until_sent(expected, engine, timeout=STARTUP_TIMEOUT)
    _let_ticks_pass(engine)

    assert set(missed.values_list("late", flat=True)) == {True}
    _assert_delivered_exactly_once(expected, smtp, late_after_seconds=late_after)


def test_redis_flush_mid_run_loses_nothing(personas, workspace, smtp, engine, broker):
    engine.start("worker", "worker")
    engine.start("beat", "beat")
    _wait_for_tick_after(timezone.now(), engine)

    first = _due_keys(_obligations(_open_incidents(workspace, personas, count=1)), ["created"])
    smtp.delay_replies(0.2)
    assert wait_until(lambda: len(smtp.messages) >= 3, timeout=30), engine.logs()
    assert broker.dbsize() > 0, "the test's Redis db is empty, so the flush would change nothing"
    # FLUSHDB on the test's db only, while the worker is in the middle of a
    # tick. It deletes the queue, the unacknowledged running tick and kombu's bindings.
    broker.flushdb()
    flushed_at = timezone.now()
    first_emails = sum(1 for key in first if key[3] == EMAIL)
    assert len(smtp.messages) < first_emails, "the flush came after the tick had sent every e-mail"
    smtp.delay_replies(0)
    _wait_until_sent(first, engine, timeout=30)

    # Rows scheduled after the flush need ticks that beat sent after it.
    second = _due_keys(_obligations(_open_incidents(workspace, personas, count=1)), ["created"])
    expected = first | second
    _wait_for_tick_after(flushed_at, engine, timeout=30)
    _wait_until_sent(expected, engine, timeout=30)
    _let_ticks_pass(engine)

    _assert_delivered_exactly_once(expected, smtp, late_after_seconds=engine.late_after_seconds)


def test_database_sessions_terminated_recover(personas, workspace, smtp, engine):
    # Terminating every session on the test database simulates a PostgreSQL
    # restart from the clients' point of view: their connections drop and the
    # next query fails. The machine's PostgreSQL serves others, so it is not
    # restarted. Beat keeps its schedule in a file and opens no session, and
    # the worker has one open only during a tick (Celery closes Django's
    # connections around each task), so the termination is timed mid-tick.
    worker = engine.start("worker", "worker")
    beat = engine.start("beat", "beat")
    _wait_for_tick_after(timezone.now(), engine)

    expected = _due_keys(_obligations(_open_incidents(workspace, personas, count=1)), ["created"])
    smtp.delay_replies(0.1)
    assert wait_until(lambda: len(smtp.messages) >= 2, timeout=30), engine.logs()
    # Hold a 250 reply, so that the worker is inside a tick with its session
    # open, and the sink already has the message that it is sending.
    smtp.hold_replies()
    assert wait_until(lambda: smtp.in_flight, timeout=10, interval=0.02), engine.logs()
    in_flight_ids = _alert_ids(smtp.in_flight)
    terminated = _terminate_other_sessions()
    terminated_at = timezone.now()
    smtp.release_replies()
    smtp.delay_replies(0)
    assert terminated >= 1, "the worker had no database session in the middle of a tick"

    _wait_until_sent(expected, engine, timeout=LEASE_SECONDS + 40)
    _wait_for_tick_after(terminated_at, engine, timeout=30)
    _let_ticks_pass(engine)

    engine.assert_running(worker, beat)
    assert "OperationalError" in worker.output(), f"the worker never lost its session\n{engine.logs()}"
    # The worker could not record the send that it was in, so that row went
    # out again after its lease expired, with the same Message-ID.
    _assert_delivered_exactly_once(expected, smtp, late_after_seconds=engine.late_after_seconds,
                                   resent_ids=in_flight_ids)


def test_batch_outliving_lease_sends_once(personas, workspace, smtp, engine):
    # A claim takes up to 50 rows and sends them one after the other under one
    # lease. With a slow mail server the batch outlasts the lease, and a
    # second worker must not claim and send the rows that the first is still
    # working through. docker-compose.yml runs the worker with --concurrency 2,
    # so two ticks can run at once there too.
    incidents = _open_incidents(workspace, personas, count=2)
    expected = _due_keys(_obligations(incidents), ["created"])
    # 5 of every 9 rows are e-mails, so about 28 of the first claim's 50 rows
    # are. At 0.5 s each they take about 14 s, longer than LEASE_SECONDS.
    smtp.delay_replies(0.5)
    engine.start("worker", "worker-a")
    engine.start("worker", "worker-b")
    engine.start("beat", "beat")
    _wait_until_sent(expected, engine, timeout=STARTUP_TIMEOUT + 40)
    smtp.delay_replies(0)
    _let_ticks_pass(engine, count=3)

    _assert_delivered_exactly_once(expected, smtp, late_after_seconds=engine.late_after_seconds)
