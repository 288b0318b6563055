"""Evidence files: uploads kept as proof for a control, risk, policy, task or other subject."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["EvidenceFile", "evidence_storage_name"]


def evidence_storage_name(instance, filename: str) -> str:
    """Build the storage name from random parts only.

    ``filename`` is the extension that the content check chose (".pdf"), never
    the uploader's file name, so no part of user input reaches a path.
    """
    return f"evidence/{instance.workspace_id}/{uuid.uuid4().hex}{filename}"


class EvidenceFile(TenantModel):
    """A file uploaded as evidence for one subject, named by ``subject_type`` ("app_label.model") and ``subject_id``.

    Transitions: active -> withdrawn. A withdrawn file stays in storage and can
    still be downloaded, so an auditor sees what was once presented.
    """

    subject_type = models.CharField(_("subject type"), max_length=100)
    subject_id = models.UUIDField(_("subject"))
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to=evidence_storage_name, max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    content_type = models.CharField(_("content type"), max_length=100)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("withdrawn by"))
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    scan_status = models.CharField(_("malware scan"), max_length=12, choices=[
        ("not_scanned", _("not scanned (no scanner configured)")),
        ("pending", _("waiting for the scan")),
        ("clean", _("no malware found")),
        ("infected", _("malware found, quarantined")),
    ], default="not_scanned")
    scanned_at = models.DateTimeField(_("scanned at"), null=True, blank=True)
    scan_signature = models.CharField(_("malware found"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["-uploaded_at"]
        indexes = [
            # The panel on a detail page lists one subject's files.
            models.Index(fields=["workspace", "subject_type", "subject_id"], name="evidence_subject_idx"),
            # The workspace list pages through files newest first, optionally by subject type.
            models.Index(fields=["workspace", "-uploaded_at"], name="evidence_recent_idx"),
            models.Index(fields=["workspace", "subject_type", "-uploaded_at"], name="evidence_type_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_downloadable(self) -> bool:
        """False while the file waits for the malware scan and for good once malware was found."""
        return self.scan_status in ("not_scanned", "clean")
