"""The quarterly report in Chromium: requested, rendered by a real worker, released and acknowledged."""

import hashlib
import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from civac.audit.models import AuditEvent
from civac.tenancy.roles import Role
from reporting.models import QuarterlyReport, ReportAcknowledgement
from tests.processes import CeleryProcess, SmtpSink, process_environment, wait_until
from tests.test_browser_isms import browser, sign_in  # noqa: F401 (browser is a fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.services, pytest.mark.browser,
              pytest.mark.django_db(transaction=True)]

RENDER_TIMEOUT_SECONDS = 120


@pytest.fixture
def worker(tmp_path, settings):
    """Start a Celery worker on the test database and Redis, sharing MEDIA_ROOT through CIVAC_VAR_DIR."""
    import redis

    redis.Redis.from_url(settings.REDIS_URL or "redis://127.0.0.1:6379/15").flushdb()
    with SmtpSink() as smtp:
        process = CeleryProcess("worker", process_environment(smtp_url=smtp.url, var_dir=tmp_path), tmp_path)
        try:
            yield process
        finally:
            process.stop()


def _status(report_id) -> str:
    return QuarterlyReport.all_workspaces.values_list("status", flat=True).get(pk=report_id)


def test_officer_releases_and_management_acknowledges(live_server, browser, worker, personas, workspace,
                                                      settings, tmp_path):
    settings.SITE_URL = live_server.url  # the link in the release mail must reach this server
    workspace.default_language = "en"
    workspace.save()
    management = personas[Role.MANAGEMENT]
    reports = f"/w/{workspace.slug}/reports/"

    # 1. The officer requests a draft of the running quarter, which the worker renders.
    officer = sign_in(browser, live_server.url, personas[Role.OFFICER].email)
    officer.goto(reports)
    officer.click("form[action$='/request/'] button[type=submit]")
    expect(officer.locator(".msg-success")).to_be_visible()
    report_id = re.search(r"/reports/([0-9a-f-]{36})/", officer.url).group(1)
    rendered = wait_until(lambda: _status(report_id) != "queued", timeout=RENDER_TIMEOUT_SECONDS)
    assert rendered, worker.output()[-3000:]
    assert _status(report_id) == "draft", worker.output()[-3000:]
    report = QuarterlyReport.all_workspaces.get(pk=report_id)

    # 2. The officer reviews the PDF, then releases it to the management member.
    officer.reload()
    expect(officer.locator("main")).to_contain_text(report.sha256)
    with officer.expect_download() as download_info:
        officer.click(f"a[href$='/{report_id}/pdf/']")
    reviewed = (tmp_path / "reviewed.pdf")
    download_info.value.save_as(reviewed)
    assert hashlib.sha256(reviewed.read_bytes()).hexdigest() == report.sha256
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(reviewed.read_bytes())).pages)
    assert "Quarterly status report" in " ".join(text.split())
    officer.check(f"input[name=recipients][value='{management.pk}']")
    officer.click("form[action$='/release/'] button[type=submit]")
    expect(officer.locator(".msg-success")).to_be_visible()
    assert _status(report_id) == "released"

    # 3. Management receives a link, never the PDF.
    messages = [message for message in mail.outbox if management.email in message.to]
    assert len(messages) == 1
    assert messages[0].attachments == []
    assert "Q%s %s" % (report.quarter, report.year) in messages[0].subject
    link = re.search(r"https?://\S+/reports/[0-9a-f-]{36}/", messages[0].body).group(0)
    assert link == f"{live_server.url}{reports}{report_id}/"

    # 4. Management opens the link and acknowledges with a decision.
    board = sign_in(browser, live_server.url, management.email)
    board.goto(link)
    board.fill("form[action$='/acknowledge/'] textarea[name=comment]", "Budget for offline backups approved.")
    board.click("form[action$='/acknowledge/'] button[type=submit]")
    expect(board.locator(".msg-success")).to_be_visible()
    row = board.locator("tr", has_text="Budget for offline backups approved.")
    expect(row).to_contain_text(report.sha256)
    expect(row).not_to_contain_text("outstanding")
    expect(board.locator("form[action$='/acknowledge/']")).to_have_count(0)

    # 5. The officer's page shows the same record, and the audit log contains it with the PDF's hash.
    officer.reload()
    expect(officer.locator("tr", has_text="Budget for offline backups approved.")).to_contain_text(report.sha256)
    acknowledgement = ReportAcknowledgement.all_workspaces.get(report_id=report_id)
    assert acknowledgement.user == management
    assert acknowledgement.sha256 == report.sha256
    event = AuditEvent.objects.get(workspace=workspace, action="acknowledge", object_id=report_id)
    assert event.changes["sha256"] == report.sha256
    assert event.actor_id == management.pk
