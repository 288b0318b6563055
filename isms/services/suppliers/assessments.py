"""Questionnaire assessments: send a tokenised link, answer it without an account, withdraw it.

The token is shown once, in the link; only its SHA-256 is stored, as with
calendar feeds. A link opens its assessment only while the assessment is
sent and unexpired; after submission, withdrawal or expiry it stores nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.context import acting_as
from civac.audit.recorder import append_event
from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from isms.models import Supplier, SupplierAssessment
from isms.services.evidence import check_upload, evidence_upload
from isms.services.suppliers.questionnaires import CHOICE_ANSWERS, questionnaire

MAX_VALID_DAYS = 90
MAX_ANSWER_CHARS = 5000


class AssessmentClosed(Exception):
    """The link's assessment no longer accepts answers; ``reason`` is expired, submitted or withdrawn."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def assessment_send(*, actor, supplier: Supplier, template_key: str, language: str, contact_email: str,
                    contact_name: str = "", valid_days: int = 30,
                    now: datetime | None = None) -> tuple[SupplierAssessment, str]:
    """Create an assessment and return it with the token for the link; the token is not stored."""
    now = now or timezone.now()
    if questionnaire(template_key) is None:
        raise field_error("template_key", _("Choose one of the listed questionnaires."), "template_unknown")
    if language not in ("de", "en"):
        raise field_error("language", _("Choose German or English."), "language_unknown")
    if not (contact_email or "").strip():
        raise field_error("contact_email", _("Enter the e-mail address of the supplier's contact."),
                          "contact_missing")
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise field_error("valid_days", _("Enter a validity between 1 and %(max)d days.") % {"max": MAX_VALID_DAYS},
                          "valid_days_invalid")
    token = secrets.token_urlsafe(32)
    with transaction.atomic(), workspace_context(supplier.workspace):
        assessment = SupplierAssessment.objects.create(
            workspace=supplier.workspace, supplier=supplier, template_key=template_key, language=language,
            contact_email=contact_email.strip(), contact_name=(contact_name or "").strip(),
            token_hash=token_hash(token), expires_at=now + timedelta(days=valid_days), sent_by=actor)
    return assessment, token


def assessment_for_token(token: str, *, now: datetime | None = None) -> SupplierAssessment | None:
    """Find the assessment of a link, or None; raise AssessmentClosed when it no longer takes answers.

    Runs before any workspace is bound, so it reads across workspaces by the
    token's hash only; nothing else of any workspace is reachable from here.
    """
    now = now or timezone.now()
    assessment = (SupplierAssessment.all_workspaces.select_related("supplier", "workspace")
                  .filter(token_hash=token_hash(token)).first())
    if assessment is None:
        return None
    _check_open(assessment, now)
    return assessment


def _check_open(assessment: SupplierAssessment, now: datetime) -> None:
    if assessment.status == SupplierAssessment.Status.SUBMITTED:
        raise AssessmentClosed("submitted")
    if assessment.status == SupplierAssessment.Status.WITHDRAWN:
        raise AssessmentClosed("withdrawn")
    if assessment.expires_at <= now:
        raise AssessmentClosed("expired")


def _clean_answers(template, answers: dict) -> dict:
    errors = {}
    cleaned = {}
    for question in template.questions:
        value = (answers.get(question.key) or "").strip()
        if question.required and not value:
            errors[question.key] = ValidationError(_("Answer this question; it is required."), code="required")
        elif question.kind == "choice" and value and value not in CHOICE_ANSWERS:
            errors[question.key] = ValidationError(_("Choose one of the offered answers."), code="invalid_choice")
        elif len(value) > MAX_ANSWER_CHARS:
            errors[question.key] = ValidationError(_("Shorten the answer to %(max)d characters.")
                                                   % {"max": MAX_ANSWER_CHARS}, code="too_long")
        cleaned[question.key] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_uploads(template, uploads: dict) -> dict:
    allowed = {question.key for question in template.questions if question.upload}
    errors = {}
    for key, upload in uploads.items():
        if key not in allowed:
            errors[f"{key}__file"] = ValidationError(_("This question takes no file."), code="upload_not_allowed")
            continue
        try:
            check_upload(upload)
        except ValidationError as error:
            errors[f"{key}__file"] = error.error_dict["file"]
    if errors:
        raise ValidationError(errors)
    return uploads


def assessment_submit(*, token: str, answers: dict, uploads: dict,
                      now: datetime | None = None) -> SupplierAssessment:
    """Store the contact's answers and files as evidence and close the link.

    Every answer and every file is checked before anything is written, so a
    rejected submission stores nothing. The row lock makes a second,
    concurrent submission see "submitted" and store nothing either.
    """
    now = now or timezone.now()
    assessment = assessment_for_token(token, now=now)
    if assessment is None:
        raise AssessmentClosed("unknown")
    template = questionnaire(assessment.template_key)
    cleaned = _clean_answers(template, answers)
    _check_uploads(template, uploads)
    workspace = assessment.workspace
    with transaction.atomic(), workspace_context(workspace):
        locked = SupplierAssessment.objects.select_for_update().get(pk=assessment.pk)
        _check_open(locked, now)
        files = {}
        for key, upload in uploads.items():
            # NOTE: the contact has no account, so the file is recorded as uploaded by the person who sent the
            # link; the description and the "submit" event name the contact.
            evidence = evidence_upload(actor=locked.sent_by, workspace=workspace, subject=locked, upload=upload,
                                       description=_("Answer to “%(question)s” from %(contact)s")
                                       % {"question": key, "contact": locked.contact_email})
            files[key] = {"evidence": str(evidence.pk), "sha256": evidence.sha256}
        with acting_as(system=f"supplier contact {locked.contact_email}"):
            locked.answers = {"answers": cleaned, "files": files}
            locked.status = SupplierAssessment.Status.SUBMITTED
            locked.submitted_at = now
            locked.save()
            append_event(workspace_id=workspace.pk, action="questionnaire_submit",
                         object_type="isms.supplierassessment", object_id=str(locked.pk), object_repr=str(locked),
                         changes={"contact_email": locked.contact_email, "files": files})
    return locked


def assessment_withdraw(*, actor, assessment: SupplierAssessment, now: datetime | None = None) -> SupplierAssessment:
    now = now or timezone.now()
    with transaction.atomic(), workspace_context(assessment.workspace):
        locked = SupplierAssessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != SupplierAssessment.Status.SENT:
            raise field_error("assessment", _("Only a sent questionnaire can be withdrawn."), "not_sent")
        locked.status = SupplierAssessment.Status.WITHDRAWN
        locked.save()
    return locked
