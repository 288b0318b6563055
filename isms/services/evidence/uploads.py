"""Evidence writes: upload, withdraw and the record of each download."""

from __future__ import annotations

import hashlib
import logging
import unicodedata

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.recorder import append_event
from civac.tenancy.errors import field_error
from isms.evidence_registry import attachable, subject_type_of
from isms.models import EvidenceFile
from isms.services.evidence.filetypes import FileKind, allowed_extensions, kind_for_name

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
_HASH_CHUNK_BYTES = 1024 * 1024
_MAX_NAME_LENGTH = 255


def max_upload_bytes() -> int:
    return getattr(settings, "CIVAC_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)


def _check_name(name: str) -> None:
    """Reject names that are not a plain file name.

    Django's multipart parser already cuts a browser's name down to its last
    path component. This check guards every other caller (imports, an API),
    which gets an error instead of a silently shortened name.
    """
    if not name or name in {".", ".."}:
        raise field_error("file", _("The file has no name; choose a file with a name such as report.pdf."),
                          "name_missing")
    if "/" in name or "\\" in name:
        raise field_error("file", _("The file name “%(name)s” contains path parts; rename the file to a plain "
                                    "name without / or \\ and upload it again.") % {"name": name}, "name_path")
    if any(unicodedata.category(character) == "Cc" for character in name):
        raise field_error("file", _("The file name contains control characters; rename the file and upload it "
                                    "again."), "name_control")
    if len(name) > _MAX_NAME_LENGTH:
        raise field_error("file", _("The file name is longer than %(max)d characters; shorten it and upload the "
                                    "file again.") % {"max": _MAX_NAME_LENGTH}, "name_too_long")


def _check_size(size: int) -> None:
    if size == 0:
        raise field_error("file", _("The file is empty; choose the file that holds the evidence."), "empty")
    limit = max_upload_bytes()
    if size > limit:
        raise field_error("file", _("The file is %(size)s MB, more than the limit of %(max)s MB; upload a smaller "
                                    "file or split it.") % {"size": f"{size / 1048576:.1f}",
                                                            "max": f"{limit / 1048576:g}"}, "too_large")


def check_upload(upload) -> FileKind:
    """Check name, size and content of an uploaded file; return its kind or raise ValidationError on ``file``."""
    name = upload.name or ""
    _check_name(name)
    _check_size(upload.size)
    kind = kind_for_name(name)
    if kind is None:
        raise field_error("file", _("Files of this type are not accepted; upload one of %(extensions)s.")
                          % {"extensions": ", ".join(allowed_extensions())}, "unsupported_type")
    if not kind.matches(upload):
        raise field_error("file", _("The content of “%(name)s” is not a valid %(kind)s file; check that the "
                                    "extension matches the file and upload it again.")
                          % {"name": name, "kind": kind.label}, "content_mismatch")
    return kind


def _sha256(upload) -> str:
    upload.seek(0)
    digest = hashlib.sha256()
    while chunk := upload.read(_HASH_CHUNK_BYTES):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def initial_scan_status() -> str:
    """Return "pending" when clamd is configured, so the file waits in quarantine for its scan."""
    return "pending" if settings.CLAMD_ADDRESS else "not_scanned"


def evidence_upload(*, actor, workspace, subject, upload, description: str = "") -> EvidenceFile:
    """Check ``upload``, store it under a generated name and record it as evidence for ``subject``.

    1. Check name, size and content; nothing is stored when a check fails.
    2. Write the file through the storage API outside any transaction, since
       storage may be slow or remote.
    3. Insert the row and the "upload" audit event (with the SHA-256) in one
       transaction; if that fails, remove the stored file again.
    """
    subject_type = subject_type_of(subject)
    if attachable(subject_type) is None:
        raise ValueError(f"{subject_type} is not registered for evidence; call register_attachable first")
    if subject.workspace_id != workspace.pk:
        raise ValueError("the subject belongs to another workspace")
    description = (description or "").strip()
    if len(description) > 500:
        raise field_error("description", _("The description is longer than 500 characters; shorten it."),
                          "too_long")

    kind = check_upload(upload)
    evidence = EvidenceFile(
        workspace=workspace, subject_type=subject_type, subject_id=subject.pk, original_name=upload.name,
        size=upload.size, content_type=kind.content_type, sha256=_sha256(upload), description=description,
        uploaded_by=actor, uploaded_at=timezone.now(), scan_status=initial_scan_status(),
    )
    evidence.file.save(kind.storage_extension, upload, save=False)
    try:
        with transaction.atomic():
            evidence.save()
            append_event(
                workspace_id=workspace.pk, action="upload", object_type=EvidenceFile._meta.label_lower,
                object_id=str(evidence.pk), object_repr=evidence.original_name, actor=actor,
                changes={"sha256": evidence.sha256, "size": evidence.size, "content_type": evidence.content_type,
                         "file": evidence.file.name, "subject_type": subject_type, "subject_id": str(subject.pk)},
            )
    except Exception:
        logger.exception("evidence row for stored file %s failed; removing the file", evidence.file.name)
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def evidence_withdraw(*, actor, evidence: EvidenceFile, reason: str) -> EvidenceFile:
    """Mark ``evidence`` withdrawn; the file stays stored and downloadable for the audit trail."""
    reason = (reason or "").strip()
    if not reason:
        raise field_error("reason", _("Enter why the file is withdrawn."), "reason_missing")
    if len(reason) > 500:
        raise field_error("reason", _("The reason is longer than 500 characters; shorten it."), "too_long")
    _check_not_policy_content(evidence)
    with transaction.atomic():
        # The row lock makes a second, concurrent withdrawal see the first one.
        locked = EvidenceFile.objects.select_for_update().get(pk=evidence.pk)
        if locked.is_withdrawn:
            raise field_error("evidence", _("This file was already withdrawn."), "already_withdrawn")
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = actor
        locked.withdrawal_reason = reason
        locked.save()
    return locked


def _check_not_policy_content(evidence: EvidenceFile) -> None:
    from isms.models import PolicyVersion

    if PolicyVersion.objects.filter(file=evidence).exclude(status=PolicyVersion.Status.DRAFT).exists():
        raise field_error("evidence", _("This file is the content of an approved policy version and cannot be "
                                        "withdrawn."), "policy_content")


def evidence_record_download(*, actor, evidence: EvidenceFile) -> None:
    """Write the "download" audit event; call it before the file is sent."""
    append_event(
        workspace_id=evidence.workspace_id, action="download", object_type=EvidenceFile._meta.label_lower,
        object_id=str(evidence.pk), object_repr=evidence.original_name, actor=actor,
        changes={"sha256": evidence.sha256, "file": evidence.file.name, "withdrawn": evidence.is_withdrawn},
    )


__all__ = ["check_upload", "evidence_record_download", "evidence_upload", "evidence_withdraw",
           "max_upload_bytes"]
