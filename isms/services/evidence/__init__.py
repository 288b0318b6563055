"""Evidence files: checked uploads, withdrawals, audited downloads and the reads behind the pages."""

from isms.services.evidence.selectors import evidence_for_subject, evidence_list, subject_titles
from isms.services.evidence.uploads import (
    check_upload,
    evidence_record_download,
    evidence_upload,
    evidence_withdraw,
    max_upload_bytes,
)

__all__ = ["check_upload", "evidence_for_subject", "evidence_list", "evidence_record_download", "evidence_upload",
           "evidence_withdraw", "max_upload_bytes", "subject_titles"]
