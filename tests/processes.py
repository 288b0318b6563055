"""Real collaborators for integration tests: an SMTP server, a Celery worker and beat."""

from __future__ import annotations

import asyncio
import email
import email.header
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


class _Collector:
    # A message counts as received once its DATA is complete, before the reply
    # goes out. So a client that dies while the reply is delayed or held has
    # delivered the message without learning that it did.
    MAX_HOLD_SECONDS = 15.0  # below EMAIL_TIMEOUT (20 s in civac/mailconfig.py), so the client waits it out

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.received_at: list[datetime] = []
        self.in_flight: list[email.message.Message] = []
        self.reply_delay = 0.0
        self.hold = threading.Event()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(message)
            self.received_at.append(datetime.now(UTC))
            self.in_flight.append(message)
        try:
            if self.reply_delay:
                await asyncio.sleep(self.reply_delay)
            held_until = time.monotonic() + self.MAX_HOLD_SECONDS
            while self.hold.is_set() and time.monotonic() < held_until:
                await asyncio.sleep(0.02)
        finally:
            with self.lock:
                self.in_flight.remove(message)
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

    @property
    def arrivals(self) -> list[tuple[datetime, email.message.Message]]:
        """Every message with the UTC time its DATA was complete, in order of arrival."""
        with self.collector.lock:
            return list(zip(self.collector.received_at, self.collector.messages, strict=True))

    @property
    def in_flight(self) -> list:
        """Messages received in full whose ``250`` reply has not been sent yet."""
        with self.collector.lock:
            return list(self.collector.in_flight)

    def delay_replies(self, seconds: float) -> None:
        """Wait ``seconds`` before each ``250`` reply, so that sending is slow."""
        self.collector.reply_delay = seconds

    def hold_replies(self) -> None:
        """Keep the ``250`` reply of every message until ``release_replies`` (at most 15 s)."""
        self.collector.hold.set()

    def release_replies(self) -> None:
        self.collector.hold.clear()

    def wait_for(self, predicate, *, timeout: float = 60.0) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [message for message in self.messages if predicate(message)]
            if found:
                return found
            time.sleep(0.3)
        raise AssertionError(f"no matching e-mail within {timeout} s; received {len(self.messages)}")


def wait_until(predicate, *, timeout: float, interval: float = 0.25) -> bool:
    """Poll ``predicate`` until it returns true or ``timeout`` seconds pass; returns whether it did."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def process_environment(*, smtp_url: str, var_dir: Path, tick_seconds: int = 1,
                        late_after_seconds: int = 300, lease_seconds: int | None = None) -> dict:
    """Environment for a worker or beat that uses the test run's database and Redis.

    ``lease_seconds`` sets ``CIVAC_ALERT_LEASE_SECONDS`` (10 at least); None keeps the app's default.
    """
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=settings.REDIS_URL or "redis://127.0.0.1:6379/15",
        EMAIL_URL=smtp_url,
        CIVAC_VAR_DIR=str(var_dir),
        CIVAC_ALERT_TICK_SECONDS=str(tick_seconds),
        CIVAC_ALERT_LATE_AFTER_SECONDS=str(late_after_seconds),
        DJANGO_SETTINGS_MODULE="civac.settings",
    )
    if lease_seconds is not None:
        env["CIVAC_ALERT_LEASE_SECONDS"] = str(lease_seconds)
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


class Engine:
    """The worker and beat processes of one test, all ended at teardown."""

    def __init__(self, *, smtp_url: str, log_dir, tick_seconds: int, late_after_seconds: int,
                 lease_seconds: int | None = None, extra_env: dict | None = None):
        self.log_dir = log_dir
        self.env = process_environment(smtp_url=smtp_url, var_dir=log_dir, tick_seconds=tick_seconds,
                                       late_after_seconds=late_after_seconds, lease_seconds=lease_seconds)
        self.env.update(extra_env or {})
        self.processes: list[CeleryProcess] = []

    @property
    def late_after_seconds(self) -> int:
        return int(self.env["CIVAC_ALERT_LATE_AFTER_SECONDS"])

    def set_late_after_seconds(self, seconds: int) -> None:
        """Set ``CIVAC_ALERT_LATE_AFTER_SECONDS`` for the processes started from now on."""
        self.env["CIVAC_ALERT_LATE_AFTER_SECONDS"] = str(seconds)

    def start(self, kind: str, name: str) -> CeleryProcess:
        """Start ``celery worker`` or ``celery beat``; a beat keeps its schedule in a file of its own name."""
        process = CeleryProcess(kind, self.env, self.log_dir, name=name)
        self.processes.append(process)
        return process

    def stop(self, process: CeleryProcess) -> None:
        """Stop with SIGTERM, and with SIGKILL when the process has not exited after 30 s."""
        try:
            process.stop()
        except subprocess.TimeoutExpired:
            process.process.kill()
            process.process.wait(timeout=30)
            process.log.close()

    def stop_all(self) -> None:
        for process in self.processes:
            self.stop(process)

    def assert_running(self, *processes: CeleryProcess) -> None:
        for process in processes:
            code = process.process.poll()
            assert code is None, f"{process.name} exited with code {code}\n{process.output()[-3000:]}"

    def logs(self, tail: int = 3000) -> str:
        """The last ``tail`` characters of every process's log, for assertion messages."""
        return "\n".join(f"--- {process.name} ---\n{process.output()[-tail:]}" for process in self.processes)
