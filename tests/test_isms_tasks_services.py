"""Task services: creating, rescheduling, completing and deleting, with their reminders and bad input."""

from datetime import date, datetime, timezone

import pytest
from django.core.exceptions import ValidationError

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents.models import AlertDelivery
from isms.models import Task
from isms.services.tasks import task_complete, task_delete, task_update
from tests import factories
from tests.builders_tasks import NOW, make_task

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _reminders(task, **filters):
    return AlertDelivery.all_workspaces.filter(task=task, **filters)


def _field_of(error: ValidationError) -> str:
    return next(iter(error.error_dict))


def test_recurring_task_starts_series(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER], cadence=Task.Cadence.QUARTERLY)
    assert task.series is not None
    assert task.anchor_on == date(2026, 3, 31)


def test_reminders_go_to_owner_at_eight_local(personas, workspace):
    owner = personas[Role.MANAGEMENT]
    task = make_task(workspace, personas[Role.OFFICER], owner=owner, due_on=date(2026, 3, 31))
    rows = {row.step: row for row in _reminders(task)}
    assert set(rows) == {"before-7d@20260331", "due@20260331", "overdue-1d@20260331"}
    assert {row.recipient for row in rows.values()} == {"management@acme.example"}
    # 24 March is before the change to summer time (CET, UTC+1); 31 March and 1 April are after it (UTC+2).
    assert rows["before-7d@20260331"].send_at == datetime(2026, 3, 24, 7, 0, tzinfo=timezone.utc)
    assert rows["due@20260331"].send_at == datetime(2026, 3, 31, 6, 0, tzinfo=timezone.utc)
    assert rows["overdue-1d@20260331"].send_at == datetime(2026, 4, 1, 6, 0, tzinfo=timezone.utc)


def test_unassigned_task_reminds_officers_and_partner_staff(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER], due_on=date(2026, 3, 31))
    recipients = set(_reminders(task, step="due@20260331").values_list("recipient", flat=True))
    assert recipients == {"officer@acme.example", "staff@helpers.example"}


def test_steps_already_past_are_not_queued(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER], due_on=date(2026, 3, 14))
    steps = set(_reminders(task).values_list("step", flat=True))
    assert steps == {"due@20260314", "overdue-1d@20260314"}


def test_recurring_task_far_in_past_rejected(personas, workspace):
    with pytest.raises(ValidationError) as caught:
        make_task(workspace, personas[Role.OFFICER], due_on=date(2025, 12, 1), cadence=Task.Cadence.MONTHLY)
    assert _field_of(caught.value) == "due_on"
    with workspace_context(workspace):
        assert not Task.objects.exists()


def test_one_off_task_in_past_accepted(personas, workspace):
    task = make_task(workspace, personas[Role.OFFICER], due_on=date(2025, 12, 1))
    assert task.status == Task.Status.OPEN


def test_due_date_too_far_ahead_rejected(personas, workspace):
    with pytest.raises(ValidationError) as caught:
        make_task(workspace, personas[Role.OFFICER], due_on=date(2040, 1, 1))
    assert _field_of(caught.value) == "due_on"


def test_blank_title_rejected(personas, workspace):
    with pytest.raises(ValidationError) as caught:
        make_task(workspace, personas[Role.OFFICER], title="   ")
    assert _field_of(caught.value) == "title"


def test_owner_from_other_workspace_rejected(personas, workspace, other_workspace):
    stranger = factories.make_user("stranger@rival.example")
    factories.add_member(other_workspace, stranger, Role.OFFICER)
    with pytest.raises(ValidationError) as caught:
        make_task(workspace, personas[Role.OFFICER], owner=stranger)
    assert _field_of(caught.value) == "owner"


def test_never_firing_rule_stores_nothing(personas, workspace):
    with pytest.raises(ValidationError) as caught:
        make_task(workspace, personas[Role.OFFICER], cadence=Task.Cadence.RRULE, rrule="FREQ=WEEKLY;COUNT=0")
    assert _field_of(caught.value) == "rrule"
    with workspace_context(workspace):
        assert not Task.objects.exists()
    assert not AlertDelivery.all_workspaces.exists()


def test_completion_opens_next_occurrence_on_anchor(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, due_on=date(2026, 3, 31), cadence=Task.Cadence.MONTHLY)
    task_complete(actor=officer, task=task, note="Alle Konten geprüft", now=NOW)
    with workspace_context(workspace):
        done = Task.objects.get(pk=task.pk)
        follower = Task.objects.get(series=task.series, status=Task.Status.OPEN)
    assert done.done_by == officer
    assert done.done_at == NOW
    assert done.completion_note == "Alle Konten geprüft"
    assert follower.due_on == date(2026, 4, 30)
    task_complete(actor=officer, task=follower, now=NOW)
    with workspace_context(workspace):
        third = Task.objects.get(series=task.series, status=Task.Status.OPEN)
    # Counted from the anchor 31 March, not from 30 April, so the month end is kept.
    assert third.due_on == date(2026, 5, 31)


def test_late_completion_skips_passed_dates(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, due_on=date(2026, 3, 16), cadence=Task.Cadence.WEEKLY)
    task_complete(actor=officer, task=task, now=datetime(2026, 4, 1, 9, 0, tzinfo=timezone.utc))
    with workspace_context(workspace):
        follower = Task.objects.get(series=task.series, status=Task.Status.OPEN)
    assert follower.due_on == date(2026, 4, 6)


def test_completing_twice_rejected(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, cadence=Task.Cadence.YEARLY)
    task_complete(actor=officer, task=task, now=NOW)
    with pytest.raises(ValidationError) as caught:
        task_complete(actor=officer, task=task, now=NOW)
    assert caught.value.error_dict["task"][0].code == "already_done"
    with workspace_context(workspace):
        assert Task.objects.filter(series=task.series).count() == 2


def test_completion_is_audited(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, cadence=Task.Cadence.YEARLY)
    task_complete(actor=officer, task=task, note="erledigt", now=NOW)
    event = AuditEvent.objects.get(action="complete", object_id=str(task.pk))
    assert event.changes["note"] == "erledigt"
    assert event.changes["next_due_on"] == "2027-03-31"


def test_completion_cancels_pending_reminders(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer)
    task_complete(actor=officer, task=task, now=NOW)
    statuses = set(_reminders(task).values_list("status", flat=True))
    assert statuses == {AlertDelivery.Status.CANCELLED}


def test_rule_with_count_ends_series(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, due_on=date(2026, 3, 16), cadence=Task.Cadence.RRULE,
                     rrule="FREQ=WEEKLY;COUNT=2")
    task_complete(actor=officer, task=task, now=NOW)
    with workspace_context(workspace):
        second = Task.objects.get(series=task.series, status=Task.Status.OPEN)
    task_complete(actor=officer, task=second, now=NOW)
    with workspace_context(workspace):
        assert not Task.objects.filter(series=task.series, status=Task.Status.OPEN).exists()


def test_reschedule_moves_reminders(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, owner=officer, due_on=date(2026, 3, 31), cadence=Task.Cadence.QUARTERLY)
    with workspace_context(workspace):
        task_update(actor=officer, task=task, values={"due_on": date(2026, 4, 15)}, now=NOW)
    old = _reminders(task, step__endswith="@20260331")
    new = _reminders(task, step__endswith="@20260415")
    assert set(old.values_list("status", flat=True)) == {AlertDelivery.Status.CANCELLED}
    assert set(new.values_list("status", flat=True)) == {AlertDelivery.Status.PENDING}
    task.refresh_from_db()
    assert task.anchor_on == date(2026, 4, 15)


def test_reschedule_back_revives_reminders(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, owner=officer, due_on=date(2026, 3, 31))
    with workspace_context(workspace):
        task_update(actor=officer, task=task, values={"due_on": date(2026, 4, 15)}, now=NOW)
        task_update(actor=officer, task=task, values={"due_on": date(2026, 3, 31)}, now=NOW)
    pending = _reminders(task, status=AlertDelivery.Status.PENDING)
    assert set(pending.values_list("step", flat=True)) == {
        "before-7d@20260331", "due@20260331", "overdue-1d@20260331"}


def test_owner_change_moves_reminders(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, owner=officer)
    with workspace_context(workspace):
        task_update(actor=officer, task=task, values={"owner": personas[Role.MANAGEMENT]}, now=NOW)
    pending = _reminders(task, status=AlertDelivery.Status.PENDING)
    assert set(pending.values_list("recipient", flat=True)) == {"management@acme.example"}


def test_update_rejects_bad_interval(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer)
    with workspace_context(workspace), pytest.raises(ValidationError) as caught:
        task_update(actor=officer, task=task, values={"cadence": Task.Cadence.EVERY_N_WEEKS, "interval": 0},
                    now=NOW)
    assert _field_of(caught.value) == "interval"
    task.refresh_from_db()
    assert task.cadence == Task.Cadence.ONCE


def test_delete_cancels_reminders_and_keeps_row(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, cadence=Task.Cadence.MONTHLY)
    task_delete(actor=officer, task=task)
    assert task.status == Task.Status.DELETED
    assert set(_reminders(task).values_list("status", flat=True)) == {AlertDelivery.Status.CANCELLED}


def test_done_task_cannot_be_deleted(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer)
    task_complete(actor=officer, task=task, now=NOW)
    with pytest.raises(ValidationError) as caught:
        task_delete(actor=officer, task=task)
    assert caught.value.error_dict["task"][0].code == "task_done"


def test_deleted_task_cannot_be_completed(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer)
    task_delete(actor=officer, task=task)
    with pytest.raises(ValidationError) as caught:
        task_complete(actor=officer, task=task, now=NOW)
    assert caught.value.error_dict["task"][0].code == "task_deleted"


def test_deleted_recurring_task_opens_no_successor(personas, workspace):
    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, cadence=Task.Cadence.MONTHLY)
    task_delete(actor=officer, task=task)
    with workspace_context(workspace):
        assert Task.objects.filter(series=task.series).count() == 1


def test_evidence_required_blocks_completion_until_uploaded(personas, workspace):
    from isms.services.evidence import evidence_upload
    from tests.builders_policies import upload

    officer = personas[Role.OFFICER]
    task = make_task(workspace, officer, cadence=Task.Cadence.QUARTERLY, evidence_required=True)
    with pytest.raises(ValidationError) as error:
        task_complete(actor=officer, task=task, now=NOW)
    assert _field_of(error.value) == "evidence"
    with workspace_context(workspace):
        evidence_upload(actor=officer, workspace=workspace, subject=task,
                        upload=upload("restore-test.txt", "Restore finished in 42 minutes.\n".encode()))
    task_complete(actor=officer, task=task, now=NOW)
    with workspace_context(workspace):
        follower = Task.objects.get(series=task.series, status=Task.Status.OPEN)
    assert follower.evidence_required
