"""Evidence waits in quarantine until clamd has scanned it; malware stays there for good.

ClamAV's daemon cannot run here without its signature database, which only
comes from the internet, so a small server speaking clamd's INSTREAM protocol
stands in for it and reports the EICAR test string as malware, as clamd does.
"""

import socket
import struct
import threading

import pytest

from civac.audit.models import AuditEvent
from civac.clamd import ScannerUnavailable, scan
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import EvidenceFile
from isms.services.evidence import evidence_upload
from isms.services.evidence.scanning import scan_pending_evidence
from tests.builders_policies import upload, make_policy
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _read_exactly(connection, size: int) -> bytes:
    data = b""
    while len(data) < size:
        received = connection.recv(size - len(data))
        if not received:
            raise ConnectionError("client closed the stream early")
        data += received
    return data


def _serve_one(connection):
    with connection:
        command = b""
        while not command.endswith(b"\0"):
            command += connection.recv(1)
        assert command == b"zINSTREAM\0"
        content = b""
        while length := struct.unpack("!L", _read_exactly(connection, 4))[0]:
            content += _read_exactly(connection, length)
        verdict = b"stream: Win.Test.EICAR_HDB-1 FOUND\0" if EICAR in content else b"stream: OK\0"
        connection.sendall(verdict)


@pytest.fixture
def clamd(settings):
    """A local server speaking clamd's INSTREAM protocol; yields its tcp:// address."""
    server = socket.create_server(("127.0.0.1", 0))
    stopping = threading.Event()

    def accept_loop():
        while not stopping.is_set():
            try:
                connection, _address = server.accept()
            except OSError:
                return
            _serve_one(connection)

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    settings.CLAMD_ADDRESS = address
    yield address
    stopping.set()
    server.close()


def _upload(workspace, actor, name, content):
    with workspace_context(workspace):
        policy = make_policy(workspace, actor=actor)
        return evidence_upload(actor=actor, workspace=workspace, subject=policy, upload=upload(name, content))


def _download(user, workspace, evidence):
    return client_for(user).get(f"/w/{workspace.slug}/isms/evidence/{evidence.pk}/download/")


def test_clean_file_is_quarantined_until_scanned(clamd, personas, workspace):
    officer = personas[Role.OFFICER]
    evidence = _upload(workspace, officer, "restore.txt", b"Restore test passed.\n")
    assert evidence.scan_status == "pending"
    assert _download(officer, workspace, evidence).status_code == 409

    assert scan_pending_evidence() == 1
    assert EvidenceFile.all_workspaces.get(pk=evidence.pk).scan_status == "clean"
    assert _download(officer, workspace, evidence).status_code == 200
    assert AuditEvent.objects.filter(action="scan", object_id=str(evidence.pk)).exists()


def test_malware_stays_in_quarantine(clamd, personas, workspace):
    officer = personas[Role.OFFICER]
    evidence = _upload(workspace, officer, "notes.txt", EICAR + b"\n")
    scan_pending_evidence()
    stored = EvidenceFile.all_workspaces.get(pk=evidence.pk)
    assert stored.scan_status == "infected"
    assert stored.scan_signature == "Win.Test.EICAR_HDB-1"
    response = _download(officer, workspace, evidence)
    assert response.status_code == 409
    assert b"Win.Test.EICAR_HDB-1" in response.content
    assert AuditEvent.objects.filter(action="quarantine", object_id=str(evidence.pk)).exists()


def test_unreachable_scanner_leaves_files_pending(settings, personas, workspace):
    unused = socket.create_server(("127.0.0.1", 0))
    port = unused.getsockname()[1]
    unused.close()
    settings.CLAMD_ADDRESS = f"tcp://127.0.0.1:{port}"
    evidence = _upload(workspace, personas[Role.OFFICER], "restore.txt", b"Restore test passed.\n")
    assert scan_pending_evidence() == 0
    assert EvidenceFile.all_workspaces.get(pk=evidence.pk).scan_status == "pending"


def test_without_scanner_files_are_served_at_once(settings, personas, workspace):
    settings.CLAMD_ADDRESS = None
    evidence = _upload(workspace, personas[Role.OFFICER], "restore.txt", b"Restore test passed.\n")
    assert evidence.scan_status == "not_scanned"
    assert _download(personas[Role.OFFICER], workspace, evidence).status_code == 200


def test_invalid_address_is_reported():
    with pytest.raises(ValueError, match="tcp://host:port"):
        scan("http://127.0.0.1:3310", None)


def test_answer_without_verdict_is_an_error(settings):
    server = socket.create_server(("127.0.0.1", 0))

    def answer_nonsense():
        connection, _address = server.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"UNKNOWN COMMAND\0")

    threading.Thread(target=answer_nonsense, daemon=True).start()
    with open(__file__, "rb") as stream, pytest.raises(ScannerUnavailable):
        scan(f"tcp://127.0.0.1:{server.getsockname()[1]}", stream)
    server.close()
