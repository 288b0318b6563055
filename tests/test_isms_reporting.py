"""Quarterly reports: the beat schedule, the rendered PDF, release and acknowledgement."""

import io
from datetime import date
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from civac.audit.models import AuditEvent
from civac.documents import StaticOnlyFetcher
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Task
from reporting.models import QuarterlyReport, ReportAcknowledgement
from reporting.quarters import Quarter, ended_quarters_since
from reporting.services import report_acknowledge, report_generate, report_release, schedule_due_reports
from tests import builders, builders_reporting, factories
from tests.builders_reporting import utc
from tests.builders_risks import make_risk
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
BERLIN = ZoneInfo("Europe/Berlin")


def pdf_text(report) -> str:
    with report.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_quarter_bounds_follow_daylight_saving():
    start, end = Quarter(2026, 1).bounds(BERLIN)
    assert start == utc(2025, 12, 31, 23)
    assert end == utc(2026, 3, 31, 22)


def test_ended_quarters_listed_oldest_first():
    quarters = ended_quarters_since(Quarter(2025, 4), utc(2026, 7, 1, 12), BERLIN)
    assert quarters == [Quarter(2025, 4), Quarter(2026, 1), Quarter(2026, 2)]


def _workspace_created_at(moment, slug="acme"):
    with time_machine.travel(moment, tick=False):
        return factories.make_workspace(slug)


def test_beat_waits_for_quarter_end_in_workspace_zone():
    workspace = _workspace_created_at(utc(2026, 2, 10, 9))
    with time_machine.travel(utc(2026, 3, 31, 21, 59), tick=False):
        assert schedule_due_reports(now=utc(2026, 3, 31, 21, 59)) == []
    assert not QuarterlyReport.all_workspaces.filter(workspace=workspace).exists()


def test_beat_creates_exactly_one_report_per_workspace():
    first = _workspace_created_at(utc(2026, 2, 10, 9), "acme")
    second = _workspace_created_at(utc(2026, 2, 11, 9), "rival")
    moment = utc(2026, 3, 31, 22, 5)
    with time_machine.travel(moment, tick=False):
        ids = schedule_due_reports(now=moment)
        again = schedule_due_reports(now=moment)
        for report_id in ids:
            report_generate(report_id=report_id)
    assert len(ids) == 2
    assert again == []
    for workspace in (first, second):
        reports = QuarterlyReport.all_workspaces.filter(workspace=workspace)
        assert [(r.year, r.quarter, r.origin, r.status) for r in reports] == [
            (2026, 1, "scheduled", "draft")]


def test_beat_catches_up_after_downtime_once():
    workspace = _workspace_created_at(utc(2025, 11, 3, 9))
    moment = utc(2026, 7, 2, 6)  # beat was down on 31 March and 30 June
    with time_machine.travel(moment, tick=False):
        ids = schedule_due_reports(now=moment)
        # An hour later the rows are still queued (no worker ran): handed out again, not created again.
        again = schedule_due_reports(now=utc(2026, 7, 2, 7))
    quarters = sorted(QuarterlyReport.all_workspaces.filter(workspace=workspace).values_list("year", "quarter"))
    assert quarters == [(2025, 4), (2026, 1), (2026, 2)]
    assert len(ids) == 3
    assert sorted(again) == sorted(ids)


def test_second_scheduled_row_rejected_by_constraint():
    workspace = _workspace_created_at(utc(2026, 2, 10, 9))
    moment = utc(2026, 4, 1, 6)
    schedule_due_reports(now=moment)
    from django.db import IntegrityError, transaction
    from reporting.services.generation import _create_row

    with pytest.raises(IntegrityError), transaction.atomic():
        _create_row(workspace, Quarter(2026, 1), origin=QuarterlyReport.Origin.SCHEDULED)


def test_pdf_contains_quarter_figures(workspace, personas):
    officer = personas[Role.OFFICER]
    workspace.default_language = "en"
    workspace.save()
    with time_machine.travel(utc(2026, 2, 15, 10), tick=False):
        make_risk(workspace, actor=officer, title="Ransomware encrypts the file server", inherent=(4, 4),
                  residual=(2, 3))
        make_risk(workspace, actor=officer, title="Laptop theft", inherent=(3, 3))
        make_risk(workspace, actor=officer, title="Cloud outage", inherent=(2, 4))
        builders.significant_incident(workspace, reporter=officer, title="Phishing wave in sales")
    with time_machine.travel(utc(2026, 4, 1, 6), tick=False):
        report = builders_reporting.rendered_report(workspace, Quarter(2026, 1))
    text = pdf_text(report)
    assert report.figures["risks"]["total"] == 3
    assert report.figures["risks"]["created"] == 3
    assert report.figures["incidents"]["total"] == 1
    assert "Q1 2026" in text
    assert "3 risks in the register" in " ".join(text.split())
    assert "In this quarter: 3 created" in " ".join(text.split())
    assert "Phishing wave in sales" in text
    assert "Hours used on the mandate" in text
    assert "Internal audits and findings" in text
    assert "No internal audit started in this quarter." in " ".join(text.split())


def test_generation_audits_pdf_hash(workspace):
    report = builders_reporting.rendered_report(workspace)
    event = AuditEvent.objects.get(workspace_id=workspace.pk, action="generate", object_id=str(report.pk))
    with report.file.open("rb") as handle:
        from civac.documents import sha256_hex

        assert event.changes["sha256"] == sha256_hex(handle.read())


def test_generation_lists_missing_data(workspace):
    report = builders_reporting.rendered_report(workspace)
    assert "No risks have been assessed yet." in report.missing
    assert "No risks have been assessed yet." in pdf_text(report)


def test_user_markup_does_not_reach_pdf(workspace, personas, monkeypatch):
    fetched = []
    original = StaticOnlyFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", recording_fetch)
    make_risk(workspace, actor=personas[Role.OFFICER], inherent=(4, 4),
              title='<link rel="attachment" href="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">')
    report = builders_reporting.rendered_report(workspace)
    with report.file.open("rb") as handle:
        data = handle.read()
    assert b"/EmbeddedFile" not in data
    assert not [url for url in fetched if not url.startswith("civac-static:")]
    assert '<link rel="attachment"' in pdf_text(report)


def _released(workspace, personas):
    return builders_reporting.released_report(workspace, officer=personas[Role.OFFICER],
                                              recipients=[personas[Role.MANAGEMENT]])


def test_release_mails_link_without_attachment(workspace, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = _released(workspace, personas)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas[Role.MANAGEMENT].email]
    assert f"/reports/{report.pk}/" in message.body
    assert message.attachments == []


def test_release_opens_task_for_member(workspace, personas):
    report = _released(workspace, personas)
    with workspace_context(workspace):
        request = ReportAcknowledgement.objects.get(report=report)
        task = Task.objects.get(source_type="reporting.reportacknowledgement", source_id=str(request.pk))
    assert task.owner == personas[Role.MANAGEMENT]
    assert task.status == Task.Status.OPEN


def test_release_rejects_non_management_recipient(workspace, personas):
    report = builders_reporting.rendered_report(workspace)
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        report_release(actor=personas[Role.OFFICER], report=report, recipients=[personas[Role.AUDITOR]],
                       confirmed_sha256=report.sha256)
    assert "recipients" in error.value.error_dict


def test_acknowledgement_recorded_with_hash(workspace, personas):
    report = _released(workspace, personas)
    boss = personas[Role.MANAGEMENT]
    with workspace_context(workspace):
        request = report_acknowledge(actor=boss, report=report, comment="Budget for backups approved.")
        task = Task.objects.get(source_id=str(request.pk))
    assert request.sha256 == report.sha256
    assert task.status == Task.Status.DONE
    event = AuditEvent.objects.get(workspace_id=workspace.pk, action="acknowledge")
    assert event.changes["sha256"] == report.sha256
    assert event.changes["comment"] == "Budget for backups approved."


def test_acknowledging_twice_rejected(workspace, personas):
    report = _released(workspace, personas)
    boss = personas[Role.MANAGEMENT]
    with workspace_context(workspace):
        report_acknowledge(actor=boss, report=report)
        with pytest.raises(ValidationError) as error:
            report_acknowledge(actor=boss, report=report)
    assert error.value.error_dict["report"][0].code == "already_acknowledged"


def test_acknowledging_draft_rejected(workspace, personas):
    report = builders_reporting.rendered_report(workspace)
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        report_acknowledge(actor=personas[Role.MANAGEMENT], report=report)
    assert error.value.error_dict["report"][0].code == "report_not_released"


def test_acknowledge_page_shows_record(workspace, personas):
    report = _released(workspace, personas)
    client = client_for(personas[Role.MANAGEMENT])
    response = client.post(f"/w/{workspace.slug}/reports/{report.pk}/acknowledge/", {"comment": "Noted."})
    assert response.status_code == 302
    page = client.get(f"/w/{workspace.slug}/reports/{report.pk}/").content.decode()
    assert report.sha256 in page
    assert "Noted." in page


def test_on_demand_request_queues_draft(workspace, personas, monkeypatch):
    queued = []
    monkeypatch.setattr("reporting.services.generation.enqueue_generation", queued.append)
    client = client_for(personas[Role.OFFICER])
    with time_machine.travel(utc(2026, 5, 5, 10), tick=False):
        response = client.post(f"/w/{workspace.slug}/reports/request/", {"year": 2026, "quarter": 2})
    assert response.status_code == 302
    report = QuarterlyReport.all_workspaces.get(workspace=workspace)
    assert report.status == QuarterlyReport.Status.QUEUED
    assert report.origin == QuarterlyReport.Origin.ON_DEMAND


def test_archive_queries_constant(workspace, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(personas[Role.AUDITOR])
    builders_reporting.rendered_report(workspace, Quarter(2026, 1))
    client.get(f"/w/{workspace.slug}/reports/")  # the first request of a session does one-time work
    with CaptureQueriesContext(connection) as small:
        client.get(f"/w/{workspace.slug}/reports/")
    for number in (2, 3, 4):
        builders_reporting.rendered_report(workspace, Quarter(2025, number))
    with CaptureQueriesContext(connection) as large:
        client.get(f"/w/{workspace.slug}/reports/")
    assert len(large) == len(small)
