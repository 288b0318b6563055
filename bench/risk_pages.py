"""Measure the risk list and the heat map of one workspace with 5,000 risks: median and 95th percentile.

Run from the repository root, with PostgreSQL on 127.0.0.1:5432:

    python -m bench.risk_pages                 # 5,000 risks, 30 timed requests per page
    python -m bench.risk_pages --risks 1000 --repeats 10

The script drops and recreates the database named in DATABASE_URL (default
``civac_bench_risks``), so that name must contain "bench". It migrates the
database, fills one workspace and requests each page through Django's test
client, signed in as an auditor. The timings include middleware, the tenant
decorator, the queries and template rendering, but no HTTP server. The database is dropped
at the end unless ``--keep-database`` is given.

Risks, assets and their links are written with a plain ``QuerySet.bulk_create``,
not through the services or the tenant managers: those append one audit event
per row, which the pages under test never read. This is benchmark data, not an
application write path.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import sys
import time
from datetime import timedelta

from bench.database import run_in_fresh_database

logger = logging.getLogger("bench.risk_pages")

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/civac_bench_risks"
ASSETS = 200
MEMBERS = 8
WARM_UP_REQUESTS = 3


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.risk_pages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--risks", type=int, default=5000, help="risks in the workspace (default 5000)")
    parser.add_argument("--repeats", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--seed", type=int, default=20261204, help="random seed of the fill")
    parser.add_argument("--keep-database", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args(argv)
    if args.risks < 1 or args.repeats < 1:
        parser.error("--risks and --repeats must be at least 1")
    return args


def fill(*, risk_count: int, seed: int):
    """Create a workspace with members, assets and risks; return the workspace and an auditor to sign in as."""
    from django.db import models
    from django.utils import timezone

    from civac.tenancy.context import workspace_context
    from civac.tenancy.models import Membership
    from civac.tenancy.roles import Role
    from isms.models import Asset, Risk, RiskAsset
    from isms.services.risks import methodology_for
    from tests import factories

    rng = random.Random(seed)
    workspace = factories.make_workspace("bench-risks", legal_name="Müller Präzisionstechnik GmbH")
    users = [factories.make_user(f"member{number}@bench.example") for number in range(MEMBERS)]
    auditor = factories.make_user("auditor@bench.example")
    today = timezone.localdate()
    with workspace_context(workspace):
        methodology_for(workspace)
        models.QuerySet(model=Membership).bulk_create(
            [Membership(workspace=workspace, user=user, role=Role.OFFICER) for user in users]
            + [Membership(workspace=workspace, user=auditor, role=Role.AUDITOR)])
        assets = models.QuerySet(model=Asset).bulk_create([
            Asset(workspace=workspace, name=f"Asset {number:03d}", kind=rng.choice(Asset.Kind.values),
                  owner=rng.choice(users)) for number in range(ASSETS)])
        risks = []
        for number in range(risk_count):
            option = rng.choice(["", *Risk.Treatment.values])
            residual = rng.random() < 0.7
            risks.append(Risk(
                workspace=workspace, title=f"Risk {number:05d} {rng.choice(['ransomware', 'outage', 'fraud'])}",
                threat="Threat text", vulnerability="Vulnerability text", owner=rng.choice(users),
                inherent_likelihood=rng.randint(1, 4), inherent_impact=rng.randint(1, 4),
                residual_likelihood=rng.randint(1, 3) if residual else None,
                residual_impact=rng.randint(1, 3) if residual else None,
                treatment_option=option, treatment_description="Treatment" if option else "",
                treatment_owner=rng.choice(users) if option else None,
                treatment_due_on=today + timedelta(days=rng.randint(-30, 365)) if option else None,
                status=rng.choice([Risk.Status.PLANNED, Risk.Status.IN_PROGRESS]) if option
                else Risk.Status.IDENTIFIED))
        risks = models.QuerySet(model=Risk).bulk_create(risks, batch_size=1000)
        links = [RiskAsset(workspace=workspace, risk=risk, asset=asset)
                 for risk in risks for asset in rng.sample(assets, rng.randint(1, 3))]
        models.QuerySet(model=RiskAsset).bulk_create(links, batch_size=2000)
    return workspace, auditor, users[0], assets[0]


def time_page(client, url: str, params: dict, repeats: int) -> dict:
    from django.db import connection

    statements = []

    def count(execute, sql, sql_params, many, context):
        statements.append(sql)
        return execute(sql, sql_params, many, context)

    for _ in range(WARM_UP_REQUESTS):
        client.get(url, params, secure=True)
    # An execute wrapper, because the request's start resets the query log that CaptureQueriesContext reads.
    with connection.execute_wrapper(count):
        response = client.get(url, params, secure=True)
    if response.status_code != 200:
        raise SystemExit(f"{url} {params} returned status {response.status_code}, expected 200")
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(url, params, secure=True)
        timings.append(time.perf_counter() - started)
    ordered = sorted(timings)
    return {"median_ms": statistics.median(timings) * 1000,
            "p95_ms": ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000,
            "queries": len(statements)}


def run(args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    workspace, auditor, owner, asset = fill(risk_count=args.risks, seed=args.seed)
    logger.info("filled %d risks in %.1f s", args.risks, time.perf_counter() - started)

    client = Client()
    client.force_login(auditor)
    base = f"/w/{workspace.slug}/isms/risks/"
    pages = [
        ("risk list, first page", base, {}),
        ("risk list, page 60", base, {"page": 60}),
        ("risk list, band high, status planned", base, {"band": "high", "status": "planned"}),
        ("risk list, owner and asset", base, {"owner": owner.pk, "asset": str(asset.pk)}),
        ("risk list, text 'fraud', treatment modify", base, {"q": "fraud", "treatment": "modify"}),
        ("risk list, heat map cell", base, {"basis": "inherent", "likelihood": 4, "impact": 4}),
        ("heat map (inherent and residual)", base + "heat-map/", {}),
    ]
    load_at_start = os.getloadavg()
    results = [(name, time_page(client, url, params, args.repeats)) for name, url, params in pages]
    load_at_end = os.getloadavg()

    out = sys.stdout
    out.write(f"## Risk pages with {args.risks:,} risks\n\n")
    out.write(f"{args.repeats} timed requests per page after {WARM_UP_REQUESTS} warm-up requests; "
              f"load average {load_at_start[0]:.2f} at the start, {load_at_end[0]:.2f} at the end.\n\n")
    out.write("| page | median ms | p95 ms | SQL statements |\n| --- | ---: | ---: | ---: |\n")
    for name, result in results:
        out.write(f"| {name} | {result['median_ms']:.1f} | {result['p95_ms']:.1f} | {result['queries']} |\n")


def main(argv: list[str] | None = None) -> None:
    run_in_fresh_database(DEFAULT_URL, run, parse_arguments(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    main()
