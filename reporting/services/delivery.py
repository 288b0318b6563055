"""Releasing a quarterly report to management and recording each member's acknowledgement.

Release sends each named management member an e-mail with a link (never the
PDF) in the member's language and opens a task per member, whose reminders
in the alert outbox repeat until the member acknowledges.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civac.audit.context import acting_as
from civac.audit.recorder import append_event
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from incidents import webhook_events
from incidents.models import WebhookEventType
from isms.models import Task
from isms.services.tasks import task_complete, task_open_for, task_update
from reporting.models import QuarterlyReport, ReportAcknowledgement

logger = logging.getLogger(__name__)

ACKNOWLEDGE_WITHIN_DAYS = 14


def management_members():
    """Memberships with the management role in the active workspace, for the release form's choices."""
    return Membership.objects.filter(role=Role.MANAGEMENT).select_related("user").order_by("user__last_name",
                                                                                             "user__email")


def report_release(*, actor, report: QuarterlyReport, recipients, confirmed_sha256: str) -> QuarterlyReport:
    """Release a rendered draft to the named management members and ask each to acknowledge it.

    ``confirmed_sha256`` is the hash of the PDF the officer reviewed; a report
    rendered again since cannot be released under the old review.
    """
    recipients = list(recipients)
    if not recipients:
        raise field_error("recipients", _("Choose at least one management member to receive the report."),
                          "recipients_missing")
    allowed = set(management_members().values_list("user_id", flat=True))
    if any(user.pk not in allowed for user in recipients):
        raise field_error("recipients", _("Only management members of this workspace can receive the report."),
                          "recipient_not_management")
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        locked = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        if locked.status == QuarterlyReport.Status.RELEASED:
            raise field_error("report", _("This report is already released."), "already_released")
        if locked.status != QuarterlyReport.Status.DRAFT:
            raise field_error("report", _("This report has not been rendered yet; wait until its PDF exists."),
                              "report_not_rendered")
        if confirmed_sha256 != locked.sha256:
            raise field_error("confirmed_sha256", _("The report changed after you opened it; reload and review it "
                                                    "again."), "hash_mismatch")
        locked.status = QuarterlyReport.Status.RELEASED
        locked.released_at, locked.released_by = now, actor
        locked.save()
        due_on = timezone.localdate(now, locked.workspace.zone) + timedelta(days=ACKNOWLEDGE_WITHIN_DAYS)
        for user in recipients:
            request = ReportAcknowledgement.objects.create(workspace=locked.workspace, report=locked, user=user)
            _open_reminder_task(actor, request, due_on)
        append_event(workspace_id=locked.workspace_id, action="release", object_type="reporting.quarterlyreport",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     changes={"sha256": locked.sha256, "recipients": [user.email for user in recipients]})
        webhook_events.record(WebhookEventType.REPORT_RELEASED, locked)
        transaction.on_commit(lambda: send_release_mails(locked.pk))
    return locked


def _open_reminder_task(actor, request: ReportAcknowledgement, due_on) -> Task:
    report = request.report
    with translation.override(_language_of(request.user, report.workspace)):
        title = _("Acknowledge the quarterly status report Q%(quarter)s %(year)s") % {
            "quarter": report.quarter, "year": report.year}
        description = _("Open the report in civac, read it and confirm that you have taken note.")
    task = task_open_for(workspace=report.workspace, source=request, title=title, description=description,
                         due_on=due_on)
    # task_open_for leaves the owner empty; the reminders must go to this member only.
    return task_update(actor=actor, task=task, values={"owner": request.user})


def _language_of(user, workspace) -> str:
    return getattr(user, "language", "") or workspace.default_language


def send_release_mails(report_id) -> None:
    """Send each recipient a link to the report; a failed send is logged, the task's reminders follow anyway."""
    report = QuarterlyReport.all_workspaces.select_related("workspace").get(pk=report_id)
    link = settings.SITE_URL + reverse("reporting:report", kwargs={"workspace_slug": report.workspace.slug,
                                                                    "report_id": report.pk})
    for request in ReportAcknowledgement.all_workspaces.filter(report=report).select_related("user"):
        with translation.override(_language_of(request.user, report.workspace)):
            subject = _("Quarterly status report Q%(quarter)s %(year)s for %(workspace)s") % {
                "quarter": report.quarter, "year": report.year, "workspace": report.workspace.legal_name}
            body = render_to_string("reporting/release_email.txt", {"report": report, "link": link,
                                                                     "user": request.user})
        try:
            EmailMessage(subject, body, to=[request.user.email]).send()
        except Exception:
            logger.exception("release mail for report %s to user %s failed", report.pk, request.user.pk)


def report_acknowledge(*, actor, report: QuarterlyReport, comment: str = "") -> ReportAcknowledgement:
    """Record that ``actor`` read and took note of the released PDF; refuses drafts and a second acknowledgement."""
    now = timezone.now()
    with transaction.atomic(), acting_as(actor):
        locked = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != QuarterlyReport.Status.RELEASED:
            raise field_error("report", _("This report is not released yet, so it cannot be acknowledged."),
                              "report_not_released")
        request = ReportAcknowledgement.objects.select_for_update().filter(report=locked, user=actor).first()
        if request is None:
            raise field_error("report", _("You are not among the recipients of this report."), "not_recipient")
        if request.acknowledged_at is not None:
            raise field_error("report", _("You already acknowledged this report."), "already_acknowledged")
        request.acknowledged_at = now
        request.comment = comment.strip()
        request.sha256 = locked.sha256
        request.save()
        append_event(workspace_id=locked.workspace_id, action="acknowledge", object_type="reporting.quarterlyreport",
                     object_id=str(locked.pk), object_repr=str(locked), actor=actor,
                     changes={"sha256": locked.sha256, "comment": request.comment,
                              "acknowledged_at": now.isoformat()})
        task = Task.objects.filter(source_type=request._meta.label_lower, source_id=str(request.pk),
                                   status=Task.Status.OPEN).first()
        if task is not None:
            task_complete(actor=actor, task=task, note=_("Report acknowledged."), now=now)
    return request
