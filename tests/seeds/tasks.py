"""Tasks for the isolation matrix: a recurring task with reminders and a done occurrence."""

from datetime import timedelta

from django.utils import timezone

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from isms.models import Task
from isms.services.tasks import task_complete, task_create


def seed_foreign(workspace, marker: str) -> None:
    today = timezone.localdate()
    with workspace_context(workspace), acting_as(system="tests"):
        done = task_create(actor=None, workspace=workspace, title=marker, description=marker,
                           due_on=today + timedelta(days=10), cadence=Task.Cadence.MONTHLY)
        task_complete(actor=None, task=done, note=marker)
