"""Writes on audit programmes, one per workspace and calendar year."""

from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from isms.models import AuditProgramme

# Programmes far outside this range are typing errors, not plans.
MIN_YEAR = 2000
MAX_YEAR = 2100


def _check_year(year, *, exclude_pk=None) -> None:
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise field_error("year", _("Enter a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
                          "year_invalid")
    duplicate = AuditProgramme.objects.filter(year=year).exclude(pk=exclude_pk)
    if duplicate.exists():
        raise field_error("year", _("There is already an audit programme for %(year)s; open and change that one.")
                          % {"year": year}, "year_taken")


def programme_create(*, actor, workspace, year: int, objectives: str = "", method: str = "") -> AuditProgramme:
    with transaction.atomic(), workspace_context(workspace):
        _check_year(year)
        return AuditProgramme.objects.create(workspace=workspace, year=year, objectives=objectives.strip(),
                                             method=method.strip())


def programme_update(*, actor, programme: AuditProgramme, year: int, objectives: str = "",
                     method: str = "") -> AuditProgramme:
    with transaction.atomic(), workspace_context(programme.workspace):
        _check_year(year, exclude_pk=programme.pk)
        if year != programme.year and programme.audits.exclude(starts_on__year=year).exists():
            raise field_error("year", _("The programme has audits in %(year)s; move them before changing the year.")
                              % {"year": programme.year}, "year_has_audits")
        programme.year = year
        programme.objectives = objectives.strip()
        programme.method = method.strip()
        programme.save()
        return programme
