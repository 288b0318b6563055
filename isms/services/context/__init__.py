"""Writes and reads for the ISMS context: issues, interested parties, scope versions and the NIS-2 facts."""

from isms.services.context.classification import Classification, Nis2Input, Reason, classify
from isms.services.context.nis2 import (
    nis2_category_adopt,
    nis2_classify_workspace,
    nis2_facts_for,
    nis2_facts_save,
    registration_due_on,
    registration_items,
    registration_save,
    registration_suggestions,
)
from isms.services.context.register import (
    context_issue_create,
    context_issue_delete,
    context_issue_update,
    interested_party_create,
    interested_party_delete,
    interested_party_update,
    party_requirement_create,
    party_requirement_delete,
    party_requirement_update,
)
from isms.services.context.scope import (
    current_scope_version,
    latest_approved_scope_version,
    scope_approve,
    scope_content_sha256,
    scope_draft_save,
)

__all__ = [
    "Classification", "Nis2Input", "Reason", "classify", "context_issue_create", "context_issue_delete",
    "context_issue_update", "current_scope_version", "interested_party_create", "interested_party_delete",
    "interested_party_update", "latest_approved_scope_version", "nis2_category_adopt", "nis2_classify_workspace", "nis2_facts_for",
    "nis2_facts_save", "party_requirement_create", "party_requirement_delete", "party_requirement_update",
    "registration_due_on", "registration_items", "registration_save", "registration_suggestions", "scope_approve",
    "scope_content_sha256", "scope_draft_save",
]
