import logging

from celery import shared_task

from isms.services.evidence.scanning import scan_pending_evidence as sweep

logger = logging.getLogger(__name__)


@shared_task(name="isms.tasks.scan_pending_evidence")
def scan_pending_evidence() -> int:
    return sweep()


@shared_task(name="isms.tasks.open_training_reminders", ignore_result=True)
def open_training_reminders() -> int:
    """Open a reminder task for everyone whose training is due, in every workspace with courses.

    Each workspace runs on its own, so one failing workspace does not stop the others;
    the next run (hourly) catches up, because opening reminders is idempotent.
    """
    from civac.audit.context import acting_as
    from civac.tenancy.models import Workspace
    from isms.models import TrainingCourse
    from isms.services.training.reminders import training_open_reminders

    opened = 0
    workspace_ids = TrainingCourse.all_workspaces.order_by().values_list("workspace_id", flat=True).distinct()
    for workspace in Workspace.objects.filter(pk__in=list(workspace_ids)):
        try:
            with acting_as(system="training-reminders"):
                opened += training_open_reminders(actor=None, workspace=workspace)
        except Exception:
            logger.exception("training reminders failed for workspace %s", workspace.pk)
    return opened
