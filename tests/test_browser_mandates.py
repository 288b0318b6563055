"""A partner's mandate in Chromium: signed by management, onboarded, watched in the portfolio, handed over.

Management signs the draft with password re-authentication. The officer
walks the onboarding to phase 3. Partner staff, signed in with their second
factor, see the client's incident deadline in the portfolio. The officer then
hands over and ends the mandate, and the test runs the verifier shipped in
the archive on the extracted audit log. Last, partner staff get 404 for the
client.
"""

import os
import subprocess
import sys
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from mandates.models import Mandate
from tests import builders, factories
from tests.builders_mandates import draft_mandate
from tests.factories import PASSWORD, TOTP_TEST_SECRET
from tests.test_browser_main_job import CHROMIUM_ARGS, _current_code

pytestmark = [pytest.mark.postgres, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INCIDENT_TITLE = "Ransomware encrypts the file server"


@pytest.fixture
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_in(browser, base_url, email, *, totp_secret=None):
    page = browser.new_context(locale="en-GB", base_url=base_url, accept_downloads=True).new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    if totp_secret:
        page.fill("input[name=code]", _current_code(totp_secret))
        page.click("form button[type=submit]")
    expect(page.get_by_role("heading", name="Your workspaces")).to_be_visible()
    return page


@pytest.fixture
def new_client(db):
    """A client workspace with an officer and management, and a partner whose draft mandate waits there."""
    builders.ciso_role()  # an earlier transactional test may have emptied the catalogue table
    client = factories.make_workspace("neukunde", legal_name="Neukunde Logistik GmbH")
    people = {}
    for role in (Role.OFFICER, Role.MANAGEMENT):
        people[role] = factories.make_user(f"{role}@neukunde.example")
        factories.add_member(client, people[role], role)
    partner = factories.make_partner("secureops")
    staff = factories.make_user("staff@secureops.example")
    factories.add_partner_staff(partner, staff)
    mandate = draft_mandate(client, partner, starts_on=timezone.localdate())
    return client, partner, staff, people, mandate


def test_mandate_from_signature_to_handover(live_server, browser, new_client, tmp_path):
    client, partner, staff, people, mandate = new_client
    mandate_url = f"/w/{client.slug}/mandates/{mandate.pk}/"

    # 1. Management signs the draft; the password is asked again.
    management = sign_in(browser, live_server.url, people[Role.MANAGEMENT].email)
    management.goto(mandate_url)
    management.check("#sign-form input[name=confirm]")
    management.fill("#sign-form input[name=password]", "not the password")
    management.click("#sign-form button[type=submit]")
    expect(management.locator("#sign-form .errorlist")).to_be_visible()
    expect(management.locator("#mandate-status")).to_have_text("Draft")
    management.check("#sign-form input[name=confirm]")
    management.fill("#sign-form input[name=password]", PASSWORD)
    management.click("#sign-form button[type=submit]")
    expect(management.locator("#mandate-status")).to_have_text("Active")

    # 2. The officer starts the onboarding and completes phases 1 and 2.
    officer = sign_in(browser, live_server.url, people[Role.OFFICER].email)
    officer.goto(f"{mandate_url}onboarding/")
    officer.click("#onboarding-start")
    expect(officer.locator("#current-phase")).to_have_text("1")
    for number in (1, 2):
        phase = officer.locator(f"section[data-phase='{number}']")
        while phase.locator("button.task-done").count():
            phase.locator("button.task-done").first.click()
        phase.locator("button.phase-complete").click()
        expect(officer.locator("#current-phase")).to_have_text(str(number + 1))

    # 3. An incident starts its clock; partner staff see the deadline in the portfolio.
    builders.significant_incident(client, reporter=people[Role.OFFICER], title=INCIDENT_TITLE)
    partner_page = sign_in(browser, live_server.url, staff.email, totp_secret=TOTP_TEST_SECRET)
    partner_page.goto(f"/partner/{partner.slug}/")
    row = partner_page.locator(f"tr[data-client='{client.slug}']")
    expect(row).to_contain_text(INCIDENT_TITLE)
    expect(row).to_contain_text("due")
    expect(row).to_contain_text("3 / 4")
    assert partner_page.goto(f"/w/{client.slug}/").status == 200

    # 4. The officer hands over: the mandate ends and the archive downloads.
    officer.goto(mandate_url)
    officer.click("#handover-button")
    expect(officer.locator("#mandate-status")).to_have_text("Ended")
    with officer.expect_download() as download_info:
        officer.click("#handover-download")
    archive_path = tmp_path / "handover.zip"
    download_info.value.save_as(archive_path)

    # 5. The verifier shipped in the archive accepts the extracted audit log.
    extracted = tmp_path / "extracted"
    with zipfile.ZipFile(archive_path) as archive:
        archive.extractall(extracted)
    result = subprocess.run([sys.executable, str(extracted / "audit/verify_audit_log.py"),
                             str(extracted / "audit/audit_log.jsonl")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK:")

    # 6. The partner's staff can no longer open the client, and it left their portfolio.
    assert partner_page.goto(f"/w/{client.slug}/").status == 404
    partner_page.goto(f"/partner/{partner.slug}/")
    expect(partner_page.locator("main")).not_to_contain_text(client.legal_name)
    with workspace_context(client):
        assert Mandate.objects.get(pk=mandate.pk).status == Mandate.Status.ENDED
