"""The register of nonconformities and its figures for the quarterly report and the management review."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from civac.tenancy.context import workspace_context
from isms.models import Nonconformity

_OPEN_ACTIONS = Q(actions__done_at__isnull=True)


def nonconformity_register(*, status: str = "", source: str = "", overdue: bool = False,
                           today: date) -> QuerySet:
    """Return the register rows, each annotated with its open actions and the earliest open due date.

    Run it inside the workspace context. A nonconformity is overdue when one of
    its open actions was due before ``today``.
    """
    rows = (Nonconformity.objects.select_related("finding__audit", "incident")
            .annotate(open_actions=Count("actions", filter=_OPEN_ACTIONS, distinct=True),
                      action_count=Count("actions", distinct=True),
                      next_due_on=Min("actions__due_on", filter=_OPEN_ACTIONS))
            .order_by("status", "next_due_on", "-created_at"))
    if status:
        rows = rows.filter(status=status)
    if source:
        rows = rows.filter(source=source)
    if overdue:
        rows = rows.filter(status=Nonconformity.Status.OPEN, next_due_on__lt=today)
    return rows


def corrective_action_summary(workspace) -> dict:
    """Count the register by status and source, and list the open nonconformities with their next due date.

    ``open_items`` contains dicts with the nonconformity, ``next_due_on`` (None
    when no action is open) and ``overdue``, using today in the workspace's
    time zone. Read the nonconformities inside ``workspace_context``.
    """
    today = timezone.localdate(timezone.now(), workspace.zone)
    with workspace_context(workspace):
        counts = dict(Nonconformity.objects.values_list("status").annotate(count=Count("pk")).order_by())
        by_source = dict(Nonconformity.objects.filter(status=Nonconformity.Status.OPEN).values_list("source")
                         .annotate(count=Count("pk")).order_by())
        open_rows = list(nonconformity_register(status=Nonconformity.Status.OPEN, today=today))
    open_items = [{"nonconformity": row, "next_due_on": row.next_due_on,
                   "overdue": row.next_due_on is not None and row.next_due_on < today} for row in open_rows]
    return {
        "open": counts.get(Nonconformity.Status.OPEN, 0),
        "closed": counts.get(Nonconformity.Status.CLOSED, 0),
        "overdue": sum(1 for item in open_items if item["overdue"]),
        "open_by_source": {source: by_source.get(source, 0) for source in Nonconformity.Source.values},
        "open_items": open_items,
    }
