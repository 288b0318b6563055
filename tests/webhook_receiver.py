"""A webhook receiver on 127.0.0.1 for tests: records each call and checks its signature like a real receiver."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """A local HTTP server that returns 204 to every POST and records (headers, payload, signature_valid) in ``calls``."""

    def __init__(self):
        self.secret = ""
        self.calls: list[tuple[dict, dict, bool]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = dict(self.headers)
                receiver.record(headers, body)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def record(self, headers: dict, body: bytes) -> None:
        expected = hmac.new(self.secret.encode(), headers.get("X-Civac-Timestamp", "").encode() + b"." + body,
                            hashlib.sha256).hexdigest()
        valid = hmac.compare_digest(headers.get("X-Civac-Signature", ""), f"sha256={expected}")
        with self.lock:
            self.calls.append((headers, json.loads(body), valid))

    def payloads(self) -> list[dict]:
        with self.lock:
            return [payload for _headers, payload, _valid in self.calls]

    def events_per_id(self) -> Counter:
        return Counter(payload["id"] for payload in self.payloads())

    def invalid_signatures(self) -> list[dict]:
        with self.lock:
            return [payload for _headers, payload, valid in self.calls if not valid]
