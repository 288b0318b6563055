import logging

from celery import shared_task

from mandates.services import mandates_activate_due, mandates_end_due

logger = logging.getLogger(__name__)


@shared_task(name="mandates.tasks.activate_due_mandates", ignore_result=True)
def activate_due_mandates() -> int:
    """Beat task: activate signed mandates whose start date has come and end those whose last day passed."""
    activated = mandates_activate_due()
    ended = mandates_end_due()
    if activated or ended:
        logger.info("mandates activated: %s, ended: %s", activated, ended)
    return activated
