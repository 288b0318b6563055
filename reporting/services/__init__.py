from reporting.services.delivery import report_acknowledge, report_release
from reporting.services.generation import (
    report_generate,
    report_request,
    schedule_due_reports,
)

__all__ = ["report_acknowledge", "report_generate", "report_release", "report_request", "schedule_due_reports"]
