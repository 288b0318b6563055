"""Corrective actions with owners and due dates; each opens a task, whose reminders go through the outbox."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from isms.models import CorrectiveAction, Nonconformity, Task
from isms.services.corrective.nonconformities import ensure_open
from isms.services.tasks import task_complete, task_create


def action_add(*, actor, nonconformity: Nonconformity, description: str, owner, due_on: date,
               now: datetime | None = None) -> CorrectiveAction:
    """Add an action and open a task for its owner, in one transaction.

    The task service checks that the owner is a member of the workspace. Its
    field errors name ``owner`` and ``due_on``, the same fields as the form.
    """
    now = now or timezone.now()
    description = (description or "").strip()
    if not description:
        raise field_error("description", _("Describe the action."), "description_missing")
    if owner is None:
        raise field_error("owner", _("Choose the member who carries out the action."), "owner_missing")
    if due_on is None:
        raise field_error("due_on", _("Enter the date by which the action is due."), "due_on_missing")
    workspace = nonconformity.workspace
    if due_on < timezone.localdate(now, workspace.zone):
        raise field_error("due_on", _("The due date is in the past; enter today or a later date."), "due_on_past")
    with transaction.atomic(), workspace_context(workspace):
        locked = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
        ensure_open(locked)
        task = task_create(actor=actor, workspace=workspace, owner=owner, due_on=due_on, now=now,
                           title=_("Corrective action: %(title)s") % {"title": locked.title},
                           description=description)
        return CorrectiveAction.objects.create(workspace=workspace, nonconformity=locked, description=description,
                                               owner=owner, due_on=due_on, task=task)


def action_complete(*, actor, action: CorrectiveAction, note: str = "",
                    now: datetime | None = None) -> CorrectiveAction:
    """Mark the action done and complete its task, so its reminders stop."""
    now = now or timezone.now()
    note = (note or "").strip()
    if not note:
        raise field_error("note", _("Say what was done, so the effectiveness check can refer to it."),
                          "note_missing")
    with transaction.atomic(), workspace_context(action.workspace):
        locked = CorrectiveAction.objects.select_for_update().select_related("nonconformity").get(pk=action.pk)
        ensure_open(locked.nonconformity)
        if locked.is_done:
            raise field_error("note", _("This action is already done."), "action_done")
        locked.done_at = now
        locked.done_by = actor
        locked.done_note = note
        locked.save()
        task = Task.objects.filter(pk=locked.task_id, status=Task.Status.OPEN).first()
        if task is not None:
            task_complete(actor=actor, task=task, note=note, now=now)
        return locked
