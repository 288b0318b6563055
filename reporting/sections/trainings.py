"""Trainings and the management training that §38(3) BSIG requires of each management member."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isms.services.training import training_summary
from reporting.sections import SectionInput, register


def section_dates(section: SectionInput):
    """Return the quarter's first day and the day its figures describe, both in the workspace's zone.

    A draft of the running quarter describes today, not the quarter's last
    day, because a status as of a future day would count trainings as overdue
    that are not overdue yet.
    """
    zone = section.workspace.zone
    first_day = section.period_start.astimezone(zone).date()
    last_day = section.period_end.astimezone(zone).date() - timedelta(days=1)
    today = timezone.localdate(timezone.now(), zone)
    return first_day, min(last_day, today)


def _person_name(user) -> str:
    return user.get_full_name() or user.email


@register("trainings", _("Trainings and awareness"), order=60)
def training_overview(section: SectionInput) -> dict:
    """Count due, overdue and held trainings and list each management member's management training status."""
    first_day, as_of = section_dates(section)
    summary = training_summary(section.workspace, first_day, as_of)
    management = [{
        "name": _person_name(entry["person"]),
        "status": entry["status"],
        "evidence_count": entry["evidence_count"],
        "courses": [{"title": row.course.title, "status": row.status, "due_on": row.due_on.isoformat(),
                     "last_completed_on": row.last_completed_on.isoformat() if row.last_completed_on else None}
                    for row in entry["courses"]],
    } for entry in summary["management"]]
    if summary["management_course_missing"]:
        section.missing.append(str(_("No training course is marked as management training, so the training that "
                                     "§38(3) BSIG requires of management is not tracked.")))
    return {
        "as_of": as_of.isoformat(),
        "due": summary["due"],
        "overdue": summary["overdue"],
        "completed_in_period": summary["completed_in_period"],
        "management_course_missing": summary["management_course_missing"],
        "management": management,
        "management_overdue": sum(1 for entry in management if entry["status"] == "overdue"),
    }
