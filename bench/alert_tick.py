"""Measure whether one alert tick costs time per due row or per row in the outbox.

Run from the repository root:

    python -m bench.alert_tick            # 20,000 and 1,000,000 rows, 50 and 500 due
    python -m bench.alert_tick --small    # 2,000 and 20,000 rows, 20 and 200 due, under a minute

The script drops and recreates a dedicated PostgreSQL database, by default
postgres://postgres@127.0.0.1:5432/civac_bench. DATABASE_URL overrides it, but
its name must contain "bench". The script migrates it and fills it with pending
escalation steps by COPY (see bench/fill.py). At each table size it makes a
fixed number of rows due (default 50), then 10 times as many, and measures
``claim_due`` and a whole ``run_tick`` with Django's locmem e-mail backend. It
prints a Markdown report on standard output and drops the database at the end
unless --keep-database is given.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time

from bench.database import UnsafeDatabase, benchmark_url, drop_database, recreate_database

LARGE_SIZES = (20_000, 1_000_000)
SMALL_SIZES = (2_000, 20_000)
DUE_FACTOR = 10

logger = logging.getLogger("bench.alert_tick")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.alert_tick", description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true",
                        help=f"measure at {SMALL_SIZES[0]:,} and {SMALL_SIZES[1]:,} rows instead of "
                             f"{LARGE_SIZES[0]:,} and {LARGE_SIZES[1]:,}")
    parser.add_argument("--due", type=int,
                        help="rows due at each tick in the base case (default 50, 20 with --small), "
                             f"and a second case uses {DUE_FACTOR} times as many")
    parser.add_argument("--claim-repeats", type=int, default=15,
                        help="timed claim_due calls and EXPLAIN runs per case, after one warm-up call (default 15)")
    parser.add_argument("--tick-repeats", type=int,
                        help="timed run_tick calls per case, after one warm-up call (default 5, 3 with --small)")
    parser.add_argument("--seed", type=int, default=20261204, help="seed of the fill's random ids and due times")
    parser.add_argument("--keep-database", action="store_true",
                        help="keep the benchmark database at the end instead of dropping it")
    args = parser.parse_args(argv)
    if args.due is None:
        args.due = 20 if args.small else 50
    if args.tick_repeats is None:
        args.tick_repeats = 3 if args.small else 5
    if args.due < 1 or args.claim_repeats < 1 or args.tick_repeats < 1:
        parser.error("--due, --claim-repeats and --tick-repeats must be at least 1")
    return args


def configure_django(database_url: str, var_dir: str) -> None:
    """Point civac.settings at the benchmark database and a throw-away var directory, then set Django up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "civac.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["CIVAC_VAR_DIR"] = var_dir
    os.environ["DEBUG"] = "false"  # DEBUG=true would keep every query in memory
    # An SMTP EMAIL_URL is neither validated nor used, because the locmem backend replaces it below.
    os.environ.pop("EMAIL_URL", None)
    # The outbox logs one INFO line per sent alert, so WARNING keeps the report readable.
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django
    from django.conf import settings

    django.setup()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # civac.settings sets the root logger to LOG_LEVEL, but the benchmark's progress lines stay visible.
    logging.getLogger("bench").setLevel(logging.INFO)


def run(args: argparse.Namespace, command: str) -> None:
    """Migrate, then fill and measure at each table size, and print the report."""
    # These modules import models, so they load only after configure_django has run django.setup().
    from django.core.management import call_command
    from django.utils import timezone

    from bench import fill, measure, report

    sizes = SMALL_SIZES if args.small else LARGE_SIZES
    due_counts = (args.due, args.due * DUE_FACTOR)
    for size in sizes:
        if size % fill.ROWS_PER_WORKSPACE:
            raise SystemExit(f"table size {size} is not a multiple of {fill.ROWS_PER_WORKSPACE} rows per workspace")

    load_at_start = os.getloadavg()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    measure.disable_autovacuum()
    logger.info("migrated in %.1f s", time.perf_counter() - started)
    state = fill.start_fill(now=timezone.now(), seed=args.seed)

    results = {}
    backlogs = {}
    for size in sizes:
        started = time.perf_counter()
        fill.fill_to(state, size)
        logger.info("filled %d rows in %.1f s", state.alerts, time.perf_counter() - started)
        for due in due_counts:
            started = time.perf_counter()
            results[(size, due)] = measure.measure_stage(total_rows=size, due_rows=due,
                                                         claim_repeats=args.claim_repeats,
                                                         tick_repeats=args.tick_repeats)
            logger.info("measured %d rows with %d due in %.1f s", size, due, time.perf_counter() - started)
        started = time.perf_counter()
        backlogs[size] = measure.measure_sent_backlog(total_rows=size, due_rows=args.due,
                                                      claim_repeats=args.claim_repeats)
        logger.info("measured %d rows with %d sent since VACUUM in %.1f s", size, backlogs[size].sent_rows,
                    time.perf_counter() - started)
    machine = report.machine_description()
    # Other processes on the same cores slow the timings, but the statement and buffer counts do not change.
    machine["load average (1, 5, 15 min)"] = (f"{report.format_load(load_at_start)} at the start, "
                                              f"{report.format_load(os.getloadavg())} at the end")
    report.print_report(sys.stdout, results=results, backlogs=backlogs, sizes=sizes, due_counts=due_counts,
                        machine=machine, command=command)


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    args = parse_arguments(arguments)
    try:
        database_url = benchmark_url()
    except UnsafeDatabase as error:
        raise SystemExit(str(error)) from None
    command = " ".join(["python -m bench.alert_tick", *arguments])
    var_dir = tempfile.mkdtemp(prefix="civac-bench-")
    recreate_database(database_url)
    try:
        configure_django(database_url, var_dir)
        run(args, command)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_database:
            drop_database(database_url)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
