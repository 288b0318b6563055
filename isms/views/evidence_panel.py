"""The data behind the evidence panel that detail pages include for their subject."""

from django.urls import reverse

from isms.evidence_registry import attachable, subject_type_of
from isms.forms.evidence import EvidenceUploadForm, EvidenceWithdrawForm
from isms.services.evidence import evidence_for_subject, max_upload_bytes
from isms.services.evidence.filetypes import FILE_KINDS


def may(access, capability: str) -> bool:
    return capability == "view" or getattr(access, f"can_{capability}", False)


def may_attach(request, entry, subject) -> bool:
    """Whether the user may upload to or withdraw from ``subject``: by role, or as the subject's own person."""
    if may(request.workspace_access, entry.capability):
        return True
    return entry.also_allowed is not None and entry.also_allowed(subject, request.user)


def panel_context(request, subject, *, form=None) -> dict:
    subject_type = subject_type_of(subject)
    entry = attachable(subject_type)
    if entry is None:
        raise ValueError(f"{subject_type} is not registered for evidence")
    workspace = request.workspace
    return {
        "subject": subject,
        "subject_type": subject_type,
        "files": list(evidence_for_subject(subject)),
        "can_edit": may_attach(request, entry, subject),
        "form": form or EvidenceUploadForm(),
        "withdraw_form": EvidenceWithdrawForm(),
        "upload_url": reverse("isms:evidence_upload", args=[workspace.slug, subject.pk]),
        "kinds": ", ".join(kind.label for kind in FILE_KINDS),
        "max_mb": f"{max_upload_bytes() / 1048576:g}",
    }
