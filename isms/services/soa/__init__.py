"""Services of the Statement of Applicability: entries, snapshots, approval by management, diff and gap analysis."""

from isms.services.soa.approval import soa_approve
from isms.services.soa.bulk import soa_entries_bulk_update
from isms.services.soa.diff import soa_diff
from isms.services.soa.entries import soa_add_catalogue_controls, soa_entry_update
from isms.services.soa.gap import gap_summary
from isms.services.soa.snapshot import approval_problems, soa_snapshot

__all__ = ["approval_problems", "gap_summary", "soa_add_catalogue_controls", "soa_entries_bulk_update", "soa_approve", "soa_diff",
           "soa_entry_update", "soa_snapshot"]
