import logging

from celery import shared_task
from django.utils import timezone

from reporting.services.generation import report_generate, report_mark_failed, schedule_due_reports

logger = logging.getLogger(__name__)


@shared_task(name="reporting.tasks.schedule_quarterly_reports", ignore_result=True)
def schedule_quarterly_reports() -> int:
    """Beat tick: create the reports of ended quarters and hand every queued one to a worker."""
    ids = schedule_due_reports(now=timezone.now())
    for report_id in ids:
        generate_quarterly_report.delay(str(report_id))
    return len(ids)


@shared_task(name="reporting.tasks.generate_quarterly_report", ignore_result=True)
def generate_quarterly_report(report_id: str) -> None:
    try:
        report_generate(report_id=report_id)
    except Exception as error:
        logger.exception("report %s failed to render", report_id)
        report_mark_failed(report_id=report_id, error=f"{type(error).__name__}: {error}")
