"""Load runs over loopback against gunicorn on PostgreSQL and Redis, each page as a ratio to the floor.

Run from the repository root (PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379, wrk installed):

    python -m bench.load --profile small        # under a minute or two
    python -m bench.load --profile large        # 200 clients, 5,000 risks, 1,000,000 pending steps

The script drops and recreates the database ``civac_bench_load`` (``DATABASE_URL``
overrides it, its name must contain "bench"), fills it with bulk inserts, starts
gunicorn in production mode (2 workers, 4 threads, as ``scripts/run``) and a
Celery worker, and runs ``wrk`` at the given concurrency against each page with
the session cookie of a signed-in user. The floor is ``/_floor``: the same
server and middleware answering with one indexed query. Each page is reported
as requests per second, median and 95th percentile latency, and its median as a
multiple of the floor's, so results compare across machines. At the end it
reports the resident memory of each gunicorn worker and of the Celery worker.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.database import UnsafeDatabase, benchmark_url, drop_database, recreate_database

logger = logging.getLogger("bench.load")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/civac_bench_load"
PROFILES = {
    # clients under the partner, risks and evidence of the big workspace, pending escalation steps overall
    "small": {"clients": 20, "risks": 500, "incidents": 200, "evidence": 2_000, "tasks": 2_000,
              "audit_events": 20_000, "pending_steps": 20_000},
    "large": {"clients": 200, "risks": 5_000, "incidents": 2_000, "evidence": 50_000, "tasks": 20_000,
              "audit_events": 500_000, "pending_steps": 1_000_000},
}


@dataclass
class PageResult:
    name: str
    path: str
    requests_per_second: float
    median_ms: float
    p95_ms: float
    errors: int


def parse_arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="small")
    parser.add_argument("--concurrency", type=int, default=8, help="open connections (default 8)")
    parser.add_argument("--seconds", type=int, default=None,
                        help="duration of each page's run (default 3 for small, 10 for large)")
    parser.add_argument("--port", type=int, default=8765, help="gunicorn port on 127.0.0.1 (default 8765)")
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed; install the Debian package wrk")
    if args.seconds is None:
        # The small profile is for trying the harness: it finishes in about a minute.
        args.seconds = 3 if args.profile == "small" else 10
    return args


def _environment(database_url: str, var_dir: str, port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civac.settings",
        "CIVAC_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
        "EMAIL_URL": "smtp://127.0.0.1:1025",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "CIVAC_VAR_DIR": var_dir,
        "CIVAC_BENCH_FLOOR": "true",
        "LOG_LEVEL": "WARNING",
        # A wrk run keeps one session busy for minutes; the idle limit must not end it.
        "CIVAC_SESSION_IDLE_MINUTES": "600",
        # The API's rate limit would reject most of wrk's requests with status 429.
        "CIVAC_API_RATE_LIMIT_PER_MINUTE": "100000",
    }


def fill(profile: dict, seed: int) -> dict:
    """Create the data set and return the slugs, ids and session keys the pages need."""
    from bench.isms_workspace import fill_controls_and_evidence
    from bench.load_fill import (
        add_audit_events,
        add_incidents,
        add_partner_portfolio,
        add_pending_steps,
        add_tasks,
        session_for,
    )
    from bench.risk_pages import fill as fill_risks

    started = time.perf_counter()
    workspace, auditor, officer, _asset = fill_risks(risk_count=profile["risks"], seed=seed)
    fill_controls_and_evidence(workspace, officer, evidence_count=profile["evidence"], seed=seed)
    add_tasks(workspace, officer, count=profile["tasks"], seed=seed)
    incident_id = add_pending_steps(profile["pending_steps"], seed=seed, big_workspace=workspace)
    add_incidents(workspace, count=profile["incidents"], seed=seed)
    add_audit_events(workspace, officer, count=profile["audit_events"])
    partner_slug, staff = add_partner_portfolio(profile["clients"], big_workspace=workspace)
    logger.info("filled %s in %.0f s", profile, time.perf_counter() - started)
    return {"workspace": workspace.slug, "incident": str(incident_id), "partner": partner_slug,
            "auditor_session": session_for(auditor), "staff_session": session_for(staff)}


def pages(data: dict) -> list[tuple[str, str, str]]:
    """(name, path, which session) for every page of the run; the floor comes first."""
    ws = f"/w/{data['workspace']}"
    return [
        ("floor: middleware and one indexed query", f"/_floor?slug={data['workspace']}", "auditor_session"),
        ("workspace dashboard", f"{ws}/", "auditor_session"),
        ("partner portfolio", f"/partner/{data['partner']}/", "staff_session"),
        ("risk list", f"{ws}/isms/risks/", "auditor_session"),
        ("risk list, filtered", f"{ws}/isms/risks/?band=high&status=planned", "auditor_session"),
        ("SoA list", f"{ws}/isms/soa/", "auditor_session"),
        ("incident detail", f"{ws}/incidents/{data['incident']}/", "auditor_session"),
        ("audit log", f"{ws}/audit/", "auditor_session"),
        ("task list", f"{ws}/tasks/", "auditor_session"),
        ("evidence list", f"{ws}/isms/evidence/", "auditor_session"),
        ("API: risk list", f"/api/v1{ws}/risks/", "auditor_session"),
        ("API: incident list", f"/api/v1{ws}/incidents/", "auditor_session"),
    ]


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # Production mode redirects plain http to https unless the proxy header says https was used.
        request = urllib.request.Request(f"http://127.0.0.1:{port}/_floor", headers={"X-Forwarded-Proto": "https"})
        try:
            urllib.request.urlopen(request, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not respond on port {port} within 60 s; see its log")


def _wrk(url: str, cookie: str, args) -> dict:
    command = ["wrk", "-t2", f"-c{args.concurrency}", f"-d{args.seconds}s", "-s", str(ROOT / "bench" / "p95.lua"),
               "-H", f"Cookie: sessionid={cookie}", "-H", "X-Forwarded-Proto: https", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"CIVAC median_ms=([\d.]+) p95_ms=([\d.]+) requests=(\d+) errors=(\d+) seconds=([\d.]+)",
                      output)
    if match is None:
        raise SystemExit(f"wrk printed no summary for {url}:\n{output}")
    median, p95, requests, errors, seconds = match.groups()
    return {"median_ms": float(median), "p95_ms": float(p95), "rps": int(requests) / float(seconds),
            "errors": int(errors)}


def _check_page(url: str, cookie: str) -> None:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status != 200 or response.url != url:
            raise SystemExit(f"{url} returned {response.status} at {response.url}; expected 200 without a redirect")


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def run(args) -> None:
    profile = PROFILES[args.profile]
    database_url = benchmark_url()
    var_dir = tempfile.mkdtemp(prefix="civac-bench-load-")
    env = _environment(database_url, var_dir, args.port)
    recreate_database(database_url)
    processes = []
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                       check=True)
        from bench.alert_tick import configure_django

        # The sessions made for wrk are signed with SECRET_KEY, so the fill uses the server's key.
        os.environ["SECRET_KEY"] = env["SECRET_KEY"]
        configure_django(database_url, var_dir)
        data = fill(profile, seed=20261204)
        from django.db import connections

        connections.close_all()
        log_dir = Path(var_dir)
        web = _start([sys.executable, "-m", "gunicorn", "civac.wsgi", "--bind", f"127.0.0.1:{args.port}",
                      "--workers", "2", "--threads", "4"], env, log_dir / "gunicorn.log")
        worker = _start([sys.executable, "-m", "celery", "-A", "civac", "worker", "--loglevel", "WARNING",
                         "--concurrency", "1"], env, log_dir / "worker.log")
        processes = [web, worker]
        _wait_until_up(args.port)
        results = []
        load_at_start = os.getloadavg()[0]
        for name, path, session in pages(data):
            url = f"http://127.0.0.1:{args.port}{path}"
            _check_page(url, data[session])
            measured = _wrk(url, data[session], args)
            results.append(PageResult(name, path, measured["rps"], measured["median_ms"], measured["p95_ms"],
                                      measured["errors"]))
        load_at_end = os.getloadavg()[0]
        memory = {f"gunicorn worker {index + 1}": _rss_kib(pid) for index, pid in enumerate(_children(web.pid))}
        memory["celery worker (main process)"] = _rss_kib(worker.pid)
        _report(results, memory, args, profile, load_at_start, load_at_end)
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not args.keep_database:
            drop_database(database_url)
            shutil.rmtree(var_dir, ignore_errors=True)
        else:
            logger.info("kept the database and the logs in %s", var_dir)


def _report(results, memory, args, profile, load_at_start, load_at_end) -> None:
    from bench.report import machine_description

    floor = results[0]
    out = sys.stdout
    out.write(f"## Load run, {args.profile} profile\n\n`python -m bench.load --profile {args.profile} "
              f"--concurrency {args.concurrency} --seconds {args.seconds}`\n\n")
    out.write("Data: " + ", ".join(f"{key.replace('_', ' ')} {value:,}" for key, value in profile.items()) + ". ")
    out.write(f"{args.concurrency} connections, {args.seconds} s per page; load average {load_at_start:.2f} "
              f"at the start, {load_at_end:.2f} at the end.\n\n")
    out.write("| page | requests/s | median ms | p95 ms | median / floor | errors |\n"
              "| --- | ---: | ---: | ---: | ---: | ---: |\n")
    for result in results:
        out.write(f"| {result.name} | {result.requests_per_second:.0f} | {result.median_ms:.1f} | "
                  f"{result.p95_ms:.1f} | {result.median_ms / floor.median_ms:.1f} | {result.errors} |\n")
    out.write("\nResident memory after the run: " + ", ".join(
        f"{name} {kib / 1024:.0f} MiB" for name, kib in memory.items()) + ".\n\n")
    out.write("\n".join(f"- {key}: {value}" for key, value in machine_description().items()) + "\n")


def main(argv=None) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    try:
        run(args)
    except UnsafeDatabase as error:
        raise SystemExit(str(error)) from None


if __name__ == "__main__":
    main()
