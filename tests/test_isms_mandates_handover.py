"""Handover archive: contents, verifier, sealed protocol, mandate end and rejection of a second request."""

import io
import json
import subprocess
import sys
import zipfile

import pytest
from django.core.exceptions import ValidationError

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.signing import validate_pdf
from civac.tenancy.context import workspace_context
from mandates.models import Mandate
from mandates.services import mandate_handover
from tests import builders, factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _handed_over(workspace, tmp_path):
    builders.signed_ciso_appointment(workspace, officer_name=("=cmd", "Weber"))
    partner = factories.make_partner()
    staff = factories.make_user("staff@partner.example")
    factories.add_partner_staff(partner, staff)
    mandate = factories.grant_mandate(partner, workspace)
    with workspace_context(workspace), acting_as(staff):
        mandate_handover(actor=staff, mandate=mandate)
    mandate = Mandate.all_workspaces.get(pk=mandate.pk)
    return mandate, staff, zipfile.ZipFile(io.BytesIO(mandate.handover_archive.read()))


def test_archive_contents_and_verifier(workspace, tmp_path):
    mandate, _staff, archive = _handed_over(workspace, tmp_path)
    names = set(archive.namelist())
    assert {"registers/officers_officer.csv", "registers/officers_officer.xlsx", "audit/audit_log.jsonl",
            "audit/verify_audit_log.py", "handover_protocol.pdf", "manifest.json"} <= names
    assert any(name.startswith("pdf/certificates/") for name in names)
    assert "'=cmd" in archive.read("registers/officers_officer.csv").decode("utf-8-sig")

    archive.extractall(tmp_path)
    result = subprocess.run([sys.executable, str(tmp_path / "audit/verify_audit_log.py"),
                             str(tmp_path / "audit/audit_log.jsonl")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("OK:")
    assert validate_pdf(archive.read("handover_protocol.pdf")).intact


def test_verifier_detects_tampering(workspace, tmp_path):
    _mandate, _staff, archive = _handed_over(workspace, tmp_path)
    archive.extractall(tmp_path)
    log = tmp_path / "audit/audit_log.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    event = json.loads(lines[1])
    event["repr"] = "changed"
    lines[1] = json.dumps(event)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(tmp_path / "audit/verify_audit_log.py"), str(log)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "event 2 was changed" in result.stdout


def test_mandate_ends_and_access_is_revoked(workspace, tmp_path):
    mandate, staff, _archive = _handed_over(workspace, tmp_path)
    assert mandate.status == Mandate.Status.ENDED
    assert mandate.handed_over_at is not None
    assert AuditEvent.objects.filter(object_id=str(mandate.pk), action="export",
                                     changes__sha256=mandate.handover_sha256).exists()
    assert client_for(staff).get(f"/w/{workspace.slug}/").status_code == 404


def test_second_handover_is_rejected(workspace, tmp_path):
    mandate, staff, _archive = _handed_over(workspace, tmp_path)
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        mandate_handover(actor=staff, mandate=mandate)
    assert set(error.value.error_dict) == {"mandate"}
    assert AuditEvent.objects.filter(object_id=str(mandate.pk), action="export").count() == 1


def test_json_fields_export_as_json_text(workspace, tmp_path):
    reporter = factories.make_user("reporter@acme.example")
    builders.significant_incident(workspace, reporter=reporter, title="Ransomware")
    _mandate, _staff, archive = _handed_over(workspace, tmp_path)
    obligations_csv = archive.read("registers/incidents_reportingobligation.csv").decode("utf-8-sig")
    assert ",{}," in obligations_csv  # the empty report content as JSON text
    assert "registers/incidents_reportingobligation.xlsx" in archive.namelist()
