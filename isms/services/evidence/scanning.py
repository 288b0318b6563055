"""Malware scanning of evidence files with clamd, when one is configured.

Scanning follows the outbox pattern of the alert engine: a new file is stored
with the status "pending", and a periodic sweep claims pending rows with
``SELECT ... FOR UPDATE SKIP LOCKED``, so two workers never scan the same file
and a file whose scan failed (clamd down) is simply tried again on the next
sweep. Until a file is scanned and found clean, nobody can download it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from civac.audit.recorder import append_event
from civac.clamd import ScannerUnavailable, scan
from civac.tenancy.context import workspace_context
from isms.models import EvidenceFile

logger = logging.getLogger(__name__)
BATCH_SIZE = 20


def scan_pending_evidence(*, limit: int = BATCH_SIZE) -> int:
    """Scan up to ``limit`` pending files; return how many got a verdict."""
    if not settings.CLAMD_ADDRESS:
        return 0
    done = 0
    for _ in range(limit):
        with transaction.atomic():
            evidence = (EvidenceFile.all_workspaces.select_for_update(skip_locked=True)
                        .filter(scan_status="pending").select_related("workspace").order_by("uploaded_at").first())
            if evidence is None:
                break
            try:
                with evidence.file.open("rb") as stream:
                    verdict = scan(settings.CLAMD_ADDRESS, stream)
            except ScannerUnavailable as error:
                logger.warning("malware scan of evidence %s failed, retried on the next sweep: %s", evidence.pk, error)
                break
            with workspace_context(evidence.workspace):
                _record_verdict(evidence, verdict)
            done += 1
    return done


def _record_verdict(evidence: EvidenceFile, verdict) -> None:
    evidence.scan_status = "clean" if verdict.clean else "infected"
    evidence.scan_signature = verdict.signature[:200]
    evidence.scanned_at = timezone.now()
    evidence.save(update_fields=["scan_status", "scan_signature", "scanned_at", "updated_at"])
    append_event(
        workspace_id=evidence.workspace_id, action="scan" if verdict.clean else "quarantine",
        object_type=EvidenceFile._meta.label_lower, object_id=str(evidence.pk), object_repr=evidence.original_name,
        changes={"result": evidence.scan_status, "signature": evidence.scan_signature, "sha256": evidence.sha256},
    )
    if not verdict.clean:
        logger.warning("malware %s found in evidence %s of workspace %s; file quarantined",
                       verdict.signature, evidence.pk, evidence.workspace_id)
