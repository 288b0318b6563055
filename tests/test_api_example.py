"""The example script reports an incident against a live server using nothing but the API and a token."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from civac.api.models import ApiToken
from civac.audit.models import AuditEvent
from civac.tenancy.roles import Role
from incidents.models import Incident, ReportingObligation
from tests import factories
from tests.builders_api import make_token

SCRIPT = Path(__file__).resolve().parent.parent / "examples" / "api_incident.py"

# A live server and a second process share the database, which needs PostgreSQL.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_example_script_reports_incident(live_server):
    workspace = factories.make_workspace("acme")
    officer = factories.make_user("officer@acme.example")
    factories.add_member(workspace, officer, Role.OFFICER)
    _token, secret = make_token(officer, scope="write", workspace=workspace)

    result = subprocess.run([sys.executable, str(SCRIPT), live_server.url, workspace.slug],
                            env={**os.environ, "CIVAC_TOKEN": secret}, capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr
    incident = Incident.all_workspaces.get(workspace=workspace)
    submitted = ReportingObligation.all_workspaces.get(incident=incident, status="submitted")
    assert incident.reporter_id == officer.pk
    assert f"incident {incident.pk} registered" in result.stdout
    assert submitted.reference_number == "BSI-2026-0001"
    submit_event = AuditEvent.objects.get(object_id=str(submitted.pk), action="submit")
    assert submit_event.actor_id == officer.pk
    assert f"audit #{submit_event.sequence} submit by officer@acme.example" in result.stdout
    assert ApiToken.objects.get().last_used_at is not None


def test_example_script_reports_api_errors(live_server):
    workspace = factories.make_workspace("acme")
    auditor = factories.make_user("auditor@acme.example")
    factories.add_member(workspace, auditor, Role.AUDITOR)
    _token, secret = make_token(auditor, scope="read", workspace=workspace)

    result = subprocess.run([sys.executable, str(SCRIPT), live_server.url, workspace.slug],
                            env={**os.environ, "CIVAC_TOKEN": secret}, capture_output=True, text=True, timeout=120)

    assert result.returncode == 1
    assert "failed with 403" in result.stderr
    assert "token_read_only" in result.stderr
