"""Reads on tasks for the card, the calendar, "my tasks" and the calendar feed."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from civac.tenancy.access import WorkspaceAccess
from isms.models import Task

SOON_DAYS = 7


def task_counts(*, today: date) -> dict[str, int]:
    """Count the active workspace's open, overdue and soon-due tasks in one query."""
    soon = today + timedelta(days=SOON_DAYS)
    return Task.objects.filter(status=Task.Status.OPEN).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        due_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
    )


def _mine(user, access: WorkspaceAccess) -> Q:
    """A user's tasks: the ones they own, and unassigned ones where they do the officer's work."""
    condition = Q(owner=user)
    if access.can_edit:
        condition |= Q(owner__isnull=True)
    return condition


def open_tasks_for(user, access: WorkspaceAccess) -> QuerySet:
    """Open tasks of ``user`` in the active workspace, earliest due first, so overdue ones lead."""
    return (Task.objects.filter(_mine(user, access), status=Task.Status.OPEN)
            .select_related("owner").order_by("due_on", "title"))


def feed_tasks(user, accesses: list[WorkspaceAccess]) -> QuerySet:
    """Open tasks of ``user`` across the given workspaces, for the account-level calendar feed.

    Platform code like the incident feed: it reads several workspaces at once,
    limited to the ids that access resolution returned for this user.
    """
    condition = Q(pk__in=[])
    for access in accesses:
        condition |= Q(workspace_id=access.workspace.pk) & _mine(user, access)
    return Task.all_workspaces.filter(condition, status=Task.Status.OPEN).order_by("due_on")


def month_tasks(first: date, last: date) -> QuerySet:
    """Open and done tasks of the active workspace due between ``first`` and ``last``."""
    return (Task.objects.filter(due_on__range=(first, last))
            .exclude(status=Task.Status.DELETED).select_related("owner").order_by("due_on", "title"))
