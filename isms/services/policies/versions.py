"""Policy versions: drafts, approval by management and the review cycle that approval starts."""

from __future__ import annotations

import calendar
import hashlib
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from isms.models import Policy, PolicyVersion, Task
from isms.services.evidence import evidence_upload
from isms.services.tasks import task_complete, task_open_for
from officers.reauth import check_reauthentication


def add_months(start: date, months: int) -> date:
    """Return the same day number ``months`` later, or that month's last day when the day does not exist."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))


def content_sha256(version: PolicyVersion) -> str:
    """Hash what management approves: the uploaded file's bytes, or the UTF-8 text as written."""
    if version.file_id:
        return version.file.sha256
    return hashlib.sha256(version.text.encode("utf-8")).hexdigest()


def _draft_of(policy: Policy) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(policy=policy, status=PolicyVersion.Status.DRAFT).first()


def version_draft_save(*, actor, policy: Policy, text: str = "", upload=None, change_note: str = "") -> PolicyVersion:
    """Create the policy's draft or replace its content; ``upload`` goes through the evidence checks.

    A draft holds either text or a file: saving text drops the file reference
    (the evidence file itself stays), uploading a file clears the text.
    """
    text = (text or "").replace("\r\n", "\n").strip()
    if upload is None and not text:
        raise field_error("text", _("Write the policy text or upload a file."), "content_missing")
    if len(change_note) > 500:
        raise field_error("change_note", _("The note is longer than 500 characters; shorten it."), "too_long")
    file = None
    if upload is not None:
        # Stored before the transaction; on a later failure the evidence file
        # stays on the policy's evidence panel, which loses nothing.
        file = evidence_upload(actor=actor, workspace=policy.workspace, subject=policy, upload=upload,
                               description=_("Content of a policy draft"))
    with transaction.atomic():
        Policy.objects.select_for_update().filter(pk=policy.pk).first()
        draft = _draft_of(policy)
        if draft is None:
            number = (PolicyVersion.objects.filter(policy=policy).aggregate(top=Max("number"))["top"] or 0) + 1
            draft = PolicyVersion(workspace=policy.workspace, policy=policy, number=number)
        draft.text = "" if file is not None else text
        draft.file = file
        draft.change_note = change_note.strip()
        draft.save()
    return draft


def _review_task_title(policy: Policy) -> str:
    with translation.override(policy.workspace.default_language):
        return _("Review policy: %(title)s") % {"title": policy.title}


def _review_task_description(policy: Policy, version: PolicyVersion) -> str:
    with translation.override(policy.workspace.default_language):
        return _("Check whether version %(number)d of “%(title)s” is still suitable, adequate and effective; "
                 "approve a new version or record that it stays in force.") % {
            "number": version.number, "title": policy.title}


def version_approve(*, actor, version: PolicyVersion, confirmed_sha256: str, password: str,
                    otp_code: str = "") -> PolicyVersion:
    """Approve a draft as management after password re-authentication.

    1. Refuse anything but a draft (approving twice included) and a draft
       whose content changed since the approver opened it.
    2. Mark the previous approved version superseded and this one approved,
       with the content's SHA-256 in the "approve" audit event.
    3. Set the next review date (approval day in the workspace zone plus the
       interval), close the previous version's open review task and open one
       for this version, so reminders run through tasks.
    """
    if not Membership.objects.filter(user=actor, role=Role.MANAGEMENT).exists():
        raise field_error("approver", _("Only management can approve a policy."), "approver_not_management")
    check_reauthentication(actor, password=password, otp_code=otp_code)
    now = timezone.now()
    with transaction.atomic():
        # of=self: PostgreSQL cannot lock the nullable side of the outer join to the file.
        version = (PolicyVersion.objects.select_for_update(of=("self",)).select_related("policy", "file")
                   .get(pk=version.pk))
        if version.status != PolicyVersion.Status.DRAFT:
            raise field_error("version", _("Version %(number)d is already approved; approve a new draft instead.")
                              % {"number": version.number}, "already_approved")
        digest = content_sha256(version)
        if confirmed_sha256 != digest:
            raise field_error("confirmed_sha256", _("The draft changed after you opened it; reload and approve "
                                                    "again."), "content_changed")
        policy = version.policy
        previous = PolicyVersion.objects.select_for_update().filter(
            policy=policy, status=PolicyVersion.Status.APPROVED).first()
        if previous is not None:
            previous.status = PolicyVersion.Status.SUPERSEDED
            previous.superseded_at = now
            previous.save()

        version.status = PolicyVersion.Status.APPROVED
        version.content_sha256 = digest
        version.approved_by = actor
        version.approved_at = now
        version.save()
        append_event(workspace_id=policy.workspace_id, action="approve",
                     object_type=PolicyVersion._meta.label_lower, object_id=str(version.pk),
                     object_repr=str(version), actor=actor,
                     changes={"sha256": digest, "number": version.number, "policy_id": str(policy.pk),
                              "file_id": str(version.file_id or ""),
                              "superseded_version_id": str(previous.pk) if previous else ""})

        approved_on = timezone.localdate(now, policy.workspace.zone)
        policy.next_review_on = add_months(approved_on, policy.review_interval_months)
        policy.save()
        _rotate_review_task(actor=actor, policy=policy, previous=previous, version=version)
    return version


def _rotate_review_task(*, actor, policy: Policy, previous: PolicyVersion | None, version: PolicyVersion) -> None:
    # Approving a new version is the review the previous task asked for.
    if previous is not None:
        open_task = Task.objects.filter(source_type=PolicyVersion._meta.label_lower, source_id=str(previous.pk),
                                        status=Task.Status.OPEN).first()
        if open_task is not None:
            task_complete(actor=actor, task=open_task)
    task_open_for(workspace=policy.workspace, source=version, title=_review_task_title(policy),
                  description=_review_task_description(policy, version), due_on=policy.next_review_on)


__all__ = ["add_months", "content_sha256", "version_approve", "version_draft_save"]
