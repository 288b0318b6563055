"""Time the SoA list and the gap dashboard: median and 95th percentile per page, and SQL statements.

Run from the repository root, with PostgreSQL on 127.0.0.1:5432:

    python -m bench.soa_pages                 # 93 entries, then 93 + 1,000 own controls; 30 requests per page
    python -m bench.soa_pages --repeats 10

The script drops and recreates the database ``civac_bench_soa``. ``DATABASE_URL``
overrides it, but its name must contain "bench". The script then migrates it, fills one
workspace and requests each page through Django's test client as a signed-in
officer, so middleware, the workspace decorator and template rendering count.
The first request of each page warms the caches and is not counted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

from bench.database import drop_database, recreate_database

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/civac_bench_soa"
PAGES = {
    "SoA list, page 1": "isms/soa/",
    "SoA list, filtered (theme, status, text)": "isms/soa/?theme=technological&status=planned&q=a",
    "SoA list, §30 area 9, page 2": "isms/soa/?area=9&page=2",
    "gap dashboard": "isms/soa/gap/",
}


def _configure(database_url: str, var_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "civac.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["CIVAC_VAR_DIR"] = var_dir
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _fill(own_controls: int, *, start: int = 0):
    """Give the bench workspace every Annex A entry, assessed, plus ``own_controls`` own controls."""
    from civac.audit.context import acting_as
    from civac.tenancy.context import workspace_context
    from civac.tenancy.models import Workspace
    from isms.models import OwnControl, SoAEntry
    from isms.services.soa import soa_add_catalogue_controls

    workspace = Workspace.objects.get(slug="bench")
    statuses = [choice for choice in SoAEntry.Status.values if choice != SoAEntry.Status.NOT_APPLICABLE]
    with workspace_context(workspace), acting_as(system="bench"):
        soa_add_catalogue_controls(actor=None, workspace=workspace)
        controls = OwnControl.objects.bulk_create([
            OwnControl(workspace=workspace, ref=f"OWN-{number:05d}", title=f"Eigene Maßnahme {number}",
                       theme="technological" if number % 2 else "organizational")
            for number in range(start, start + own_controls)
        ])
        SoAEntry.objects.bulk_create([
            SoAEntry(workspace=workspace, own_control=control, applicability=SoAEntry.Applicability.APPLICABLE,
                     status=statuses[index % len(statuses)], maturity=index % 6)
            for index, control in enumerate(controls)
        ])
        SoAEntry.objects.filter(catalogue_control__isnull=False).update(
            applicability=SoAEntry.Applicability.APPLICABLE, status=SoAEntry.Status.PLANNED, maturity=2)
        return SoAEntry.objects.count()


def _setup_workspace():
    from django.test import Client

    from civac.tenancy.roles import Role
    from tests import factories

    workspace = factories.make_workspace("bench", legal_name="Bench Präzisionstechnik GmbH")
    user = factories.make_user("isb@bench.example")
    factories.add_member(workspace, user, Role.OFFICER)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _time_page(client, path: str, repeats: int) -> dict:
    from django.db import connection

    url = f"/w/bench/{path}"
    statements = 0

    def count_statement(execute, sql_text, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql_text, params, many, context)

    # An execute wrapper counts every statement whatever the DEBUG setting.
    with connection.execute_wrapper(count_statement):
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} returned status {response.status_code}; expected 200.")
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(url)
        samples.append(time.perf_counter() - started)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {"median": statistics.median(samples), "p95": p95, "queries": statements}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30, help="timed requests per page and size (default 30)")
    parser.add_argument("--own", type=int, default=1000, help="own controls added for the second size (default 1000)")
    parser.add_argument("--keep-database", action="store_true", help="keep the database after the run")
    args = parser.parse_args(argv)

    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    from bench.database import benchmark_url

    database_url = benchmark_url()
    recreate_database(database_url)
    _configure(database_url, tempfile.mkdtemp(prefix="civac-bench-soa-"))
    from django.core.management import call_command

    from bench.report import machine_description

    call_command("migrate", verbosity=0)
    client = _setup_workspace()
    results = {}
    try:
        for own in (0, args.own):
            entries = _fill(own)
            results[entries] = {name: _time_page(client, path, args.repeats) for name, path in PAGES.items()}
        machine = machine_description()
    finally:
        if not args.keep_database:
            from django.db import connections

            connections.close_all()
            drop_database(database_url)
    _print(results, machine, args)


def _print(results: dict, machine: dict, args) -> None:
    out = sys.stdout
    sizes = sorted(results)
    out.write(f"## SoA list and gap dashboard\n\n`python -m bench.soa_pages --repeats {args.repeats} "
              f"--own {args.own}`\n\n")
    out.write("| page | " + " | ".join(f"{size} entries: median / p95 ms, queries" for size in sizes) + " |\n")
    out.write("| --- |" + " ---: |" * len(sizes) + "\n")
    for name in PAGES:
        cells = [f"{results[size][name]['median'] * 1000:.1f} / {results[size][name]['p95'] * 1000:.1f}, "
                 f"{results[size][name]['queries']}" for size in sizes]
        out.write(f"| {name} | " + " | ".join(cells) + " |\n")
    out.write("\n" + "\n".join(f"- {key}: {value}" for key, value in machine.items()) + "\n")


if __name__ == "__main__":
    main()
