"""The alert e-mail goes out through a real Celery beat and worker on Redis and PostgreSQL."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civac.tenancy.roles import Role
from incidents.models import AlertDelivery, EngineHeartbeat
from tests import builders
from tests.processes import CeleryProcess, SmtpSink, decoded_subject, process_environment

pytestmark = [pytest.mark.postgres, pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _wait(predicate, timeout=60.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_due_alert_arrives_by_smtp_exactly_once(personas, workspace, broker, tmp_path):
    incident = builders.significant_incident(workspace, reporter=personas[Role.OFFICER],
                                             aware_at=timezone.now() - timedelta(hours=1))
    due_now = AlertDelivery.all_workspaces.filter(step="created", channel=AlertDelivery.Channel.EMAIL)
    expected = due_now.count()
    assert expected > 0

    with SmtpSink() as smtp:
        env = process_environment(smtp_url=smtp.url, var_dir=tmp_path)
        processes = [CeleryProcess("worker", env, tmp_path), CeleryProcess("beat", env, tmp_path)]
        try:
            arrived = _wait(lambda: len(smtp.messages) >= expected)
            # Give a duplicate, if any, the time of a few more ticks to show up.
            _wait(lambda: False, timeout=4)
        finally:
            for process in processes:
                process.stop()
        logs = "\n".join(process.output() for process in processes)
        assert arrived, logs[-4000:]
        messages = smtp.messages

    assert len(messages) == expected
    message_ids = [message["Message-ID"] for message in messages]
    assert len(set(message_ids)) == expected
    subjects = [decoded_subject(message) for message in messages]
    assert all(incident.title in subject and "Europe/Berlin" in subject for subject in subjects), subjects
    assert due_now.filter(status=AlertDelivery.Status.SENT).count() == expected
    assert EngineHeartbeat.objects.filter(name="alerts").exists()
