"""The iCalendar feed of a user's open reporting deadlines and tasks across all workspaces they can open."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Alarm, Calendar, Event

from civac.tenancy.access import accessible_workspaces
from incidents.models import ReportingObligation
from isms.services.tasks.calendar_feed import task_events


def feed_calendar(user) -> bytes:
    accesses = accessible_workspaces(user)
    workspaces = {access.workspace.pk: access.workspace for access in accesses}
    obligations = (
        ReportingObligation.all_workspaces.filter(workspace_id__in=workspaces, status=ReportingObligation.Status.OPEN)
        .select_related("incident").order_by("due_at")
    )
    calendar = Calendar()
    calendar.add("prodid", "-//civac//reporting deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "civac")
    now = timezone.now()
    with translation.override(user.language or settings.LANGUAGE_CODE):
        for obligation in obligations:
            workspace = workspaces[obligation.workspace_id]
            event = Event()
            event.add("uid", f"obligation-{obligation.pk}@civac")
            event.add("dtstamp", now)
            event.add("dtstart", obligation.due_at)
            event.add("dtend", obligation.due_at + timedelta(minutes=15))
            event.add("summary", f"{obligation.get_kind_display()}: {obligation.incident.title} ({workspace.legal_name})")
            event.add("url", f"{settings.SITE_URL}/w/{workspace.slug}/incidents/{obligation.incident_id}/")
            event.add("description", f"{obligation.get_regime_display()} – {workspace.legal_name}")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", event["summary"])
            alarm.add("trigger", timedelta(hours=-1))
            event.add_component(alarm)
            calendar.add_component(event)
        for event in task_events(user, accesses, workspaces, now=now):
            calendar.add_component(event)
    return calendar.to_ical()
