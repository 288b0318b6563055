"""Time ``report_generate`` for one workspace with 5,000 risks, 500 incidents and 50,000 audit events.

Run from the repository root, with PostgreSQL on 127.0.0.1:5432:

    python -m bench.quarterly_report                  # 3 timed reports of the running quarter
    python -m bench.quarterly_report --repeats 5 --risks 1000

The script drops and recreates the database named in DATABASE_URL (default
``civac_bench_reports``), so that name must contain "bench". It migrates, fills
one workspace and renders the on-demand draft of the running quarter in this
process, as the Celery worker would: compiling every section, drawing the SVG
charts, rendering the PDF with WeasyPrint and storing it. The first rendering
is a warm-up and is not counted. The database is dropped at the end unless
``--keep-database`` is given.

Risks come from ``bench.risk_pages.fill``, audit events from
``bench.load_fill.add_audit_events`` and incidents with their two NIS-2
obligations by COPY, none of them through the services (see those modules).
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta

from bench.database import run_in_fresh_database

logger = logging.getLogger("bench.quarterly_report")

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/civac_bench_reports"
# Share of obligations that were submitted, and of those, the share submitted after the due time.
SUBMITTED_SHARE = 0.8
LATE_SHARE = 0.1


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.quarterly_report", description=__doc__.split("\n\n")[0])
    parser.add_argument("--risks", type=int, default=5000, help="risks in the workspace (default 5000)")
    parser.add_argument("--incidents", type=int, default=500, help="incidents in the quarter (default 500)")
    parser.add_argument("--audit-events", type=int, default=50000, help="audit events (default 50000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed reports after one warm-up (default 3)")
    parser.add_argument("--seed", type=int, default=20261204, help="random seed of the fill")
    parser.add_argument("--keep-database", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args(argv)
    if min(args.risks, args.incidents, args.audit_events, args.repeats) < 1:
        parser.error("--risks, --incidents, --audit-events and --repeats must be at least 1")
    return args


def add_incidents(workspace, reporter, *, count: int, seed: int, now) -> None:
    """COPY ``count`` significant incidents of the running quarter, each with an early warning and a notification."""
    from django.db import transaction

    from bench.fill import OBLIGATION_CLOCKS, copy_rows
    from incidents.models import Incident, ReportingObligation
    from reporting.quarters import quarter_of

    rng = random.Random(seed)
    quarter_start, _end = quarter_of(now.astimezone(workspace.zone).date()).bounds(workspace.zone)
    span = max(1, int((now - quarter_start).total_seconds()) - 3600)
    incidents, obligations = [], []
    for number in range(count):
        incident_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        aware_at = quarter_start + timedelta(seconds=rng.randrange(span))
        incidents.append((incident_id, workspace.pk, f"Benchmark incident {number + 1:03d}", aware_at,
                          "Europe/Berlin", reporter.pk, True))
        for kind, regime, clock in OBLIGATION_CLOCKS:
            due_at = aware_at + clock
            submitted_at = None
            if rng.random() < SUBMITTED_SHARE and due_at < now:
                late = rng.random() < LATE_SHARE
                submitted_at = due_at + timedelta(hours=3) if late else due_at - timedelta(hours=2)
            obligations.append((uuid.UUID(int=rng.getrandbits(128), version=4), workspace.pk, incident_id, regime,
                                kind, kind, aware_at, due_at, submitted_at,
                                ReportingObligation.Status.SUBMITTED if submitted_at else
                                ReportingObligation.Status.OPEN))
    with transaction.atomic():
        copy_rows(Incident, ["id", "workspace", "title", "aware_at", "aware_time_zone", "reporter", "significant"],
                  incidents, now=now)
        copy_rows(ReportingObligation, ["id", "workspace", "incident", "regime", "kind", "clock_id", "trigger_at",
                                        "due_at", "submitted_at", "status"], obligations, now=now)


def time_report(workspace, actor) -> tuple[float, int]:
    """Queue one on-demand draft and render it; return the seconds ``report_generate`` took and its statements."""
    from django.db import connection
    from django.utils import timezone

    from civac.audit.context import acting_as
    from reporting.models import QuarterlyReport
    from reporting.quarters import quarter_of
    from reporting.services.generation import _create_row, report_generate

    statements = []

    def count(execute, sql, sql_params, many, context):
        statements.append(sql)
        return execute(sql, sql_params, many, context)

    # The row is created without report_request, which would also queue a task for a worker.
    quarter = quarter_of(timezone.localdate(timezone.now(), workspace.zone))
    with acting_as(actor):
        report = _create_row(workspace, quarter, origin=QuarterlyReport.Origin.ON_DEMAND, requested_by=actor)
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        rendered = report_generate(report_id=report.pk)
    elapsed = time.perf_counter() - started
    if rendered is None or rendered.status != QuarterlyReport.Status.DRAFT:
        raise SystemExit(f"report {report.pk} was not rendered")
    return elapsed, len(statements)


def run(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.utils import timezone

    from bench.load_fill import add_audit_events
    from bench.risk_pages import fill

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    workspace, _auditor, officer, _asset = fill(risk_count=args.risks, seed=args.seed)
    add_incidents(workspace, officer, count=args.incidents, seed=args.seed, now=timezone.now())
    add_audit_events(workspace, officer, count=args.audit_events)
    logger.info("filled in %.1f s", time.perf_counter() - started)

    time_report(workspace, officer)  # warm-up: imports WeasyPrint and loads its fonts
    load_at_start = os.getloadavg()
    results = [time_report(workspace, officer) for _ in range(args.repeats)]
    load_at_end = os.getloadavg()
    seconds = [elapsed for elapsed, _statements in results]

    out = sys.stdout
    out.write(f"## Quarterly report of one workspace with {args.risks:,} risks, {args.incidents:,} incidents "
              f"and {args.audit_events:,} audit events\n\n")
    out.write(f"{args.repeats} timed reports after one warm-up; load average {load_at_start[0]:.2f} at the start, "
              f"{load_at_end[0]:.2f} at the end.\n\n")
    out.write("| measure | value |\n| --- | ---: |\n")
    out.write(f"| report_generate, median s | {statistics.median(seconds):.2f} |\n")
    out.write(f"| report_generate, max s | {max(seconds):.2f} |\n")
    out.write(f"| SQL statements per report | {results[-1][1]} |\n")


def main(argv: list[str] | None = None) -> None:
    run_in_fresh_database(DEFAULT_URL, run, parse_arguments(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    main()
