#!/usr/bin/env python3
"""Report an incident through the civac REST API with a personal access token.

Creates a significant incident, reads the reporting obligations it opened,
records the submission of the first one and reads back the audit events of
that obligation. Uses only the Python standard library.

    CIVAC_TOKEN=civac_... python examples/api_incident.py https://civac.example.com acme

The token needs write scope for the workspace (create it under Account → API tokens).
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone


class ApiError(RuntimeError):
    pass


def call(base: str, token: str, method: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        base.rstrip("/") + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/json",
                 "Content-Type": "application/json", "Accept-Language": "en"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        errors = json.load(error).get("errors", [])
        details = "; ".join(f"{e.get('field') or '-'}: {e['message']} ({e['code']})" for e in errors)
        raise ApiError(f"{method} {path} failed with {error.code}: {details}") from None


def report_incident(base: str, slug: str, token: str) -> dict:
    """Run the four steps and return what each produced."""
    workspace = f"/api/v1/w/{slug}"
    now = datetime.now(timezone.utc)

    incident = call(base, token, "POST", f"{workspace}/incidents/", {
        "title": "Ransomware on the file server",
        "aware_at": (now - timedelta(hours=2)).isoformat(),
        "significant": True,
        "severity": "high",
    })
    print(f"incident {incident['id']} registered")

    obligations = call(base, token, "GET", f"{workspace}/obligations/?incident={incident['id']}")["results"]
    for obligation in obligations:
        print(f"  owes {obligation['kind']} due {obligation['due_at']}")
    if not obligations:
        raise ApiError("the incident opened no reporting obligation")

    first = obligations[0]
    submitted = call(base, token, "POST", f"{workspace}/obligations/{first['id']}/submission/", {
        "submitted_at": now.isoformat(), "reference_number": "BSI-2026-0001",
    })
    print(f"{submitted['kind']} submitted at {submitted['submitted_at']}")

    events = call(base, token, "GET", f"{workspace}/audit-events/?object_id={first['id']}")["results"]
    for event in events:
        print(f"  audit #{event['sequence']} {event['action']} by {event['actor_label']}")
    return {"incident": incident, "obligations": obligations, "submitted": submitted, "events": events}


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not os.environ.get("CIVAC_TOKEN"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        report_incident(argv[1], argv[2], os.environ["CIVAC_TOKEN"])
    except ApiError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
