"""Creating and rendering quarterly reports.

1. ``schedule_due_reports`` (beat) creates one scheduled row per workspace
   and ended quarter, catching up on quarters missed while beat was down.
   The partial unique constraint makes a second beat's insert fail instead
   of creating a second report.
2. ``report_generate`` (worker) compiles the sections, renders the PDF
   outside any transaction and stores it only if the row is still queued,
   so a duplicate task renders in vain but never stores twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.audit.context import acting_as
from civac.audit.recorder import append_event
from civac.documents import render_pdf, sha256_hex
from civac.tenancy.context import workspace_context
from civac.tenancy.errors import field_error
from civac.tenancy.models import Workspace
from reporting.models import QuarterlyReport
from reporting.quarters import Quarter, ended_quarters_since, last_ended_quarter, quarter_of
from reporting.rendering import document_context
from reporting.sections import SectionInput, providers

logger = logging.getLogger(__name__)

# Beat catches up on at most this many ended quarters per workspace. Figures
# are compiled from today's data, so a report for a quarter long past would
# describe the present under an old heading.
CATCH_UP_QUARTERS = 4
# A queued row older than this is handed to the worker again: its task was lost.
REQUEUE_AFTER = timedelta(minutes=15)
TREND_QUARTERS = 8


def _first_quarter(workspace: Workspace, now: datetime) -> Quarter:
    created = quarter_of(workspace.created_at.astimezone(workspace.zone).date())
    earliest = last_ended_quarter(now, workspace.zone)
    for _step in range(CATCH_UP_QUARTERS - 1):
        earliest = earliest.previous()
    return max(created, earliest)


def _next_version(workspace: Workspace, quarter: Quarter) -> int:
    latest = QuarterlyReport.all_workspaces.filter(workspace=workspace, year=quarter.year,
                                                   quarter=quarter.number).aggregate(latest=Max("version"))
    return (latest["latest"] or 0) + 1


def _create_row(workspace: Workspace, quarter: Quarter, *, origin: str, requested_by=None) -> QuarterlyReport:
    start, end = quarter.bounds(workspace.zone)
    with transaction.atomic(), workspace_context(workspace):
        # Two requests for the same quarter would read the same highest version and
        # collide on the unique constraint. The workspace row lock makes the second
        # wait until the first has committed, so it numbers on from the first.
        Workspace.objects.select_for_update().only("pk").get(pk=workspace.pk)
        return QuarterlyReport.objects.create(
            workspace=workspace, year=quarter.year, quarter=quarter.number, origin=origin,
            version=_next_version(workspace, quarter), period_start=start, period_end=end,
            language=workspace.default_language, requested_by=requested_by,
        )


def schedule_due_reports(*, now: datetime) -> list:
    """Create the missing scheduled reports of every workspace; return the ids of rows to render.

    Rows still queued from earlier runs are returned again once they are
    older than ``REQUEUE_AFTER``, so a lost task does not leave a report unrendered.
    """
    existing = set(QuarterlyReport.all_workspaces.filter(origin=QuarterlyReport.Origin.SCHEDULED)
                   .values_list("workspace_id", "year", "quarter"))
    created = []
    with acting_as(system="report-scheduler"):
        for workspace in Workspace.objects.all():
            for quarter in ended_quarters_since(_first_quarter(workspace, now), now, workspace.zone):
                if (workspace.pk, quarter.year, quarter.number) in existing:
                    continue
                try:
                    with transaction.atomic():
                        report = _create_row(workspace, quarter, origin=QuarterlyReport.Origin.SCHEDULED)
                except IntegrityError:
                    # Another beat created this quarter's report between our read and insert.
                    logger.info("scheduled report for workspace %s %s exists already", workspace.pk, quarter)
                    continue
                logger.info("scheduled report %s for workspace %s %s", report.pk, workspace.pk, quarter)
                created.append(report.pk)
    stale = QuarterlyReport.all_workspaces.filter(status=QuarterlyReport.Status.QUEUED,
                                                  updated_at__lt=now - REQUEUE_AFTER).exclude(pk__in=created)
    return created + list(stale.values_list("pk", flat=True))


def report_request(*, actor, workspace: Workspace, quarter: Quarter | None = None,
                   now: datetime | None = None) -> QuarterlyReport:
    """Queue an on-demand draft for ``quarter`` (default: the running one) and hand it to the worker on commit."""
    now = now or timezone.now()
    current = quarter_of(now.astimezone(workspace.zone).date())
    quarter = quarter or current
    if quarter > current:
        raise field_error("quarter", _("Choose a quarter that has started; %(quarter)s lies in the future.")
                          % {"quarter": str(quarter)}, "quarter_in_future")
    with transaction.atomic(), acting_as(actor):
        report = _create_row(workspace, quarter, origin=QuarterlyReport.Origin.ON_DEMAND, requested_by=actor)
        transaction.on_commit(lambda: enqueue_generation(report.pk))
    return report


def enqueue_generation(report_id) -> None:
    from reporting.tasks import generate_quarterly_report

    generate_quarterly_report.delay(str(report_id))


def _previous_figures(report: QuarterlyReport) -> dict:
    previous = (QuarterlyReport.objects.filter(generated_at__isnull=False)
                .exclude(year=report.year, quarter=report.quarter)
                .filter(period_end__lte=report.period_start).order_by("-period_end", "-version").first())
    return previous.figures if previous is not None else {}


def _trend(report: QuarterlyReport, figures: dict) -> list[dict]:
    """Return the risk and SoA figures of the latest version of each earlier quarter, then this one."""
    earlier = {}
    rows = (QuarterlyReport.objects.filter(generated_at__isnull=False, period_end__lte=report.period_start)
            .order_by("year", "quarter", "version").values_list("year", "quarter", "figures"))
    for year, number, stored in rows:
        earlier[(year, number)] = stored
    points = []
    for (year, number), stored in sorted(earlier.items())[-(TREND_QUARTERS - 1):]:
        points.append(_trend_point(Quarter(year, number), stored))
    points.append(_trend_point(Quarter(report.year, report.quarter), figures))
    return points


def _trend_point(quarter: Quarter, figures: dict) -> dict:
    risks = figures.get("risks", {})
    bands = risks.get("by_band", {})
    return {"label": str(quarter), "risks": risks.get("total"),
            "high": (bands.get("high", 0) + bands.get("critical", 0)) if bands else None,
            "implemented_share": figures.get("isms", {}).get("implemented_share")}


def compile_figures(report: QuarterlyReport) -> tuple[dict, list[str]]:
    """Run every section provider for ``report``; must run inside the report's workspace context."""
    section = SectionInput(workspace=report.workspace, quarter=Quarter(report.year, report.quarter),
                           period_start=report.period_start, period_end=report.period_end,
                           previous_figures=_previous_figures(report))
    figures = {provider.key: provider.compile(section) for provider in providers()}
    figures["trend"] = _trend(report, figures)
    return figures, section.missing


def report_generate(*, report_id) -> QuarterlyReport | None:
    """Compile and render one queued report; returns None when it is gone or no longer queued."""
    report = QuarterlyReport.all_workspaces.select_related("workspace").filter(pk=report_id).first()
    if report is None or report.status != QuarterlyReport.Status.QUEUED:
        return None
    workspace = report.workspace
    with workspace_context(workspace), acting_as(system="report-generator"), timezone.override(workspace.zone):
        figures, missing = compile_figures(report)
        generated_at = timezone.now()
        report.figures, report.missing, report.generated_at = figures, missing, generated_at
        pdf = render_pdf("reporting/quarterly_pdf.html", document_context(report), language=report.language)
        return _store(report, pdf)


def _store(report: QuarterlyReport, pdf: bytes) -> QuarterlyReport | None:
    digest = sha256_hex(pdf)
    with transaction.atomic():
        locked = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != QuarterlyReport.Status.QUEUED:
            logger.info("report %s was stored by another worker; dropping this rendering", report.pk)
            return None
        locked.figures, locked.missing, locked.generated_at = report.figures, report.missing, report.generated_at
        locked.sha256 = digest
        locked.status = QuarterlyReport.Status.DRAFT
        locked.file.save(f"quarterly-{report.workspace.slug}-{report.year}-q{report.quarter}-v{report.version}.pdf",
                         ContentFile(pdf), save=False)
        locked.save()
        append_event(workspace_id=locked.workspace_id, action="generate", object_type="reporting.quarterlyreport",
                     object_id=str(locked.pk), object_repr=str(locked),
                     changes={"sha256": digest, "version": locked.version, "origin": locked.origin,
                              "missing": locked.missing})
    logger.info("report %s generated, sha256 %s", report.pk, digest)
    return locked


def report_mark_failed(*, report_id, error: str) -> None:
    """Record a failed rendering on the row, so the archive shows it and an officer can ask again."""
    report = QuarterlyReport.all_workspaces.select_related("workspace").filter(pk=report_id).first()
    if report is None or report.status != QuarterlyReport.Status.QUEUED:
        return
    with transaction.atomic(), workspace_context(report.workspace), acting_as(system="report-generator"):
        report.status = QuarterlyReport.Status.FAILED
        report.error = error[:2000]
        report.save()
