"""Measure rendering and sealing appointment certificates: median and 95th percentile per certificate.

Run from the repository root:

    python -m bench.certificates            # 100 certificates
    python -m bench.certificates --count 20

Each certificate is rendered twice, as issued and as signed, and the signed copy
is sealed with PAdES, which is the work one signature costs. The objects are
built in memory, so the script needs no database; the signing key is a
development pair generated in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date


def _setup(var_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civac.settings")
    os.environ["CIVAC_VAR_DIR"] = var_dir
    import django

    django.setup()


def _certificate():
    import yaml
    from django.utils import timezone

    from civac.accounts.models import User
    from civac.tenancy.models import Workspace
    from officers.catalogue import CATALOGUE_FILE
    from officers.models import Appointment, AppointmentCertificate, Officer, RoleCatalogueEntry

    role_data = next(role for role in yaml.safe_load(CATALOGUE_FILE.read_text())["roles"] if role["key"] == "isb_ciso")
    role = RoleCatalogueEntry(key="isb_ciso", version="bench", name_de=role_data["name_de"],
                              name_en=role_data["name_en"], legal_basis=role_data["legal_basis"])
    workspace = Workspace(slug="bench", legal_name="Müller Präzisionstechnik GmbH", street="Industriestraße 12",
                          postal_code="70565", city="Stuttgart")
    officer = Officer(workspace=workspace, first_name="Anna", last_name="Schneider", email="anna@example.com",
                      employer_name="SecureOps Beratung GmbH")
    deputy = Officer(workspace=workspace, first_name="Jonas", last_name="Weber", email="jonas@example.com")
    appointment = Appointment(workspace=workspace, role=role, officer=officer, deputy=deputy,
                              starts_on=date(2026, 12, 1), scope="Gesamtes Unternehmen", reporting_line="Geschäftsführung")
    signer = User(email="management@example.com", first_name="Klaus", last_name="Müller")
    return AppointmentCertificate(workspace=workspace, appointment=appointment, language="de", signed_by=signer,
                                  signed_at=timezone.now())


def measure(count: int) -> dict:
    from civac.documents import render_pdf
    from officers.services.certificates import _document_context, seal

    certificate = _certificate()
    timings = []
    for _ in range(count + 1):  # the first run warms fonts and templates and is not counted
        started = time.perf_counter()
        render_pdf("officers/certificate.html", _document_context(certificate, signed=False), language="de")
        signed = render_pdf("officers/certificate.html", _document_context(certificate, signed=True), language="de")
        seal(signed, signer=certificate.signed_by, workspace=certificate.workspace)
        timings.append(time.perf_counter() - started)
    timings = timings[1:]
    ordered = sorted(timings)
    return {"count": count, "median_s": statistics.median(timings),
            "p95_s": ordered[max(0, round(0.95 * len(ordered)) - 1)], "max_s": ordered[-1]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.certificates", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100, help="certificates to render and seal (default 100)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    with tempfile.TemporaryDirectory(prefix="civac-bench-") as var_dir:
        _setup(var_dir)
        result = measure(args.count)
    print(f"| certificates | median per certificate | 95th percentile | slowest |\n| ---: | ---: | ---: | ---: |\n"
          f"| {result['count']} | {result['median_s'] * 1000:.0f} ms | {result['p95_s'] * 1000:.0f} ms "
          f"| {result['max_s'] * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
