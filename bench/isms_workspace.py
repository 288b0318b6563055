"""Time the risk, SoA and evidence pages of one workspace at the size the ISMS must handle.

The workspace holds 5,000 risks, the 93 Annex A controls in its SoA and
20,000 evidence files (the defaults), with every risk linked to one or two
controls. Run from the repository root, with PostgreSQL on 127.0.0.1:5432:

    python -m bench.isms_workspace
    python -m bench.isms_workspace --risks 500 --evidence 2000 --repeats 10

The database ``civac_bench_isms`` is dropped and created again; ``DATABASE_URL``
overrides it, but its name must contain "bench". Each page is requested through
Django's test client as a signed-in auditor, so middleware, the workspace
decorator, the queries and template rendering count, but no HTTP server.

Rows are written with a plain ``QuerySet.bulk_create`` that skips the audit
events, because the pages under test never read them; evidence rows point at
files that do not exist, since no list page opens a file.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

from bench.database import run_in_fresh_database
from bench.risk_pages import fill as fill_risks
from bench.risk_pages import time_page

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/civac_bench_isms"


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.isms_workspace", description=__doc__.split("\n\n")[0])
    parser.add_argument("--risks", type=int, default=5000, help="risks in the workspace (default 5000)")
    parser.add_argument("--evidence", type=int, default=20000, help="evidence files (default 20000)")
    parser.add_argument("--repeats", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--seed", type=int, default=20261204, help="random seed of the fill")
    parser.add_argument("--keep-database", action="store_true", help="keep the benchmark database afterwards")
    args = parser.parse_args(argv)
    if min(args.risks, args.evidence, args.repeats) < 1:
        parser.error("--risks, --evidence and --repeats must be at least 1")
    return args


def fill_controls_and_evidence(workspace, uploader, *, evidence_count: int, seed: int) -> None:
    """Add the SoA, links from every risk to one or two controls, and evidence on entries, risks and tasks."""
    from django.db import models
    from django.utils import timezone

    from civac.tenancy.context import workspace_context
    from isms.models import EvidenceFile, Risk, RiskControl, SoAEntry, Task
    from isms.services.soa import soa_add_catalogue_controls

    rng = random.Random(seed)
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=None, workspace=workspace)
        SoAEntry.objects.update(applicability=SoAEntry.Applicability.APPLICABLE, status=SoAEntry.Status.PLANNED)
        entries = list(SoAEntry.objects.values_list("pk", flat=True))
        risks = list(Risk.objects.values_list("pk", flat=True))
        tasks = list(Task.objects.values_list("pk", flat=True)) or risks
        models.QuerySet(model=RiskControl).bulk_create(
            [RiskControl(workspace=workspace, risk_id=risk, soa_entry_id=entry)
             for risk in risks for entry in rng.sample(entries, rng.randint(1, 2))], batch_size=2000)
        subjects = [("isms.soaentry", entries), ("isms.risk", risks), ("isms.task", tasks)]
        now = timezone.now()
        files = []
        for number in range(evidence_count):
            subject_type, ids = subjects[number % len(subjects)]
            files.append(EvidenceFile(
                workspace=workspace, subject_type=subject_type, subject_id=rng.choice(ids),
                original_name=f"evidence-{number:05d}.pdf", file=f"evidence/{workspace.pk}/bench-{number:05d}.pdf",
                size=rng.randint(10_000, 5_000_000), content_type="application/pdf", sha256=f"{number:064x}",
                uploaded_by=uploader, uploaded_at=now))
        models.QuerySet(model=EvidenceFile).bulk_create(files, batch_size=2000)


def run(args: argparse.Namespace) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    workspace, auditor, owner, _asset = fill_risks(risk_count=args.risks, seed=args.seed)
    fill_controls_and_evidence(workspace, owner, evidence_count=args.evidence, seed=args.seed)
    fill_seconds = time.perf_counter() - started

    client = Client()
    client.force_login(auditor)
    base = f"/w/{workspace.slug}/isms/"
    pages = [
        ("risk list, first page", base + "risks/", {}),
        ("risk list, page 60", base + "risks/", {"page": 60}),
        ("risk list, band high, status planned", base + "risks/", {"band": "high", "status": "planned"}),
        ("heat map", base + "risks/heat-map/", {}),
        ("SoA list, first page", base + "soa/", {}),
        ("SoA list, theme technological, text 'a'", base + "soa/", {"theme": "technological", "q": "a"}),
        ("SoA list, §30 area 9, page 2", base + "soa/", {"area": 9, "page": 2}),
        ("gap dashboard", base + "soa/gap/", {}),
        ("evidence list, first page", base + "evidence/", {}),
        ("evidence list, risks only, page 40", base + "evidence/", {"type": "isms.risk", "page": 40}),
    ]
    load_at_start = os.getloadavg()
    results = [(name, time_page(client, url, params, args.repeats)) for name, url, params in pages]
    load_at_end = os.getloadavg()

    out = sys.stdout
    out.write(f"## ISMS pages with {args.risks:,} risks, 93 controls and {args.evidence:,} evidence files\n\n")
    out.write(f"Filled in {fill_seconds:.0f} s. {args.repeats} timed requests per page after warm-up; "
              f"load average {load_at_start[0]:.2f} at the start, {load_at_end[0]:.2f} at the end.\n\n")
    out.write("| page | median ms | p95 ms | SQL statements |\n| --- | ---: | ---: | ---: |\n")
    for name, result in results:
        out.write(f"| {name} | {result['median_ms']:.1f} | {result['p95_ms']:.1f} | {result['queries']} |\n")


def main(argv: list[str] | None = None) -> None:
    run_in_fresh_database(DEFAULT_URL, run, parse_arguments(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    main()
