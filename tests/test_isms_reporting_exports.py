"""Exports for auditors and the management review."""

import csv
import re
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from reporting.models import ManagementReview
from reporting.services.reviews import review_approve, review_create, review_digest
from tests.builders_risks import make_risk
from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PAYLOADS = ["=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.fixture
def payload_risks(workspace, personas):
    for payload in PAYLOADS:
        make_risk(workspace, actor=personas[Role.OFFICER], title=payload, inherent=(2, 2))


def test_risk_csv_neutralises_formulas(workspace, personas, payload_risks):
    response = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/reports/exports/risks.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    titles = sorted(row[0] for row in rows[1:])
    assert titles == sorted("'" + payload for payload in PAYLOADS)


def test_risk_xlsx_neutralises_formulas(workspace, personas, payload_risks):
    response = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/reports/exports/risks.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert sorted(cell.value for cell in cells) == sorted("'" + payload for payload in PAYLOADS)
    assert {cell.data_type for cell in cells} == {"s"}


@pytest.mark.parametrize("kind", ["soa", "risks", "treatment-plan", "incidents", "officers", "audit-log"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "pdf"])
def test_every_export_downloads(workspace, personas, kind, file_format):
    client = client_for(personas[Role.AUDITOR])
    page = client.get(f"/w/{workspace.slug}/reports/exports/").content.decode()
    links = re.findall(r'href="([^"]+)">' + file_format.upper() + "<", page)
    url = next(link for link in links if kind in link.replace("_", "-"))
    assert client.get(url).status_code == 200


def test_export_audited_with_hash(workspace, personas):
    client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/reports/exports/incidents.csv")
    event = AuditEvent.objects.get(workspace_id=workspace.pk, action="export")
    assert len(event.changes["sha256"]) == 64


def _review(workspace, officer):
    with workspace_context(workspace):
        return review_create(actor=officer, workspace=workspace, values={
            "title": "Management review 2026", "held_on": date(2026, 3, 20), "participants": "CEO, CISO",
            "outputs": "Extend backup tests to the plant.", "decisions": "Budget for a second backup site."})


def test_review_inputs_compiled(workspace, personas):
    make_risk(workspace, actor=personas[Role.OFFICER], inherent=(4, 4))
    review = _review(workspace, personas[Role.OFFICER])
    assert review.inputs["f_risks"]["total"] == 1
    assert review.inputs["d_performance"]["incidents"]["total"] == 0


def test_review_approval_needs_password(workspace, personas):
    review = _review(workspace, personas[Role.OFFICER])
    with workspace_context(workspace), pytest.raises(Exception) as error:
        review_approve(actor=personas[Role.MANAGEMENT], review=review, confirmed_sha256=review_digest(review),
                       password="wrong", otp_code="")
    assert "password" in error.value.error_dict


def test_review_approval_renders_pdf(workspace, personas):
    review = _review(workspace, personas[Role.OFFICER])
    with workspace_context(workspace):
        approved = review_approve(actor=personas[Role.MANAGEMENT], review=review,
                                  confirmed_sha256=review_digest(review), password=PASSWORD)
    assert approved.status == ManagementReview.Status.APPROVED
    event = AuditEvent.objects.get(workspace_id=workspace.pk, action="approve")
    assert event.changes["sha256"] == approved.sha256
