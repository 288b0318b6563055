"""Input checks for mandate terms; each error names the field and what to enter instead."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from officers.models import RoleCatalogueEntry

# A month has at most 744 hours (31 x 24); more than that cannot be contracted.
MAX_HOURS_PER_MONTH = Decimal("744")
MAX_ONSITE_DAYS = Decimal("31")
# An acknowledgement later than a day, or a draft later than the 72 h notification, is no service level.
MAX_ACKNOWLEDGEMENT_MINUTES = 24 * 60
MAX_DRAFT_HOURS = Decimal("72")
MAX_NOTICE_DAYS = 730

# Legal-form words that show a name belongs to a company or a team, not to a natural person.
_ORGANISATION_NAME = re.compile(
    r"\b(GmbH|mbH|AG|UG|KG|KGaA|OHG|GbR|PartG|SE|e\.\s?V\.|Ltd|Limited|Inc|LLC|LLP|Corp|S\.A\.|B\.V\.|Team|"
    r"Services?)\b|&")


def check_roles(keys: list[str]) -> None:
    if not keys:
        raise field_error("roles", _("Choose at least one officer role that the mandate covers."), "roles_missing")
    known = set(RoleCatalogueEntry.objects.filter(key__in=keys, is_current=True).values_list("key", flat=True))
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise field_error("roles", _("Unknown officer role %(key)s; choose a role from the catalogue.")
                          % {"key": unknown[0]}, "role_unknown")


def check_natural_person(first_name: str, last_name: str, field: str) -> None:
    """Reject an officer entry that names a company or team: the law asks for a named natural person."""
    full_name = f"{first_name} {last_name}".strip()
    if not first_name.strip() or not last_name.strip():
        raise field_error(field, _("%(name)s has no first and last name; the mandate must name a natural person.")
                          % {"name": full_name or "–"}, "not_a_person")
    if _ORGANISATION_NAME.search(full_name):
        raise field_error(field, _("%(name)s looks like a company or team, not a person; link the appointment of "
                                   "a named natural person.") % {"name": full_name}, "not_a_person")


def _check_range(values: dict, field: str, low, high, message) -> None:
    value = values.get(field)
    if value is None:
        return
    if value < low or value > high:
        raise field_error(field, message % {"value": value, "low": low, "high": high}, f"{field}_out_of_range")


def check_terms(values: dict, *, starts_on: date) -> None:
    _check_range(values, "hours_per_month", Decimal("0.5"), MAX_HOURS_PER_MONTH,
                 _("%(value)s hours per month is not possible; enter between %(low)s and %(high)s."))
    _check_range(values, "onsite_days_per_month", Decimal("0"), MAX_ONSITE_DAYS,
                 _("%(value)s on-site days per month is not possible; enter between %(low)s and %(high)s."))
    _check_range(values, "acknowledgement_minutes", 1, MAX_ACKNOWLEDGEMENT_MINUTES,
                 _("An acknowledgement time of %(value)s minutes is not possible; enter between %(low)s and "
                   "%(high)s minutes."))
    _check_range(values, "early_warning_draft_hours", Decimal("0.25"), MAX_DRAFT_HOURS,
                 _("A draft early warning after %(value)s hours is not possible; enter between %(low)s and "
                   "%(high)s hours."))
    _check_range(values, "liability_cover_eur", Decimal("0"), Decimal("1000000000"),
                 _("An indemnity cover of %(value)s EUR is not possible; enter between %(low)s and %(high)s."))
    _check_range(values, "notice_days", 0, MAX_NOTICE_DAYS,
                 _("A notice period of %(value)s days is not possible; enter between %(low)s and %(high)s days."))
    ends_on = values.get("ends_on")
    if ends_on is not None and ends_on < starts_on:
        raise field_error("ends_on", _("The end date lies before the start (%(start)s); choose a later date.")
                          % {"start": starts_on.isoformat()}, "end_before_start")
