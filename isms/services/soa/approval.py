"""Approval of the SoA draft by management, which freezes it as a numbered version with a PDF.

The PDF is rendered before the transaction opens, because rendering is slow
(callers must not hold a transaction, so views are non-atomic). Inside the
transaction the workspace row is locked and the draft is read again, so two
concurrent approvals cannot both create a version and the PDF shows exactly
the rows that are stored.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from civac.audit.context import acting_as
from civac.audit.recorder import append_event
from civac.documents import render_pdf, sha256_hex
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership, Workspace
from civac.tenancy.roles import Role
from isms.models import SoAEntry, SoAVersion
from isms.services.soa.snapshot import approval_problems, soa_snapshot
from officers.reauth import check_reauthentication

logger = logging.getLogger(__name__)


def _refuse_if_already_approved(digest: str) -> None:
    latest = SoAVersion.objects.order_by("-number").first()
    if latest is not None and latest.digest == digest:
        raise field_error("soa", _("This draft is already approved as version %(number)d of %(date)s; change an "
                                   "entry before approving again.")
                          % {"number": latest.number, "date": date_format(timezone.localtime(latest.approved_at),
                                                                          "SHORT_DATE_FORMAT")},
                          "soa_already_approved")


def _check_draft(rows: list[dict], digest: str, confirmed_digest: str) -> None:
    _refuse_if_already_approved(digest)
    problems = approval_problems(rows)
    if problems:
        raise field_error("soa", " ".join(problems), "soa_not_ready")
    if confirmed_digest != digest:
        raise field_error("confirmed_digest", _("The SoA changed after you opened it; review the changes and "
                                                "approve again."), "soa_changed")


def _render(version: SoAVersion, workspace) -> bytes:
    # Labels stay lazy, so they are translated into the document's language while it renders.
    rows = [{**row, "status_label": SoAEntry.Status(row["status"]).label} for row in version.rows]
    with timezone.override(workspace.zone):
        return render_pdf("isms/soa/pdf.html", {"version": version, "workspace": workspace, "rows": rows},
                          language=version.language)


def soa_approve(*, actor, workspace, confirmed_digest: str, password: str, otp_code: str = "") -> SoAVersion:
    """Freeze the current draft as the next version, approved by ``actor`` (management, re-authenticated).

    ``confirmed_digest`` is the draft digest the approver saw; a different
    current digest means the draft changed meanwhile and is refused. Also
    refused: a draft identical to the last approved version, controls not yet
    assessed, and exclusions without justification.
    """
    if not Membership.objects.filter(user=actor, role=Role.MANAGEMENT).exists():
        raise field_error("soa", _("Only management of %(workspace)s can approve the Statement of Applicability.")
                          % {"workspace": workspace.legal_name}, "approver_not_management")
    rows, digest = soa_snapshot()
    _check_draft(rows, digest, confirmed_digest)
    check_reauthentication(actor, password=password, otp_code=otp_code)

    approved_at = timezone.now()
    latest = SoAVersion.objects.order_by("-number").first()
    version = SoAVersion(workspace=workspace, number=(latest.number + 1) if latest else 1, rows=rows,
                         digest=digest, approved_at=approved_at, approved_by=actor,
                         language=workspace.default_language)
    pdf = _render(version, workspace)
    version.sha256 = sha256_hex(pdf)

    with acting_as(actor), transaction.atomic():
        Workspace.objects.select_for_update().get(pk=workspace.pk)
        current_rows, current_digest = soa_snapshot()
        _refuse_if_already_approved(current_digest)
        if current_digest != digest:
            raise field_error("confirmed_digest", _("The SoA changed while it was being approved; review the "
                                                    "changes and approve again."), "soa_changed")
        newest = SoAVersion.objects.order_by("-number").values_list("number", flat=True).first()
        if (newest or 0) + 1 != version.number:
            raise field_error("soa", _("Another version was approved meanwhile; reload the page."),
                              "soa_version_taken")
        version.file.save(f"soa-v{version.number}-{digest[:12]}.pdf", ContentFile(pdf), save=False)
        version.save()
        append_event(
            workspace_id=workspace.pk, action="approve", object_type="isms.soaversion", object_id=str(version.pk),
            object_repr=str(version), actor=actor,
            changes={"number": version.number, "entries": len(current_rows), "rows_sha256": digest,
                     "pdf_sha256": version.sha256, "approved_at": approved_at.isoformat()},
        )
    logger.info("SoA version %s of workspace %s approved by user %s", version.number, workspace.pk, actor.pk)
    return version
