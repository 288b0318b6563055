import logging

from celery import shared_task

from mandates.services import mandates_activate_due

logger = logging.getLogger(__name__)


@shared_task(name="mandates.tasks.activate_due_mandates", ignore_result=True)
def activate_due_mandates() -> int:
    """Beat task: activate signed mandates whose start date has come; a missed run is caught up by the next."""
    activated = mandates_activate_due()
    if activated:
        logger.info("mandates activated: %s", activated)
    return activated
