"""Task events for the account-level iCalendar feed, as all-day events with one UID per occurrence."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Event

from isms.services.tasks.selectors import feed_tasks


def task_events(user, accesses, workspaces: dict, *, now: datetime) -> list[Event]:
    """Build one event per open task; the UID stays the same while the occurrence exists, so updates replace it."""
    events = []
    for task in feed_tasks(user, accesses):
        workspace = workspaces[task.workspace_id]
        event = Event()
        event.add("uid", f"task-{task.pk}@civac")
        event.add("dtstamp", now)
        event.add("dtstart", task.due_on)
        event.add("dtend", task.due_on + timedelta(days=1))
        event.add("summary", _("Task: %(title)s (%(workspace)s)") % {"title": task.title,
                                                                    "workspace": workspace.legal_name})
        event.add("url", settings.SITE_URL + reverse("isms:task_detail", args=[workspace.slug, task.pk]))
        event.add("description", task.description or task.get_cadence_display())
        events.append(event)
    return events
