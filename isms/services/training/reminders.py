"""Open a task for each person whose training is due or overdue; the task's reminders go through the outbox."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from isms.models import TrainingReminder
from isms.services.tasks import task_create
from isms.services.training.status import Status, course_statuses

logger = logging.getLogger(__name__)


def training_open_reminders(*, actor, workspace, now: datetime | None = None) -> int:
    """Open one task per person, course and due date that has none yet; return how many were opened.

    Safe to run repeatedly (by a beat job or by hand): the unique reminder row
    per course, person and due date makes a second run open nothing.
    """
    now = now or timezone.now()
    today = timezone.localdate(now, workspace.zone)
    opened = 0
    with workspace_context(workspace):
        statuses = course_statuses(today=today)
        existing = set(TrainingReminder.objects.values_list("course_id", "person_id", "due_on"))
        for rows in statuses.values():
            for row in rows:
                if row.status == Status.COMPLETED or (row.course.pk, row.person.pk, row.due_on) in existing:
                    continue
                if _open_one(actor=actor, workspace=workspace, row=row, now=now):
                    opened += 1
    return opened


def _open_one(*, actor, workspace, row, now) -> bool:
    title = _("Complete the training “%(course)s”") % {"course": row.course.title}
    description = _("Your training is due on %(date)s. Attend a session; the officer records your attendance.") % {
        "date": row.due_on.isoformat()}
    try:
        with transaction.atomic():
            task = task_create(actor=actor, workspace=workspace, title=title, description=description,
                               owner=row.person, due_on=row.due_on, now=now)
            TrainingReminder.objects.create(workspace=workspace, course=row.course, person=row.person,
                                            due_on=row.due_on, task=task)
    except IntegrityError:
        # A concurrent run opened this reminder first; its task stands, ours rolled back.
        logger.info("training reminder for course %s and person %s already exists", row.course.pk, row.person.pk)
        return False
    return True
