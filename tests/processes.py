"""Real collaborators for integration tests: an SMTP server, a Celery worker and beat."""

from __future__ import annotations

import email
import email.header
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


class _Collector:
    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted"


def decoded_subject(message) -> str:
    return str(email.header.make_header(email.header.decode_header(message.get("Subject", ""))))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """An SMTP server on a free loopback port that keeps every message it receives."""

    def __init__(self):
        self.collector = _Collector()
        self.port = _free_port()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self) -> list:
        with self.collector.lock:
            return list(self.collector.messages)

    def wait_for(self, predicate, *, timeout: float = 60.0) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [message for message in self.messages if predicate(message)]
            if found:
                return found
            time.sleep(0.3)
        raise AssertionError(f"no matching e-mail within {timeout} s; received {len(self.messages)}")


def process_environment(*, smtp_url: str, var_dir: Path, tick_seconds: int = 1) -> dict:
    """Environment for a worker or beat that uses the test run's database and Redis."""
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=settings.REDIS_URL or "redis://127.0.0.1:6379/15",
        EMAIL_URL=smtp_url,
        CIVAC_VAR_DIR=str(var_dir),
        CIVAC_ALERT_TICK_SECONDS=str(tick_seconds),
        CIVAC_ALERT_LATE_AFTER_SECONDS="300",
        DJANGO_SETTINGS_MODULE="civac.settings",
    )
    return env


class CeleryProcess:
    """``celery worker`` or ``celery beat`` as a child process with its output in a log file."""

    def __init__(self, kind: str, env: dict, log_dir: Path, name: str | None = None):
        self.kind = kind
        self.name = name or kind
        self.log_path = log_dir / f"{self.name}.log"
        args = [sys.executable, "-m", "celery", "-A", "civac", kind, "--loglevel", "INFO"]
        if kind == "worker":
            args += ["--pool", "solo", "--hostname", f"{self.name}@%h", "--without-mingle", "--without-gossip"]
        else:
            args += ["--schedule", str(log_dir / f"{self.name}-schedule")]
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def kill(self, sig=signal.SIGKILL) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        self.kill(signal.SIGTERM)
        self.log.close()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")
