#!/usr/bin/env python3
"""Receive civac webhook calls: check the signature and the age, drop repeated events, print each event.

Uses only the Python standard library. Run it behind an HTTPS reverse proxy
(civac calls public https addresses only) and enter that address as the webhook URL.
To try it on the civac machine itself, start civac with
CIVAC_WEBHOOK_ALLOW_LOCAL_TARGETS=true and enter http://127.0.0.1:8080/.

    CIVAC_WEBHOOK_SECRET=<signing secret> python examples/webhook_receiver.py 8080

Each accepted event is printed as one line of JSON. A call whose signature does
not match gets 401, one older than five minutes 400; an event id seen before
gets 200 without being printed again (civac resends a call when it cannot tell
whether the first one arrived).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

MAX_AGE_SECONDS = 300


def signature_valid(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(signature, f"sha256={expected}")


def fresh(timestamp: str, now: float) -> bool:
    return timestamp.isdigit() and abs(now - int(timestamp)) <= MAX_AGE_SECONDS


class WebhookHandler(BaseHTTPRequestHandler):
    secret = ""
    seen: set[str] = set()  # keep these in a database in a real receiver

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        timestamp = self.headers.get("X-Civac-Timestamp", "")
        if not signature_valid(self.secret, timestamp, body, self.headers.get("X-Civac-Signature", "")):
            print("rejected a call: signature invalid; check CIVAC_WEBHOOK_SECRET", file=sys.stderr, flush=True)
            return self.answer(401)
        if not fresh(timestamp, time.time()):
            print(f"rejected a call: timestamp {timestamp!r} older than {MAX_AGE_SECONDS} s", file=sys.stderr,
                  flush=True)
            return self.answer(400)
        event = json.loads(body)
        if event["id"] not in self.seen:
            self.seen.add(event["id"])
            print(json.dumps({"event": event["event"], "id": event["id"], "data": event["data"]}), flush=True)
        return self.answer(200)

    def answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    WebhookHandler.secret = os.environ["CIVAC_WEBHOOK_SECRET"]
    server = HTTPServer(("127.0.0.1", port), WebhookHandler)
    print(f"listening on 127.0.0.1:{port}", file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
