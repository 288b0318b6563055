import logging

from celery import shared_task

from officers.reminders import record_failure, schedule_reminders, send_pending_reminders

logger = logging.getLogger(__name__)


@shared_task(name="officers.tasks.send_qualification_reminders", ignore_result=True)
def send_qualification_reminders() -> int:
    """Beat task: write due reminder rows, then send every pending one; failed rows wait for the next run."""
    scheduled = schedule_reminders()
    try:
        sent = send_pending_reminders()
    except Exception as error:  # noqa: BLE001 - the row stays pending and is retried next run
        logger.exception("sending qualification reminders failed; pending rows are retried next run")
        record_failure(error)
        return 0
    if scheduled or sent:
        logger.info("qualification reminders: %s scheduled, %s sent", scheduled, sent)
    return sent
