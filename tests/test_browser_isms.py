"""The ISMS in Chromium: from an empty gap analysis to a Statement of Applicability approved by management."""

import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from civac.audit.models import AuditEvent
from civac.audit.verify import verify_chain
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import PolicyVersion, ReadConfirmation, Risk, RiskControl, ScopeVersion, SoAEntry, SoAVersion, Task
from isms.services.soa import gap_summary
from tests.factories import PASSWORD
from tests.test_browser_main_job import CHROMIUM_ARGS

pytestmark = [pytest.mark.postgres, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RISKS = [
    # title, inherent (likelihood, impact), residual, treatment option
    ("Ransomware encrypts the file server", (4, 4), (2, 3), "modify"),
    ("Laptop with customer data is stolen", (3, 3), (1, 3), "modify"),
    ("Cloud provider fails for a day", (2, 4), (2, 2), "retain"),
]


@pytest.fixture
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_in(browser, base_url, email):
    page = browser.new_context(locale="en-GB", base_url=base_url).new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.get_by_role("heading", name="Your workspaces")).to_be_visible()
    return page


def submit(page, form_selector: str):
    page.click(f"{form_selector} button[type=submit]")


def test_empty_gap_analysis_to_approved_soa(live_server, browser, personas, workspace, tmp_path):
    ws = f"/w/{workspace.slug}/isms"
    call_command("load_annex_a", verbosity=0)  # an earlier transactional test may have emptied the catalogue
    officer = sign_in(browser, live_server.url, personas[Role.OFFICER].email)
    management_email = personas[Role.MANAGEMENT].email

    # The gap analysis of a new workspace: every Annex A control is still open.
    with workspace_context(workspace):
        assert gap_summary().overall.counts["not_assessed"] == 93
    officer.goto(f"{ws}/soa/gap/")
    expect(officer.locator("main")).to_contain_text("93")

    # 1. Scope statement, approved by management below.
    officer.goto(f"{ws}/context/scope/edit/")
    for name, text in {
        "scope_text": "Development and operation of the ERP platform at the Stuttgart site",
        "boundaries": "Production machines are outside; the office network is inside.",
        "interfaces": "Hosting by an external data centre; payroll by a tax adviser.",
        "locations": "Stuttgart", "organisational_units": "IT, Sales, Management",
        "climate_change_reasoning": "Heat waves may disable the server room cooling.",
    }.items():
        officer.fill(f"textarea[name={name}]", text)
    officer.select_option("select[name=climate_change_relevant]", "yes")
    submit(officer, "main form")
    expect(officer.locator(".messages")).to_be_visible()

    # 2. Three risks, rated and treated.
    due = (timezone.localdate() + timedelta(days=60)).isoformat()
    for title, inherent, residual, option in RISKS:
        officer.goto(f"{ws}/risks/new/")
        officer.fill("input[name=title]", title)
        officer.fill("textarea[name=threat]", "Attack or failure")
        officer.fill("textarea[name=vulnerability]", "Missing or weak control")
        officer.select_option("select[name=inherent_likelihood]", str(inherent[0]))
        officer.select_option("select[name=inherent_impact]", str(inherent[1]))
        officer.select_option("select[name=residual_likelihood]", str(residual[0]))
        officer.select_option("select[name=residual_impact]", str(residual[1]))
        officer.select_option("select[name=treatment_option]", option)
        officer.fill("textarea[name=treatment_description]", "Backups offline, EDR on all clients")
        officer.fill("input[name=treatment_due_on]", due)
        officer.select_option("select[name=status]", "planned")
        submit(officer, "main form[method=post]")
        expect(officer.get_by_role("heading", name=title)).to_be_visible()

    # 3. The SoA: every control assessed page by page, one excluded with its justification.
    officer.goto(f"{ws}/soa/")
    officer.click("form[action$='/soa/start/'] button")
    page_number = 1
    while True:
        officer.goto(f"{ws}/soa/?page={page_number}")
        officer.check("input[data-select-all=entries]")
        boxes = officer.locator("input[name=entries]")
        assert boxes.count() == boxes.locator(":scope:checked").count() > 0
        officer.check("input[name=applicability][value=applicable]")
        officer.select_option("#soa-bulk select[name=status]", "implemented")
        officer.fill("#soa-bulk textarea[name=inclusion_reason]", "Needed for the risks of the ERP platform")
        submit(officer, "#soa-bulk")
        expect(officer.locator(".msg-success")).to_be_visible()
        if not officer.locator("nav.pager a", has_text="Next").count():
            break
        page_number += 1
    with workspace_context(workspace):
        excluded = SoAEntry.objects.get(catalogue_control__ref="A.7.4")
    officer.goto(f"{ws}/soa/entries/{excluded.pk}/")
    officer.check("input[name=applicability][value=not_applicable]")
    officer.fill("textarea[name=justification]", "")
    submit(officer, "main form[method=post]")
    expect(officer.locator(".errorlist")).to_be_visible()  # an exclusion needs its justification
    officer.check("input[name=applicability][value=not_applicable]")
    officer.fill("textarea[name=justification]", "No own premises; the landlord monitors the building.")
    submit(officer, "main form[method=post]")

    with workspace_context(workspace):
        ransomware = Risk.objects.get(title=RISKS[0][0])
        backup = SoAEntry.objects.get(catalogue_control__ref="A.8.13")
    officer.goto(f"{ws}/risks/{ransomware.pk}/")
    officer.select_option("select[name=controls]", [str(backup.pk)])
    submit(officer, "form[action$='/controls/']")
    expect(officer.locator("main")).to_contain_text("A.8.13")

    # 4. A policy that management approves and confirms having read.
    officer.goto(f"{ws}/policies/new/")
    officer.fill("input[name=title]", "Information security policy")
    officer.select_option("select[name=owner]", str(personas[Role.OFFICER].pk))
    officer.check("input[name=requires_read_confirmation]")
    officer.check("input[name=confirmation_roles][value=management]")
    submit(officer, "main form[method=post]")
    officer.click("a[href$='/draft/']")
    officer.fill("textarea[name=text]", "# Purpose\n\nEvery employee protects the information of our customers.")
    submit(officer, "main form[method=post]")

    # 5. A recurring task completed with evidence.
    officer.goto("/w/%s/tasks/new/" % workspace.slug)
    officer.fill("input[name=title]", "Test restoring a backup")
    officer.fill("input[name=due_on]", (timezone.localdate() + timedelta(days=3)).isoformat())
    officer.select_option("select[name=cadence]", "quarterly")
    officer.check("input[name=evidence_required]")
    submit(officer, "main form[method=post]")
    with workspace_context(workspace):
        task = Task.objects.get(title="Test restoring a backup")
    officer.goto(f"/w/{workspace.slug}/tasks/{task.pk}/")
    submit(officer, "form[action$='/done/']")
    expect(officer.locator(".msg-error")).to_be_visible()  # no evidence yet
    evidence = tmp_path / "restore-protocol.txt"
    evidence.write_text("Restore of the ERP database finished in 42 minutes.\n", encoding="utf-8")
    officer.set_input_files("input[name=file]", str(evidence))
    submit(officer, "form[enctype='multipart/form-data']")
    expect(officer.locator("main")).to_contain_text("restore-protocol.txt")
    submit(officer, "form[action$='/done/']")
    expect(officer.locator(".msg-success")).to_be_visible()

    # 6. Management approves the scope, accepts the retained risk, approves the policy and the SoA.
    management = sign_in(browser, live_server.url, management_email)
    management.goto(f"{ws}/context/scope/")
    management.check("form[action$='/approve/'] input[name=confirm]")
    management.fill("form[action$='/approve/'] input[name=password]", PASSWORD)
    submit(management, "form[action$='/approve/']")
    expect(management.locator(".msg-success")).to_be_visible()

    with workspace_context(workspace):
        retained = Risk.objects.get(title=RISKS[2][0])
        version = PolicyVersion.objects.get()
    management.goto(f"{ws}/risks/{retained.pk}/")
    management.check("form[action$='/accept/'] input[name=confirm]")
    management.fill("form[action$='/accept/'] input[name=password]", PASSWORD)
    submit(management, "form[action$='/accept/']")
    expect(management.locator(".msg-success")).to_be_visible()

    management.goto(f"{ws}/policies/versions/{version.pk}/")
    management.check("form[action$='/approve/'] input[name=confirm]")
    management.fill("form[action$='/approve/'] input[name=password]", PASSWORD)
    submit(management, "form[action$='/approve/']")
    expect(management.locator(".msg-success")).to_be_visible()
    submit(management, "form[action$='/confirm/']")
    expect(management.locator(".msg-success")).to_be_visible()

    management.goto(f"{ws}/soa/approve/")
    management.check("main form input[name=confirm]")
    management.fill("main form input[name=password]", PASSWORD)
    submit(management, "main form[method=post]")
    expect(management.locator(".msg-success")).to_be_visible()

    # 7. Everything is stored and in the audit log, whose chain still verifies.
    with workspace_context(workspace):
        assert ScopeVersion.objects.get(status="approved").approved_by == personas[Role.MANAGEMENT]
        assert Risk.objects.filter(status="planned").count() == 3
        assert RiskControl.objects.count() == 1
        assert Risk.objects.get(title=RISKS[2][0]).current_acceptance.accepted_by == personas[Role.MANAGEMENT]
        gap = gap_summary().overall.counts
        assert gap["not_assessed"] == 0
        assert gap["implemented"] == 92
        assert gap["not_applicable"] == 1
        assert SoAEntry.objects.filter(applicability="applicable").count() == 92
        assert SoAVersion.objects.get().number == 1
        assert ReadConfirmation.objects.filter(user=personas[Role.MANAGEMENT]).count() == 1
        assert Task.objects.filter(title="Test restoring a backup", status="open").count() == 1
    actions = set(AuditEvent.objects.filter(workspace=workspace).values_list("action", flat=True))
    for action in ("approve", "accept", "confirm_read", "complete", "upload"):
        assert action in actions, action
    assert verify_chain(str(workspace.pk)).intact
    officer.goto(f"/w/{workspace.slug}/audit/")
    expect(officer.locator("main")).to_contain_text("approved")
