"""Certificates of completion: rendered to PDF once, stored with their SHA-256, downloads audited."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from civac.audit.recorder import append_event
from civac.documents import render_pdf, sha256_hex
from civac.tenancy.context import workspace_context
from isms.models import TrainingAttendance


def certificate_for(*, actor, attendance: TrainingAttendance, language: str) -> bytes:
    """Return the certificate PDF of ``attendance``, rendering and storing it on the first request.

    Rendering happens outside the transaction because WeasyPrint is slow; a
    concurrent first request may render a second copy, and the row lock makes
    only the first stored copy count. Every call writes a "download" event
    with the SHA-256 of the bytes returned.
    """
    workspace = attendance.workspace
    rendered = None
    if not attendance.certificate_sha256:
        context = {"attendance": attendance, "session": attendance.session, "course": attendance.session.course,
                   "person": attendance.person, "workspace": workspace}
        rendered = render_pdf("isms/training/certificate_pdf.html", context, language=language)
    with transaction.atomic(), workspace_context(workspace):
        locked = TrainingAttendance.objects.select_for_update().get(pk=attendance.pk)
        if not locked.certificate_sha256 and rendered is not None:
            locked.certificate.save("certificate.pdf", ContentFile(rendered), save=False)
            locked.certificate_sha256 = sha256_hex(rendered)
            locked.save()
        with locked.certificate.open("rb") as stored:
            data = stored.read()
        append_event(workspace_id=workspace.pk, action="download", object_type="isms.trainingattendance",
                     object_id=str(locked.pk), object_repr=str(locked)[:200], actor=actor,
                     changes={"document": "training certificate", "sha256": sha256_hex(data),
                              "file": locked.certificate.name})
    return data
