"""Writes on officers and their qualifications."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from civac.tenancy.models import Workspace
from officers.models import CompanyProfile, Officer, Qualification

OFFICER_FIELDS = ["first_name", "last_name", "email", "phone", "employer_kind", "employer_name"]


def _check_name(officer: Officer) -> None:
    for field in ("first_name", "last_name"):
        if not getattr(officer, field).strip():
            raise field_error(field, _("Officers are natural persons; enter both first and last name."),
                              "name_missing")


def officer_create(*, actor, workspace: Workspace, **fields) -> Officer:
    officer = Officer(workspace=workspace, **fields)
    _check_name(officer)
    officer.full_clean()
    officer.save()
    return officer


def officer_update(*, actor, officer: Officer, values: dict) -> Officer:
    for name, value in values.items():
        if name not in OFFICER_FIELDS:
            raise field_error(name, _("This field cannot be changed here."), "field_not_editable")
        setattr(officer, name, value)
    _check_name(officer)
    officer.full_clean()
    officer.save()
    return officer


def qualification_add(*, actor, officer: Officer, **fields) -> Qualification:
    qualification = Qualification(workspace=officer.workspace, officer=officer, **fields)
    if qualification.issued_on and qualification.issued_on > timezone.localdate():
        raise field_error("issued_on", _("The issue date is in the future; enter the date on the document."),
                          "issued_in_future")
    if qualification.expires_on and qualification.issued_on and qualification.expires_on < qualification.issued_on:
        raise field_error("expires_on", _("The expiry date must be after the issue date."), "expires_before_issue")
    qualification.full_clean()
    qualification.save()
    return qualification


def company_profile_save(*, actor, workspace: Workspace, values: dict) -> CompanyProfile:
    profile = CompanyProfile.objects.filter(workspace=workspace).first() or CompanyProfile(workspace=workspace)
    for name, value in values.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    return profile
