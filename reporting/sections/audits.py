from django.utils.translation import gettext_lazy as _

from isms.services.audits import audit_summary
from isms.services.corrective import corrective_action_summary
from reporting.sections import SectionInput, register
from reporting.sections.trainings import section_dates


@register("audits", _("Internal audits and findings"), order=70)
def audit_overview(section: SectionInput) -> dict:
    """Count the quarter's internal audits and findings and the open nonconformities with their next due dates."""
    first_day, as_of = section_dates(section)
    audits = audit_summary(section.workspace, first_day, as_of)
    corrective = corrective_action_summary(section.workspace)
    if audits["planned"] + audits["completed"] == 0:
        section.missing.append(str(_("No internal audit started in this quarter.")))
    # Titles and dates only: the stored figures must not hold model instances.
    return {
        "planned": audits["planned"], "completed": audits["completed"], "findings": audits["findings"],
        "nonconformities": audits["nonconformities"],
        "open_audits": [{"title": item["audit"].title, "overdue": item["overdue"]} for item in audits["open_audits"]],
        "corrective_open": corrective["open"], "corrective_closed": corrective["closed"],
        "corrective_overdue": corrective["overdue"],
        "open_items": [{"title": item["nonconformity"].title,
                        "next_due_on": item["next_due_on"].isoformat() if item["next_due_on"] else "",
                        "overdue": item["overdue"]} for item in corrective["open_items"][:20]],
    }
