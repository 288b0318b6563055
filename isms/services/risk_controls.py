"""Links from risks to the controls that treat them, read by both the risk page and the SoA."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from isms.models import Risk, RiskControl, SoAEntry


def risk_controls_set(*, actor, risk: Risk, entries) -> list[SoAEntry]:
    """Make ``entries`` the controls of ``risk``: add the new links and delete the dropped ones, each audited.

    Every entry must be an SoA entry of the active workspace that is not
    excluded; a control marked "not applicable" cannot treat a risk.
    """
    wanted = {entry.pk: entry for entry in entries}
    known = SoAEntry.objects.filter(pk__in=list(wanted)).select_related("catalogue_control", "own_control")
    found = {entry.pk: entry for entry in known}
    if set(found) != set(wanted):
        raise field_error("controls", _("Choose controls from this workspace's SoA."), "invalid_choice")
    excluded = [entry.ref for entry in found.values() if entry.applicability == SoAEntry.Applicability.NOT_APPLICABLE]
    if excluded:
        raise field_error("controls", _("These controls are marked not applicable in the SoA: %(refs)s. "
                                        "Change the SoA first or choose other controls.")
                          % {"refs": ", ".join(sorted(excluded))}, "excluded_control")
    with transaction.atomic():
        current = {link.soa_entry_id: link for link in RiskControl.objects.filter(risk=risk)}
        for entry_id, link in current.items():
            if entry_id not in wanted:
                link.delete()
        for entry_id in wanted.keys() - current.keys():
            RiskControl.objects.create(workspace=risk.workspace, risk=risk, soa_entry=found[entry_id])
    return list(found.values())


def controls_of(risk: Risk) -> list[SoAEntry]:
    links = RiskControl.objects.filter(risk=risk).select_related("soa_entry__catalogue_control",
                                                                 "soa_entry__own_control")
    return sorted((link.soa_entry for link in links), key=lambda entry: entry.ref)


def risks_of(entry: SoAEntry) -> list[Risk]:
    return [link.risk for link in RiskControl.objects.filter(soa_entry=entry).select_related("risk")
            .order_by("risk__title")]
