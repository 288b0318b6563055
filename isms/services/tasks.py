"""Writes on tasks; each one audited through the task row itself."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from isms.models import Task


def task_open_for(*, workspace, source, title: str, description: str, due_on: date) -> Task:
    """Open the task that ``source`` needs, unless it already has one."""
    task, _created = Task.objects.get_or_create(
        workspace=workspace, source_type=source._meta.label_lower, source_id=str(source.pk),
        defaults={"title": title[:300], "description": description, "due_on": due_on},
    )
    return task


def task_complete(*, actor, task: Task) -> Task:
    if task.status == Task.Status.DONE:
        raise field_error("task", _("This task is already done."), "already_done")
    with transaction.atomic():
        task.status = Task.Status.DONE
        task.done_at = timezone.now()
        task.done_by = actor
        task.save()
    return task
