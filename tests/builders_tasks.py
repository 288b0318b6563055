"""Builders for task tests; each writes through the task services."""

from datetime import date, datetime, timezone

import time_machine

from civac.tenancy.context import workspace_context
from isms.models import Task
from isms.services.tasks import task_create

# Thursday, 10:00 in Berlin: far from a daylight-saving change and from a month end.
NOW = datetime(2026, 3, 12, 9, 0, tzinfo=timezone.utc)


def make_task(workspace, actor, *, title: str = "Zugriffsrechte prüfen", due_on: date = date(2026, 3, 31),
              now: datetime = NOW, **values) -> Task:
    with time_machine.travel(now, tick=False), workspace_context(workspace):
        return task_create(actor=actor, workspace=workspace, title=title, due_on=due_on, now=now, **values)
