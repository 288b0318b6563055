#!/usr/bin/env python3
"""Verify the hash chain of an audit log exported by civac, with nothing but the Python standard library.

Usage: python3 verify_audit_log.py audit_log.jsonl

Each line is one event. The script recomputes every event's SHA-256 over the
canonical JSON document (sorted keys, no spaces, UTC time with microseconds)
and checks that each event names its predecessor's hash and that sequence
numbers have no gap. It prints the first broken link and exits with status 1,
or prints the number of events and the last hash and exits with 0. Compare the
last hash with the one printed in the handover protocol: a cut-off tail
shows as a different last hash.
"""

import hashlib
import json
import sys
from datetime import datetime, timezone

GENESIS_HASH = "0" * 64


def canonical_time(text: str) -> str:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(event: dict) -> str:
    document = {key: event[key] for key in ("chain", "seq", "prev", "workspace", "actor_id", "actor", "action",
                                            "type", "id", "repr", "changes")}
    document["at"] = canonical_time(event["at"])
    payload = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def verify(lines) -> tuple[bool, str]:
    previous, expected_sequence, count = GENESIS_HASH, 1, 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        event = json.loads(line)
        count += 1
        if event["seq"] != expected_sequence:
            return False, f"line {number}: event {expected_sequence} is missing; found event {event['seq']}"
        if event["prev"] != previous:
            return False, f"line {number}: event {event['seq']} does not link to the previous event's hash"
        if event_hash(event) != event["hash"]:
            return False, f"line {number}: event {event['seq']} was changed; its hash does not match its content"
        previous, expected_sequence = event["hash"], expected_sequence + 1
    return True, f"{count} events intact; last hash {previous}"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: verify_audit_log.py audit_log.jsonl", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        intact, message = verify(handle)
    print(("OK: " if intact else "BROKEN: ") + message)
    return 0 if intact else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
