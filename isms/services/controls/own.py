"""Writes on a workspace's own controls; each own control gets its SoA entry in the same transaction."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from civac.audit.context import acting_as
from civac.tenancy.errors import field_error
from isms.models import CatalogueControl, ControlTheme, MeasureArea, OwnControl, OwnControlArea, SoAEntry

# Letters, digits, dot, hyphen and underscore; starting with a letter or digit keeps IDs sortable and readable.
_REF_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")


def _clean_ref(ref: str, *, exclude_pk=None) -> str:
    ref = (ref or "").strip()
    if not _REF_PATTERN.match(ref):
        raise field_error("ref", _("Enter an ID of up to 30 letters, digits, dots, hyphens or underscores, "
                                   "for example ORG-1."), "own_control_ref_invalid")
    if CatalogueControl.objects.filter(ref__iexact=ref).exists():
        raise field_error("ref", _("%(ref)s is an Annex A control ID; choose an ID with your own prefix, "
                                   "for example ORG-1.") % {"ref": ref}, "own_control_ref_is_annex_a")
    clash = OwnControl.objects.filter(ref__iexact=ref).exclude(pk=exclude_pk)
    if clash.exists():
        raise field_error("ref", _("Your workspace already has a control with the ID %(ref)s; choose another ID.")
                          % {"ref": ref}, "own_control_ref_duplicate")
    return ref


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise field_error("title", _("Enter a title for the control."), "own_control_title_missing")
    return title


def _clean_theme(theme: str) -> str:
    if theme not in ControlTheme.values:
        raise field_error("theme", _("Unknown theme %(value)s; choose organizational, people, physical or "
                                     "technological.") % {"value": theme}, "own_control_theme_invalid")
    return theme


def _set_areas(control: OwnControl, areas) -> None:
    wanted = {area.pk: area for area in areas}
    existing = {link.area_id: link for link in control.area_links.all()}
    for area_id, link in existing.items():
        if area_id not in wanted:
            link.delete()
    for area_id, area in wanted.items():
        if area_id not in existing:
            OwnControlArea.objects.create(workspace=control.workspace, control=control, area=area)


def own_control_create(*, actor, workspace, ref: str, title: str, description: str = "",
                       theme: str = ControlTheme.ORGANIZATIONAL, measure_areas=()) -> OwnControl:
    """Add an own control and its SoA entry, not yet assessed.

    Raises ValidationError on ``ref`` when it is malformed, an Annex A ID or
    already used in this workspace (compared without regard to case).
    """
    areas = list(measure_areas)
    if any(not isinstance(area, MeasureArea) for area in areas):
        raise field_error("measure_areas", _("Choose measure areas from the list."), "measure_area_invalid")
    with acting_as(actor), transaction.atomic():
        control = OwnControl.objects.create(
            workspace=workspace, ref=_clean_ref(ref), title=_clean_title(title),
            description=(description or "").strip(), theme=_clean_theme(theme),
        )
        _set_areas(control, areas)
        SoAEntry.objects.create(workspace=workspace, own_control=control)
    return control


def own_control_update(*, actor, control: OwnControl, ref: str, title: str, description: str = "",
                       theme: str = ControlTheme.ORGANIZATIONAL, measure_areas=()) -> OwnControl:
    """Change an own control; its SoA entry keeps its assessment."""
    areas = list(measure_areas)
    if any(not isinstance(area, MeasureArea) for area in areas):
        raise field_error("measure_areas", _("Choose measure areas from the list."), "measure_area_invalid")
    with acting_as(actor), transaction.atomic():
        control.ref = _clean_ref(ref, exclude_pk=control.pk)
        control.title = _clean_title(title)
        control.description = (description or "").strip()
        control.theme = _clean_theme(theme)
        control.save()
        _set_areas(control, areas)
    return control
