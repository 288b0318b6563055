"""Writes on tasks: create, change, complete, delete; each audited through the task row itself.

Every write also brings the task's reminders in the alert outbox in line, in
the same transaction, so a rolled-back change leaves no reminder behind.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from isms.models import Task
from isms.services.tasks.cadence import check_cadence, next_due_on, normalise_rrule
from isms.services.tasks.reminders import cancel_reminders, schedule_reminders

# A new recurring task may start this far in the past at most; an older first
# due date would only produce an occurrence that is overdue the moment it exists.
MAX_DAYS_IN_PAST = 31
MAX_YEARS_AHEAD = 10

EDITABLE_FIELDS = ["title", "description", "owner", "due_on", "cadence", "interval", "rrule", "evidence_required"]


def _today(workspace, now: datetime) -> date:
    return timezone.localdate(now, workspace.zone)


def _clean_values(values: dict) -> dict:
    """Drop the cadence fields that the chosen cadence does not use, so stale input is not stored."""
    cleaned = dict(values)
    cleaned["title"] = (cleaned.get("title") or "").strip()
    cleaned["description"] = (cleaned.get("description") or "").strip()
    cadence = cleaned.get("cadence") or Task.Cadence.ONCE
    cleaned["cadence"] = cadence
    if cadence not in {Task.Cadence.EVERY_N_DAYS, Task.Cadence.EVERY_N_WEEKS, Task.Cadence.EVERY_N_MONTHS}:
        cleaned["interval"] = None
    cleaned["rrule"] = normalise_rrule(cleaned.get("rrule") or "") if cadence == Task.Cadence.RRULE else ""
    return cleaned


def _check_values(values: dict, *, workspace, today: date, due_changed: bool) -> None:
    if not values["title"]:
        raise field_error("title", _("Enter a title for the task."), "title_missing")
    if len(values["title"]) > 300:
        raise field_error("title", _("Shorten the title to 300 characters or fewer."), "title_too_long")
    due_on = values.get("due_on")
    if due_on is None:
        raise field_error("due_on", _("Enter the date on which the task is due."), "due_on_missing")
    if due_on > today + relativedelta(years=MAX_YEARS_AHEAD):
        raise field_error("due_on", _("Choose a due date within the next %(years)s years.")
                          % {"years": MAX_YEARS_AHEAD}, "due_on_too_far")
    recurring = values["cadence"] != Task.Cadence.ONCE
    if recurring and due_changed and due_on < today - timedelta(days=MAX_DAYS_IN_PAST):
        raise field_error(
            "due_on", _("A recurring task cannot start more than %(days)s days in the past; enter the next date "
                        "on which it is due.") % {"days": MAX_DAYS_IN_PAST}, "due_on_far_past")
    check_cadence(cadence=values["cadence"], interval=values.get("interval"), rrule=values["rrule"], anchor=due_on)
    owner = values.get("owner")
    if owner is not None and not Membership.all_workspaces.filter(workspace=workspace, user=owner).exists():
        raise field_error("owner", _("Choose a member of this workspace as owner, or leave the task unassigned."),
                          "owner_not_member")


def task_create(*, actor, workspace, title: str, due_on: date, description: str = "", owner=None,
                cadence: str = Task.Cadence.ONCE, interval: int | None = None, rrule: str = "",
                standard_key: str = "", evidence_required: bool = False, now: datetime | None = None) -> Task:
    """Create a task and queue its reminders; a recurring task starts a new series anchored on ``due_on``."""
    now = now or timezone.now()
    values = _clean_values({"title": title, "description": description, "owner": owner, "due_on": due_on,
                            "cadence": cadence, "interval": interval, "rrule": rrule,
                            "evidence_required": evidence_required is True})
    _check_values(values, workspace=workspace, today=_today(workspace, now), due_changed=True)
    recurring = values["cadence"] != Task.Cadence.ONCE
    with transaction.atomic(), workspace_context(workspace):
        task = Task.objects.create(workspace=workspace, anchor_on=due_on, standard_key=standard_key,
                                   series=uuid.uuid4() if recurring else None, **values)
        schedule_reminders(task, now=now)
    return task


def task_update(*, actor, task: Task, values: dict, now: datetime | None = None) -> Task:
    """Change an open task; a new due date or cadence restarts the rhythm from the new due date."""
    now = now or timezone.now()
    if not task.is_open:
        raise field_error("task", _("Only open tasks can be changed."), "task_not_open")
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise field_error(sorted(unknown)[0], _("This field cannot be changed here."), "field_not_editable")
    stored = Task.all_workspaces.get(pk=task.pk)
    merged = _clean_values({field: values.get(field, getattr(stored, field)) for field in EDITABLE_FIELDS})
    due_changed = merged["due_on"] != stored.due_on
    _check_values(merged, workspace=task.workspace, today=_today(task.workspace, now), due_changed=due_changed)
    rhythm_changed = due_changed or any(
        merged[field] != getattr(stored, field) for field in ("cadence", "interval", "rrule"))
    with transaction.atomic(), workspace_context(task.workspace):
        for field, value in merged.items():
            setattr(task, field, value)
        if rhythm_changed:
            task.anchor_on = task.due_on
        if task.is_recurring and task.series is None:
            task.series = uuid.uuid4()
        task.save()
        schedule_reminders(task, now=now)
    return task


def task_open_for(*, workspace, source, title: str, description: str, due_on: date) -> Task:
    """Open the task that ``source`` needs, unless it already has one."""
    with transaction.atomic(), workspace_context(workspace):
        task, created = Task.objects.get_or_create(
            workspace=workspace, source_type=source._meta.label_lower, source_id=str(source.pk),
            defaults={"title": title[:300], "description": description, "due_on": due_on, "anchor_on": due_on},
        )
        if created:
            schedule_reminders(task, now=timezone.now())
    return task


def task_complete(*, actor, task: Task, note: str = "", now: datetime | None = None) -> Task:
    """Record the completion and, for a recurring task, open the next occurrence; returns the completed task.

    The next due date is the first date of the series' rhythm after both the
    current due date and today. It is counted from the anchor, so completing
    early or late does not shift the rhythm; an occurrence whose date already
    passed while the task was late is not created, because it would be overdue
    from the start. Completing a task twice raises a field error.
    """
    now = now or timezone.now()
    with transaction.atomic(), workspace_context(task.workspace):
        # The row lock makes a second, concurrent completion wait and then see "done".
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.status == Task.Status.DONE:
            raise field_error("task", _("This task is already done."), "already_done")
        if locked.status == Task.Status.DELETED:
            raise field_error("task", _("This task was deleted and cannot be completed."), "task_deleted")
        if locked.evidence_required and not _has_evidence(locked):
            raise field_error("evidence", _("This task needs evidence: upload a file to the task, then mark it "
                                            "as done."), "evidence_missing")
        locked.status = Task.Status.DONE
        locked.done_at = now
        locked.done_by = actor
        locked.completion_note = note.strip()
        locked.save()
        cancel_reminders(locked)
        follower = _open_next_occurrence(locked, now=now)
        append_event(
            workspace_id=locked.workspace_id, action="complete", object_type="isms.task", object_id=str(locked.pk),
            object_repr=locked.title, actor=actor,
            changes={"due_on": locked.due_on.isoformat(), "note": locked.completion_note,
                     "next_task": str(follower.pk) if follower else None,
                     "next_due_on": follower.due_on.isoformat() if follower else None},
        )
    task.refresh_from_db()
    return task


def _has_evidence(task: Task) -> bool:
    from isms.services.evidence.selectors import evidence_for_subject

    return evidence_for_subject(task).filter(withdrawn_at__isnull=True).exclude(scan_status="infected").exists()


def _open_next_occurrence(task: Task, *, now: datetime) -> Task | None:
    if not task.is_recurring:
        return None
    after = max(task.due_on, _today(task.workspace, now))
    due_on = next_due_on(cadence=task.cadence, interval=task.interval, rrule=task.rrule,
                         anchor=task.anchor_on or task.due_on, after=after)
    if due_on is None:
        return None
    follower = Task.objects.create(
        workspace=task.workspace, title=task.title, description=task.description, owner=task.owner,
        due_on=due_on, cadence=task.cadence, interval=task.interval, rrule=task.rrule,
        anchor_on=task.anchor_on or task.due_on, series=task.series, standard_key=task.standard_key,
        evidence_required=task.evidence_required,
    )
    schedule_reminders(follower, now=now)
    return follower


def task_delete(*, actor, task: Task) -> Task:
    """Mark an open task deleted and cancel its reminders; a recurring series ends with it.

    The row stays, because sent reminders and audit events refer to it.
    """
    with transaction.atomic(), workspace_context(task.workspace):
        locked = Task.objects.select_for_update().get(pk=task.pk)
        if locked.status == Task.Status.DONE:
            raise field_error("task", _("A done task belongs to the completion history and cannot be deleted."),
                              "task_done")
        if locked.status == Task.Status.DELETED:
            raise field_error("task", _("This task was already deleted."), "task_deleted")
        locked.status = Task.Status.DELETED
        locked.save()
        cancel_reminders(locked)
    task.refresh_from_db()
    return task
