"""The example receiver accepts a real signed call from the outbox and refuses a forged one."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents import outbox
from incidents.models import AlertDelivery
from incidents.services.webhooks import webhook_create, webhook_ping

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "webhook_receiver.py"

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def example(settings):
    settings.WEBHOOK_ALLOW_LOCAL_TARGETS = True
    port = _free_port()
    secret = "s" * 64
    process = subprocess.Popen([sys.executable, str(SCRIPT), str(port)], env={**os.environ,
                               "CIVAC_WEBHOOK_SECRET": secret}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    assert "listening" in process.stderr.readline()
    yield f"http://127.0.0.1:{port}/", secret, process
    process.terminate()
    process.wait(timeout=10)


def test_example_receiver_prints_a_signed_call_once(personas, workspace, example):
    url, secret, process = example
    admin = personas[Role.WORKSPACE_ADMIN]
    with workspace_context(workspace):
        endpoint = webhook_create(actor=admin, workspace=workspace, url=url)
        endpoint.secret = secret
        endpoint.save()
        event = webhook_ping(actor=admin, endpoint=endpoint)
    outbox.run_tick()
    line = json.loads(process.stdout.readline())
    assert (line["event"], line["id"]) == ("ping", str(event.pk))
    assert AlertDelivery.all_workspaces.get(event=event).status == AlertDelivery.Status.SENT


def test_example_receiver_refuses_a_forged_signature(example):
    url, _secret, _process = example
    request = urllib.request.Request(url, data=b'{"id": "x", "event": "ping", "data": {}}', method="POST", headers={
        "X-Civac-Timestamp": str(int(time.time())), "X-Civac-Signature": "sha256=" + "0" * 64})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401
