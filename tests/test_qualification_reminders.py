"""Reminders before a qualification expires go out once per threshold, and a failed send is retried."""

from datetime import date, datetime, timezone

import pytest
import time_machine
from django.core import mail

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from officers.models import QualificationReminder
from officers.services import qualification_add
from officers.tasks import send_qualification_reminders
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def qualification(personas, workspace):
    officer = factories.make_officer(workspace, email="anna@example.com")
    with workspace_context(workspace):
        return qualification_add(actor=personas[Role.OFFICER], officer=officer, title="Fachkunde DSB",
                                 issuer="TÜV", issued_on=date(2022, 3, 1), expires_on=date(2027, 1, 31))


def _run_on(day: date):
    with time_machine.travel(datetime(day.year, day.month, day.day, 9, 0, tzinfo=timezone.utc), tick=False):
        return send_qualification_reminders()


def test_each_threshold_sends_once(qualification):
    assert _run_on(date(2026, 11, 1)) == 0          # 91 days ahead: nothing yet
    assert _run_on(date(2026, 12, 2)) == 1          # 60 days
    assert _run_on(date(2026, 12, 3)) == 0          # same threshold again: nothing
    assert _run_on(date(2027, 1, 24)) == 1          # 7 days; the 30-day run was missed and is skipped
    assert sorted(QualificationReminder.all_workspaces.values_list("days_before", flat=True)) == [7, 60]
    assert len(mail.outbox) == 2
    assert "anna@example.com" in mail.outbox[0].to
    assert "officer@acme.example" in mail.outbox[0].to
    assert AuditEvent.objects.filter(action="reminder_sent").count() == 2


def test_failed_send_is_retried(qualification, settings):
    settings.EMAIL_BACKEND = "tests.mailbackends.FailingBackend"
    assert _run_on(date(2026, 12, 2)) == 0
    reminder = QualificationReminder.all_workspaces.get()
    assert reminder.sent_at is None
    assert "refused" in reminder.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert _run_on(date(2026, 12, 2)) == 1
    assert len(mail.outbox) == 1
