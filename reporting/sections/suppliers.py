from django.utils.translation import gettext_lazy as _

from isms.services.suppliers import supplier_summary
from reporting.sections import SectionInput, register
from reporting.sections.trainings import section_dates


@register("suppliers", _("Suppliers"), order=65)
def supplier_overview(section: SectionInput) -> dict:
    """Count suppliers by criticality and rating, overdue reviews, missing DPAs and questionnaires."""
    _first_day, as_of = section_dates(section)
    summary = supplier_summary(section.workspace, today=as_of)
    if summary["total"] == 0:
        section.missing.append(str(_("No suppliers are registered, so the supply chain is not assessed.")))
    return {"as_of": as_of.isoformat(), **summary}
