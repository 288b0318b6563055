"""Nonconformities and corrective actions: register, actions with reminder tasks, effectiveness check, closure."""

from isms.services.corrective.actions import action_add, action_complete
from isms.services.corrective.closure import effectiveness_check_record, nonconformity_close
from isms.services.corrective.nonconformities import nonconformity_create, nonconformity_update
from isms.services.corrective.selectors import corrective_action_summary, nonconformity_register

__all__ = ["action_add", "action_complete", "corrective_action_summary", "effectiveness_check_record",
           "nonconformity_close", "nonconformity_create", "nonconformity_register", "nonconformity_update"]
