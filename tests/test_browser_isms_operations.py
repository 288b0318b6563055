"""ISMS operations in Chromium, end to end.

A supplier contact without an account submits a questionnaire through its link. An internal audit finds one
minor nonconformity, and its corrective action is closed after an effective check. A real Celery worker then
renders the quarterly report draft, which must count all of it."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from civac.audit.models import AuditEvent
from civac.audit.verify import verify_chain
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import (
    AuditFinding,
    CorrectiveAction,
    EvidenceFile,
    InternalAudit,
    Nonconformity,
    Supplier,
    SupplierAssessment,
)
from reporting.models import QuarterlyReport
from tests.builders_training import PDF
from tests.processes import wait_until
from tests.test_browser_isms import browser, sign_in, submit  # noqa: F401  (browser is a fixture)
from tests.test_browser_reporting import RENDER_TIMEOUT_SECONDS, worker  # noqa: F401  (worker is a fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.services, pytest.mark.browser,
              pytest.mark.django_db(transaction=True)]

SUPPLIER = "Mailer Hosting GmbH"
CONTACT = "security@mailer-hosting.example"
AUDIT = "Access management audit"
FINDING = "Leavers keep VPN access"


def _events(workspace, object_type: str, action: str):
    return AuditEvent.objects.filter(workspace_id=workspace.pk, object_type=object_type, action=action)


def _register_supplier_and_send_questionnaire(officer, ws: str) -> str:
    """Register a critical supplier and send it the English questionnaire, returning the link the page shows."""
    officer.goto(f"{ws}/suppliers/new/")
    officer.fill("input[name=name]", SUPPLIER)
    officer.fill("textarea[name=services]", "Hosting of the customer newsletter")
    officer.select_option("select[name=criticality]", "critical")
    officer.fill("input[name=contact_email]", CONTACT)
    submit(officer, "main form")
    expect(officer.locator(".messages")).to_contain_text("Supplier saved")
    expect(officer.locator("h1")).to_contain_text(SUPPLIER)

    officer.click("text=Send a questionnaire")
    expect(officer.locator("input[name=contact_email]")).to_have_value(CONTACT)
    officer.select_option("main select[name=language]", "en")
    submit(officer, "main form")
    expect(officer.locator("h1")).to_contain_text("Questionnaire link")
    return officer.locator("code.questionnaire-link").inner_text().strip()


def _answer_questionnaire_without_account(browser, link: str, certificate):  # noqa: F811
    """Answer every question as the supplier contact in a context that never signed in, then revisit the link."""
    contact = browser.new_context(locale="en-GB").new_page()
    contact.goto(link)
    expect(contact.locator("h1")).to_contain_text("Supplier information security")
    expect(contact.locator("main")).to_contain_text(SUPPLIER)
    for select in contact.locator("main form select").all():
        select.select_option("yes")
    for textarea in contact.locator("main form textarea").all():
        textarea.fill("Erika Muster, security@mailer-hosting.example, no subcontractors")
    contact.set_input_files("input[name=isms_certified__file]", str(certificate))
    submit(contact, "main form")
    expect(contact.locator("main")).to_contain_text("Your answers were submitted")

    contact.goto(link)
    expect(contact.locator("main")).to_contain_text("already submitted, so this link is closed")
    expect(contact.locator("main form")).to_have_count(0)
    contact.context.close()


def _plan_and_perform_audit(officer, ws: str, officer_user, today: str):
    """Plan an audit of this year's programme, check one control, record a minor nonconformity and complete it."""
    officer.goto(f"{ws}/audits/programmes/new/")
    officer.fill("textarea[name=objectives]", "Audit every ISMS clause and the access controls once a year")
    submit(officer, "main form")
    expect(officer.locator(".messages")).to_contain_text("Audit programme saved")

    officer.goto(f"{ws}/audits/new/")
    officer.select_option("select[name=programme]", index=1)
    officer.fill("input[name=title]", AUDIT)
    officer.fill("textarea[name=scope]", "Identity and access management, head office")
    officer.fill("textarea[name=criteria]", "ISO/IEC 27001:2022 clause 9.2, control A.5.18")
    officer.select_option("select[name=auditee]", str(officer_user.pk))
    officer.fill("input[name=starts_on]", today)
    officer.fill("input[name=ends_on]", today)
    submit(officer, "main form")
    expect(officer.locator("h1")).to_contain_text(AUDIT)

    officer.click("text=Add an auditor")
    officer.fill("#auditor-form input[name=external_name]", "Dr. Petra Extern, Audit & Co.")
    officer.check("#auditor-form input[name=is_lead]")
    submit(officer, "#auditor-form")
    expect(officer.locator(".messages")).to_contain_text("Auditor added")

    officer.click("text=Add clauses and controls to the checklist")
    officer.select_option("#checklist-form select[name=controls]", label="A.5.18 Access rights")
    submit(officer, "#checklist-form")
    expect(officer.locator(".messages")).to_contain_text("1 item added to the checklist")

    officer.click("text=Record a finding")
    officer.select_option("#finding-form select[name=kind]", "minor")
    officer.fill("#finding-form input[name=title]", FINDING)
    officer.fill("#finding-form textarea[name=statement]", "Two of ten leavers sampled still had VPN accounts.")
    officer.select_option("#finding-form select[name=checklist_item]", label="A.5.18 Access rights")
    submit(officer, "#finding-form")
    expect(officer.locator(".messages")).to_contain_text("Finding recorded")

    officer.fill("#complete-form textarea[name=conclusion]", "The ISMS conforms apart from one minor nonconformity.")
    submit(officer, "#complete-form")
    expect(officer.locator(".messages")).to_contain_text("Audit completed")


def _correct_and_close(officer, officer_user, today: str):
    """Open the corrective action from the completed audit, do it, check it as effective and close it."""
    officer.click("text=Open corrective action")
    officer.fill("textarea[name=cause_analysis]", "The leaver checklist does not name the VPN administrator.")
    submit(officer, "main form")
    expect(officer.locator(".messages")).to_contain_text("Nonconformity recorded")
    officer.fill("#action-form textarea[name=description]", "Add VPN removal to the leaver checklist")
    officer.select_option("#action-form select[name=owner]", str(officer_user.pk))
    officer.fill("#action-form input[name=due_on]", today)
    submit(officer, "#action-form")
    expect(officer.locator(".messages")).to_contain_text("Corrective action added")

    officer.fill("input[name=note]", "Checklist updated; VPN accounts of leavers removed")
    officer.click("text=Mark as done")
    expect(officer.locator(".messages")).to_contain_text("Action marked as done")
    officer.click("text=Record an effectiveness check")
    officer.select_option("#check-form select[name=result]", "effective")
    officer.fill("#check-form textarea[name=notes]", "Sampled all five leavers since; none kept VPN access.")
    submit(officer, "#check-form")
    expect(officer.locator(".messages")).to_contain_text("Effectiveness check recorded")
    submit(officer, "#close-form")
    expect(officer.locator(".messages")).to_contain_text("Nonconformity closed")


def _draft_report_text(officer, workspace, worker, tmp_path) -> tuple[QuarterlyReport, str]:  # noqa: F811
    """Request the draft of the running quarter, wait for the worker and return the downloaded PDF's text."""
    officer.goto(f"/w/{workspace.slug}/reports/")
    officer.click("form[action$='/request/'] button[type=submit]")
    expect(officer.locator(".msg-success")).to_be_visible()
    report_id = re.search(r"/reports/([0-9a-f-]{36})/", officer.url).group(1)

    def status():
        return QuarterlyReport.all_workspaces.values_list("status", flat=True).get(pk=report_id)

    assert wait_until(lambda: status() != "queued", timeout=RENDER_TIMEOUT_SECONDS), worker.output()[-3000:]
    assert status() == "draft", worker.output()[-3000:]

    officer.reload()
    with officer.expect_download() as download_info:
        officer.click(f"a[href$='/{report_id}/pdf/']")
    pdf_path = tmp_path / "draft.pdf"
    download_info.value.save_as(pdf_path)
    pages = PdfReader(io.BytesIO(pdf_path.read_bytes())).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    return QuarterlyReport.all_workspaces.get(pk=report_id), text


def _figures_row(text: str, heading: str) -> list[str]:
    """Return the numbers that follow ``heading`` in the flattened PDF text, up to the next word."""
    match = re.search(re.escape(heading) + r"\s+([\d\s]+)", text)
    assert match, f"{heading!r} not found in the report text"
    return match.group(1).split()


def test_supplier_audit_and_correction_reach_report(live_server, browser, worker, personas,  # noqa: F811
                                                    workspace, settings, tmp_path):
    settings.SITE_URL = live_server.url
    workspace.default_language = "en"
    workspace.save()
    call_command("load_annex_a", verbosity=0)  # an earlier transactional test may have emptied the catalogue
    ws = f"/w/{workspace.slug}/isms"
    officer_user = personas[Role.OFFICER]
    today = timezone.localdate(timezone.now(), workspace.zone).isoformat()
    certificate = tmp_path / "iso27001-certificate.pdf"
    certificate.write_bytes(PDF)
    officer = sign_in(browser, live_server.url, officer_user.email)

    # 1. The supplier assessment, submitted through the link by a contact without an account.
    link = _register_supplier_and_send_questionnaire(officer, ws)
    assert link.startswith(f"{live_server.url}/q/")
    _answer_questionnaire_without_account(browser, link, certificate)
    officer.goto(f"{ws}/suppliers/")
    officer.click(f"text={SUPPLIER}")
    expect(officer.locator("main")).to_contain_text(f"{CONTACT} – Submitted")

    # 2. The internal audit with one minor nonconformity, corrected and closed after an effective check.
    _plan_and_perform_audit(officer, ws, officer_user, today)
    _correct_and_close(officer, officer_user, today)

    # 3. The draft of the running quarter counts all of it.
    report, text = _draft_report_text(officer, workspace, worker, tmp_path)
    assert report.status == QuarterlyReport.Status.DRAFT
    assert "1 suppliers in the register" in text
    # The criticality table: low, medium, high, critical.
    assert _figures_row(text, "Criticality Low Medium High Critical Suppliers")[:4] == ["0", "0", "0", "1"]
    assert "high or critical suppliers without a submitted questionnaire: 0" in text
    assert "Questionnaires open: 0, submitted: 1" in text
    assert "Internal audits this quarter: 1 completed, 0 planned; nonconformities found: 1" in text
    # The findings table: major, minor, observation, opportunity.
    assert _figures_row(text, "Opportunity for improvement")[:4] == ["0", "1", "0", "0"]
    assert "Corrective actions: 0 nonconformities open (0 overdue), 1 closed" in text
    assert "No internal audit started in this quarter" not in text

    # 4. The audit log contains every step, and the chain is intact.
    with workspace_context(workspace):
        supplier = Supplier.objects.get(name=SUPPLIER)
        assessment = SupplierAssessment.objects.get(supplier=supplier)
        evidence = EvidenceFile.objects.get(subject_id=assessment.pk)
        audit = InternalAudit.objects.get(title=AUDIT)
        finding = AuditFinding.objects.get(audit=audit)
        nonconformity = Nonconformity.objects.get(finding=finding)
        action = CorrectiveAction.objects.get(nonconformity=nonconformity)
    assert assessment.status == SupplierAssessment.Status.SUBMITTED
    assert evidence.original_name == certificate.name
    assert finding.kind == AuditFinding.Kind.MINOR
    assert nonconformity.status == Nonconformity.Status.CLOSED
    assert _events(workspace, "isms.supplier", "create").filter(object_id=str(supplier.pk)).exists()
    assert _events(workspace, "isms.supplierassessment", "create").filter(object_id=str(assessment.pk)).exists()
    submission = _events(workspace, "isms.supplierassessment", "questionnaire_submit").get(
        object_id=str(assessment.pk))
    assert submission.changes["files"]["isms_certified"]["sha256"] == evidence.sha256
    assert _events(workspace, "isms.evidencefile", "upload").filter(object_id=str(evidence.pk)).exists()
    assert _events(workspace, "isms.internalaudit", "complete").filter(object_id=str(audit.pk)).exists()
    assert _events(workspace, "isms.auditfinding", "create").filter(object_id=str(finding.pk)).exists()
    assert _events(workspace, "isms.correctiveaction", "create").filter(object_id=str(action.pk)).exists()
    assert _events(workspace, "isms.effectivenesscheck", "create").count() == 1
    closure = _events(workspace, "isms.nonconformity", "update").filter(object_id=str(nonconformity.pk),
                                                                        changes__status=["open", "closed"])
    assert closure.count() == 1
    generation = _events(workspace, "reporting.quarterlyreport", "generate").get(object_id=str(report.pk))
    assert generation.changes["sha256"] == report.sha256
    assert verify_chain(str(workspace.pk)).intact
