"""Policies and documents: master data, versions with management approval, review cycle, read confirmations."""

from isms.services.policies.confirmations import (
    confirmation_status,
    open_confirmations_for,
    read_confirm,
    required_reader_ids,
)
from isms.services.policies.policies import CONFIRMATION_ROLES, policy_create, policy_update
from isms.services.policies.versions import add_months, content_sha256, version_approve, version_draft_save

__all__ = ["CONFIRMATION_ROLES", "add_months", "confirmation_status", "content_sha256", "open_confirmations_for",
           "policy_create", "policy_update", "read_confirm", "required_reader_ids", "version_approve",
           "version_draft_save"]
