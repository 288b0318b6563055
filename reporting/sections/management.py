from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isms.models import Task
from isms.services.risks.methodology import methodology_for
from isms.services.risks.queries import above_acceptance, with_scores
from isms.models import Risk
from officers.models import AppointmentCertificate
from reporting.sections import SectionInput, register

LISTED_TASKS = 15


@register("management", _("Open tasks and decisions for management"), order=50)
def management_agenda(section: SectionInput) -> dict:
    """Collect what waits for management: risk acceptances, certificates to sign, and overdue tasks."""
    today = timezone.localdate(timezone.now(), section.workspace.zone)
    methodology = methodology_for(section.workspace)
    awaiting_acceptance = list(
        with_scores(Risk.objects.all()).filter(above_acceptance(methodology), current_acceptance__isnull=True)
        .order_by("-current_score_db", "title").values_list("title", flat=True)[:LISTED_TASKS]
    )
    unsigned = AppointmentCertificate.objects.filter(signed_at__isnull=True).select_related(
        "appointment__role", "appointment__officer")
    open_tasks = Task.objects.filter(status=Task.Status.OPEN)
    overdue = open_tasks.filter(due_on__lt=today).select_related("owner").order_by("due_on")
    return {
        "risks_awaiting_acceptance": awaiting_acceptance,
        "certificates_awaiting_signature": [f"{item.appointment.role.name}: {item.appointment.officer.full_name}"
                                            for item in unsigned],
        "open_tasks": open_tasks.count(),
        "overdue_tasks": overdue.count(),
        "overdue": [{"title": task.title, "due_on": task.due_on.isoformat(),
                     "owner": (task.owner.get_full_name() or task.owner.email) if task.owner else ""}
                    for task in overdue[:LISTED_TASKS]],
    }
