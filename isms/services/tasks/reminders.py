"""Task reminders as rows of the alert outbox.

Each open task gets e-mail reminders seven days before its due date, on the
due date and one day after it, at 08:00 in the workspace's time zone, to its
owner or, when it has none, to the workspace's officers and the partner staff
who work for it. The outbox claims, sends, retries and marks these rows late
exactly as it does incident alerts.

The step name carries the due date ("due@20261231"), so the unique key
(task, step, recipient, channel) lets a rescheduled task get a fresh set of
reminders while the rows already sent for the old date stay in the log.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from civac.accounts.models import User
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from incidents.models import AlertDelivery
from isms.models import Task
from mandates.selectors import partner_staff_emails

logger = logging.getLogger(__name__)

REMINDER_HOUR = 8
# (step name, days relative to the due date)
REMINDER_STEPS = [("before-7d", -7), ("due", 0), ("overdue-1d", 1)]
_OPEN_ROWS = [AlertDelivery.Status.PENDING, AlertDelivery.Status.CANCELLED]


def step_name(step: str, due_on: date) -> str:
    return f"{step}@{due_on:%Y%m%d}"


def step_due_on(step_with_date: str) -> date | None:
    """Return the due date encoded in a reminder's step name, or None if the name carries none."""
    _step, _sep, stamp = step_with_date.partition("@")
    try:
        return datetime.strptime(stamp, "%Y%m%d").date()
    except ValueError:
        return None


def step_kind(step_with_date: str) -> str:
    return step_with_date.partition("@")[0]


def recipients(task: Task) -> list[str]:
    """Collect the addresses that receive the task's reminders; runs inside the task's workspace context."""
    if task.owner_id is not None:
        return [task.owner.email.lower()] if task.owner.email else []
    officers = set(Membership.objects.filter(role=Role.OFFICER).values_list("user__email", flat=True))
    officers |= set(partner_staff_emails(task.workspace))
    if not officers:
        # The workspace has no officer yet, so the admins receive the reminder and the task is not forgotten.
        officers = set(Membership.objects.filter(role=Role.WORKSPACE_ADMIN).values_list("user__email", flat=True))
    return sorted({email.lower() for email in officers if email})


def planned_reminders(task: Task, *, now: datetime) -> dict[str, datetime]:
    """Map step names to send times (UTC); steps whose time has passed are left out."""
    zone = task.workspace.zone
    planned = {}
    for step, offset in REMINDER_STEPS:
        local = datetime.combine(task.due_on + timedelta(days=offset), time(REMINDER_HOUR), tzinfo=zone)
        send_at = local.astimezone(dt_timezone.utc)
        if send_at > now:
            planned[step_name(step, task.due_on)] = send_at
    return planned


def schedule_reminders(task: Task, *, now: datetime) -> None:
    """Bring the task's outbox rows in line with its due date, owner and status.

    Pending rows that no longer fit are cancelled; wanted rows are created or
    revived. Rows that were sent, failed for good or are being sent stay as
    they are, so nothing in the delivery log is rewritten.
    """
    wanted = {}
    if task.is_open:
        planned = planned_reminders(task, now=now)
        wanted = {(step, address): when for step, when in planned.items() for address in recipients(task)}
    existing = {
        (row.step, row.recipient): row
        for row in AlertDelivery.all_workspaces.filter(task=task, channel=AlertDelivery.Channel.EMAIL)
    }
    stale = [row.pk for key, row in existing.items()
             if key not in wanted and row.status == AlertDelivery.Status.PENDING]
    if stale:
        AlertDelivery.all_workspaces.filter(pk__in=stale, status=AlertDelivery.Status.PENDING).update(
            status=AlertDelivery.Status.CANCELLED)

    new_rows = []
    for (step, address), when in wanted.items():
        row = existing.get((step, address))
        if row is None:
            new_rows.append(AlertDelivery(workspace_id=task.workspace_id, task=task, step=step, recipient=address,
                                          channel=AlertDelivery.Channel.EMAIL, send_at=when, next_attempt_at=when))
        elif row.status in _OPEN_ROWS:
            AlertDelivery.all_workspaces.filter(pk=row.pk, status__in=_OPEN_ROWS).update(
                status=AlertDelivery.Status.PENDING, send_at=when, next_attempt_at=when)
    AlertDelivery.all_workspaces.bulk_create(new_rows, ignore_conflicts=True)


def cancel_reminders(task: Task) -> int:
    return AlertDelivery.all_workspaces.filter(task=task, status=AlertDelivery.Status.PENDING).update(
        status=AlertDelivery.Status.CANCELLED)


def reminder_still_needed(delivery: AlertDelivery) -> bool:
    """Decide at send time: the task is still open and still due on the date the reminder names."""
    task = delivery.task
    return task.is_open and step_due_on(delivery.step) == task.due_on


def _language_for(address: str, workspace) -> str:
    user = User.objects.filter(email__iexact=address, is_active=True).only("language").first()
    if user is not None and user.language:
        return user.language
    return workspace.default_language or settings.LANGUAGE_CODE


def send_reminder_email(delivery: AlertDelivery, *, late: bool) -> None:
    """Send one reminder in the recipient's language, with dates in the workspace's time zone."""
    task = delivery.task
    workspace = delivery.workspace
    link = settings.SITE_URL + reverse("isms:task_detail", args=[workspace.slug, task.pk])
    context = {"task": task, "workspace": workspace, "late": late, "link": link,
               "kind": step_kind(delivery.step), "zone_name": workspace.time_zone, "delivery_send_at": delivery.send_at}
    with translation.override(_language_for(delivery.recipient, workspace)), timezone.override(workspace.zone):
        subject = render_to_string("isms/tasks/email/reminder_subject.txt", context).strip()
        body = render_to_string("isms/tasks/email/reminder_body.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[delivery.recipient],
                           headers={"Message-ID": delivery.message_id, "X-Civac-Alert": str(delivery.pk)})
    message.send(fail_silently=False)
    logger.info("task reminder %s for task %s sent to %s", delivery.pk, task.pk, delivery.recipient)
