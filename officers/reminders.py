"""Reminders before qualifications expire: 60, 30 and 7 days ahead, each once, by e-mail."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from civac.audit.context import acting_as
from civac.audit.recorder import append_event
from civac.tenancy.context import workspace_context
from civac.tenancy.models import Membership, Workspace
from civac.tenancy.roles import Role
from officers.models import Qualification, QualificationReminder

logger = logging.getLogger(__name__)
THRESHOLDS_DAYS = (7, 30, 60)


def schedule_reminders(*, today=None) -> int:
    """Write a reminder row for the nearest threshold each qualification has reached; existing rows stay.

    Only the nearest threshold counts, so after a pause in these runs the earlier,
    wider thresholds are not sent late.
    """
    today = today or timezone.localdate()
    horizon = today + timedelta(days=max(THRESHOLDS_DAYS))
    rows = []
    for qualification in Qualification.all_workspaces.filter(expires_on__gte=today, expires_on__lte=horizon):
        days_left = (qualification.expires_on - today).days
        threshold = next(limit for limit in THRESHOLDS_DAYS if days_left <= limit)
        rows.append(QualificationReminder(workspace_id=qualification.workspace_id, qualification=qualification,
                                          days_before=threshold))
    QualificationReminder.all_workspaces.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _recipients(workspace: Workspace, qualification: Qualification) -> list[str]:
    with workspace_context(workspace):
        members = Membership.objects.filter(role__in=[Role.OFFICER, Role.WORKSPACE_ADMIN]).values_list(
            "user__email", flat=True)
        return sorted({qualification.officer.email.lower(), *(email.lower() for email in members)})


def send_pending_reminders() -> int:
    """Send every pending reminder, each under a row lock so two workers never send the same one."""
    sent = 0
    while True:
        with transaction.atomic():
            reminder = (QualificationReminder.all_workspaces.select_for_update(skip_locked=True)
                        .select_related("qualification__officer", "workspace")
                        .filter(sent_at__isnull=True).order_by("created_at").first())
            if reminder is None:
                return sent
            _send(reminder)
        sent += 1


def _send(reminder: QualificationReminder) -> None:
    workspace = reminder.workspace
    qualification = reminder.qualification
    context = {"qualification": qualification, "officer": qualification.officer, "workspace": workspace,
               "link": f"{settings.SITE_URL}/w/{workspace.slug}/officers/people/{qualification.officer_id}/"}
    with translation.override(workspace.default_language):
        subject = render_to_string("officers/email/qualification_subject.txt", context).strip()
        body = render_to_string("officers/email/qualification_body.txt", context)
    send_mail(subject, body, None, _recipients(workspace, qualification))
    QualificationReminder.all_workspaces.filter(pk=reminder.pk).update(sent_at=timezone.now(), last_error="")
    with acting_as(system="reminders"):
        append_event(workspace_id=workspace.pk, action="reminder_sent", object_type="officers.qualification",
                     object_id=str(qualification.pk), object_repr=str(qualification),
                     changes={"days_before": reminder.days_before, "expires_on": qualification.expires_on.isoformat()})


def record_failure(error: Exception) -> None:
    """Note the error on every pending row, so the page and the admin show why they wait."""
    QualificationReminder.all_workspaces.filter(sent_at__isnull=True).update(last_error=str(error)[:2000])
