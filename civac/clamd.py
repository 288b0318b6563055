"""A small client for clamd's INSTREAM command, the virus scanner daemon of ClamAV.

The protocol (documented in clamd(8)): send ``zINSTREAM\\0``, then the data in
chunks, each prefixed with its length as a 4-byte big-endian number, then a
zero-length chunk. clamd replies ``stream: OK``, ``stream: <signature> FOUND``
or an error line, terminated by a NUL byte.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass
from urllib.parse import urlsplit

CHUNK_BYTES = 64 * 1024


class ScannerUnavailable(OSError):
    """clamd could not be reached, or its response was not a verdict."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str = ""


def _connect(address: str, timeout: float) -> socket.socket:
    parts = urlsplit(address)
    if parts.scheme == "tcp" and parts.hostname and parts.port:
        return socket.create_connection((parts.hostname, parts.port), timeout=timeout)
    if parts.scheme == "unix" and parts.path:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(timeout)
        connection.connect(parts.path)
        return connection
    raise ValueError(f"clamd address {address!r} is invalid; use tcp://host:port or unix:///path/to/clamd.sock")


def scan(address: str, stream, *, timeout: float = 30.0) -> Verdict:
    """Send ``stream`` (a binary file object) to clamd at ``address`` and return its verdict."""
    try:
        with _connect(address, timeout) as connection:
            connection.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK_BYTES):
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                received = connection.recv(4096)
                if not received:
                    break
                answer += received
    except OSError as error:
        raise ScannerUnavailable(f"clamd at {address} failed: {error}") from error
    text = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith(": OK"):
        return Verdict(clean=True)
    if text.endswith(" FOUND"):
        return Verdict(clean=False, signature=text.split(": ", 1)[-1].removesuffix(" FOUND"))
    raise ScannerUnavailable(f"clamd at {address} returned {text!r} instead of a verdict; check its log")
