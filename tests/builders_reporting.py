"""Builders for reports: a rendered quarterly report, released or not."""

from datetime import datetime, timezone

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from reporting.models import QuarterlyReport
from reporting.quarters import Quarter
from reporting.services.generation import _create_row, report_generate
from reporting.services.delivery import report_release


def rendered_report(workspace, quarter=Quarter(2026, 1), *, origin=QuarterlyReport.Origin.ON_DEMAND) -> QuarterlyReport:
    with acting_as(system="tests"):
        report = _create_row(workspace, quarter, origin=origin)
    return report_generate(report_id=report.pk)


def released_report(workspace, *, officer, recipients, quarter=Quarter(2026, 1)) -> QuarterlyReport:
    report = rendered_report(workspace, quarter)
    with workspace_context(workspace):
        return report_release(actor=officer, report=report, recipients=recipients, confirmed_sha256=report.sha256)


UTC = timezone.utc


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
