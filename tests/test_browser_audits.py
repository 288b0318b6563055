"""Internal audit in Chromium: plan and perform it, record a minor nonconformity, correct it and close it."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from civac.audit.models import AuditEvent
from civac.audit.verify import verify_chain
from civac.documents import sha256_hex
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import AuditFinding, CorrectiveAction, InternalAudit, Nonconformity, Task
from tests.test_browser_isms import browser, sign_in, submit  # noqa: F401  (browser is a fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _events(workspace, object_type: str, action: str):
    return AuditEvent.objects.filter(workspace_id=workspace.pk, object_type=object_type, action=action)


def test_audit_with_minor_nonconformity_closed_after_check(live_server, browser, personas, workspace):  # noqa: F811
    ws = f"/w/{workspace.slug}/isms"
    call_command("load_annex_a", verbosity=0)  # an earlier transactional test may have emptied the catalogue
    officer_user = personas[Role.OFFICER]
    today = timezone.localdate(timezone.now(), workspace.zone).isoformat()
    officer = sign_in(browser, live_server.url, officer_user.email)

    # 1. The audit programme of this year and one audit in it.
    officer.goto(f"{ws}/audits/programmes/new/")
    officer.fill("textarea[name=objectives]", "Audit every ISMS clause and the access controls once a year")
    submit(officer, "main form")
    expect(officer.locator(".messages")).to_contain_text("Audit programme saved")
    officer.goto(f"{ws}/audits/new/")
    officer.select_option("select[name=programme]", index=1)
    officer.fill("input[name=title]", "Access management audit")
    officer.fill("textarea[name=scope]", "Identity and access management, head office")
    officer.fill("textarea[name=criteria]", "ISO/IEC 27001:2022 clauses 9.2 and 10.2, control A.5.18")
    officer.select_option("select[name=auditee]", str(officer_user.pk))
    officer.fill("input[name=starts_on]", today)
    officer.fill("input[name=ends_on]", today)
    submit(officer, "main form")
    expect(officer.locator("h1")).to_contain_text("Access management audit")

    # 2. The person responsible for the area cannot audit it without a reason; an external auditor can.
    officer.click("text=Add an auditor")
    officer.select_option("#auditor-form select[name=member]", str(officer_user.pk))
    submit(officer, "#auditor-form")
    expect(officer.locator("#auditor-form .errorlist")).to_contain_text("would audit their own area")
    officer.select_option("#auditor-form select[name=member]", "")
    officer.fill("#auditor-form input[name=external_name]", "Dr. Petra Extern, Audit & Co.")
    officer.check("#auditor-form input[name=is_lead]")
    submit(officer, "#auditor-form")
    expect(officer.locator(".messages")).to_contain_text("Auditor added")

    # 3. Checklist from two clauses and one Annex A control.
    officer.click("text=Add clauses and controls to the checklist")
    officer.check("#checklist-form input[name=clauses][value='9.2.2']")
    officer.check("#checklist-form input[name=clauses][value='10.2']")
    officer.select_option("#checklist-form select[name=controls]", label="A.5.18 Access rights")
    submit(officer, "#checklist-form")
    expect(officer.locator(".messages")).to_contain_text("3 items added")

    # 4. One minor nonconformity on A.5.18; the two clauses conform.
    officer.click("text=Record a finding")
    officer.select_option("#finding-form select[name=kind]", "minor")
    officer.fill("#finding-form input[name=title]", "Leavers keep VPN access")
    officer.fill("#finding-form textarea[name=statement]", "Two of ten leavers sampled still had VPN accounts.")
    officer.select_option("#finding-form select[name=checklist_item]", label="A.5.18 Access rights")
    submit(officer, "#finding-form")
    expect(officer.locator(".messages")).to_contain_text("Finding recorded")
    for ref in ("9.2.2", "10.2"):
        row = officer.locator("table.checklist tr", has_text=ref)
        row.locator("select[name=result]").select_option("conform")
        row.locator("button[type=submit]").click()
        expect(officer.locator(".messages")).to_contain_text(f"Result of {ref} saved")

    # 5. Completing stores the report.
    officer.fill("#complete-form textarea[name=conclusion]", "The ISMS conforms apart from one minor nonconformity.")
    submit(officer, "#complete-form")
    expect(officer.locator(".messages")).to_contain_text("Audit completed")
    expect(officer.locator("h1")).to_contain_text("Completed")

    # 6. The corrective action for the finding, opened from the audit page.
    officer.click("text=Open corrective action")
    officer.fill("textarea[name=cause_analysis]", "The leaver checklist does not name the VPN administrator.")
    submit(officer, "main form")
    expect(officer.locator(".messages")).to_contain_text("Nonconformity recorded")
    officer.fill("#action-form textarea[name=description]", "Add VPN removal to the leaver checklist")
    officer.select_option("#action-form select[name=owner]", str(officer_user.pk))
    officer.fill("#action-form input[name=due_on]", today)
    submit(officer, "#action-form")
    expect(officer.locator(".messages")).to_contain_text("Corrective action added")

    # 7. With the action done, closing before an effectiveness check is refused.
    officer.fill("input[name=note]", "Checklist updated; VPN accounts of leavers removed")
    officer.click("text=Mark as done")
    expect(officer.locator(".messages")).to_contain_text("Action marked as done")
    submit(officer, "#close-form")
    expect(officer.locator("main .errorlist")).to_contain_text("Closing needs an effectiveness check")

    # 8. An effective check, then closure.
    officer.click("text=Record an effectiveness check")
    officer.select_option("#check-form select[name=result]", "effective")
    officer.fill("#check-form textarea[name=notes]", "Sampled all five leavers since; none kept VPN access.")
    submit(officer, "#check-form")
    expect(officer.locator(".messages")).to_contain_text("Effectiveness check recorded")
    submit(officer, "#close-form")
    expect(officer.locator(".messages")).to_contain_text("Nonconformity closed")

    # 9. The audit log contains every step, and the chain is intact.
    with workspace_context(workspace):
        audit = InternalAudit.objects.get(title="Access management audit")
        finding = AuditFinding.objects.get(audit=audit)
        nonconformity = Nonconformity.objects.get(finding=finding)
        action = CorrectiveAction.objects.get(nonconformity=nonconformity)
        task = Task.objects.get(pk=action.task_id)
        with audit.report_file.open("rb") as handle:
            report_sha256 = sha256_hex(handle.read())
    assert finding.kind == AuditFinding.Kind.MINOR
    assert nonconformity.status == Nonconformity.Status.CLOSED
    assert task.status == Task.Status.DONE
    assert _events(workspace, "isms.auditprogramme", "create").count() == 1
    assert _events(workspace, "isms.internalaudit", "create").filter(object_id=str(audit.pk)).exists()
    assert _events(workspace, "isms.auditauditor", "create").count() == 1
    assert _events(workspace, "isms.auditchecklistitem", "create").count() == 3
    assert _events(workspace, "isms.auditfinding", "create").filter(object_id=str(finding.pk)).exists()
    completion = _events(workspace, "isms.internalaudit", "complete").get(object_id=str(audit.pk))
    assert completion.changes["report_sha256"] == report_sha256
    assert completion.actor_id == officer_user.pk
    assert _events(workspace, "isms.nonconformity", "create").filter(object_id=str(nonconformity.pk)).exists()
    assert _events(workspace, "isms.correctiveaction", "create").filter(object_id=str(action.pk)).exists()
    assert _events(workspace, "isms.task", "create").filter(object_id=str(task.pk)).exists()
    assert _events(workspace, "isms.effectivenesscheck", "create").count() == 1
    closure = _events(workspace, "isms.nonconformity", "update").filter(object_id=str(nonconformity.pk),
                                                                        changes__status=["open", "closed"])
    assert closure.count() == 1
    assert verify_chain(str(workspace.pk)).intact

    # The audit log page names the completion for people, too.
    officer.goto(f"/w/{workspace.slug}/audit/")
    expect(officer.locator("main")).to_contain_text("Access management audit")
