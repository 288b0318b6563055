"""Writes on officers, qualifications, appointments and certificates; each one audited."""

from officers.services.appointments import (
    appointment_create,
    appointment_end,
    appointment_reissue,
    appointment_revoke,
)
from officers.services.certificates import certificate_issue, certificate_sign
from officers.services.officers import company_profile_save, officer_create, officer_update, qualification_add

__all__ = [
    "appointment_create", "appointment_end", "appointment_reissue", "appointment_revoke", "certificate_issue",
    "certificate_sign", "company_profile_save", "officer_create", "officer_update", "qualification_add",
]
