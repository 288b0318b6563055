"""The main job in headless Chromium, from the appointment of a CISO to a verified audit log.

The test appoints an external CISO with a deputy and signs the certificate with password and
second factor. It checks the certificate on the public verification page, opens an incident and
reads its NIS-2 deadlines. The alert arrives through the real worker and beat. Last, it revokes
the appointment and verifies the audit log.
"""

import io
import os
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import formats, timezone, translation
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from playwright.sync_api import expect, sync_playwright
from pypdf import PdfReader

from civac.signing import validate_pdf
from civac.tenancy.roles import Role
from incidents.deadlines import hours_after
from tests import builders
from tests.factories import PASSWORD

TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def _current_code(secret: str) -> str:
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))
from tests.processes import CeleryProcess, SmtpSink, decoded_subject, process_environment

pytestmark = [pytest.mark.postgres, pytest.mark.services, pytest.mark.browser,
              pytest.mark.django_db(transaction=True)]

BERLIN = ZoneInfo("Europe/Berlin")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the test makes between browser steps are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                              args=CHROMIUM_ARGS)
        yield instance
        instance.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def stack(tmp_path, settings):
    """SMTP server, Celery worker and beat on the test database and Redis."""
    import redis

    redis.Redis.from_url(settings.REDIS_URL or "redis://127.0.0.1:6379/15").flushdb()
    with SmtpSink() as smtp:
        env = process_environment(smtp_url=smtp.url, var_dir=tmp_path)
        processes = [CeleryProcess("worker", env, tmp_path), CeleryProcess("beat", env, tmp_path)]
        try:
            yield smtp
        finally:
            for process in processes:
                process.stop()


def sign_in(browser, base_url, email):
    context = browser.new_context(locale="de-DE", accept_downloads=True, base_url=base_url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.get_by_role("heading", name="Ihre Workspaces")).to_be_visible()
    return page


def german_zoned(value) -> str:
    local = value.astimezone(BERLIN)
    with translation.override("de"):
        stamp = formats.date_format(local, "SHORT_DATETIME_FORMAT")
    return f"{stamp} Europe/Berlin ({local.tzname()})"


def test_main_job_in_chromium(live_server, browser, stack, personas, workspace, tmp_path):
    base = live_server.url
    ws = f"/w/{workspace.slug}"
    builders.ciso_role()  # an earlier transactional test may have emptied the catalogue table

    # 1. The officer registers the CISO and drafts the appointment.
    officer = sign_in(browser, base, personas[Role.OFFICER].email)
    officer.goto(f"{ws}/officers/new/")
    officer.fill("input[name=first_name]", "Anna")
    officer.fill("input[name=last_name]", "Schneider")
    officer.fill("input[name=email]", "anna.schneider@partner.example")
    officer.select_option("select[name=employer_kind]", "partner")
    officer.fill("input[name=employer_name]", "Helpers Beratung GmbH")
    officer.click("main form button[type=submit]")
    expect(officer.get_by_text("Anna Schneider")).to_be_visible()
    officer.goto(f"{ws}/officers/new/")
    officer.fill("input[name=first_name]", "Jonas")
    officer.fill("input[name=last_name]", "Weber")
    officer.fill("input[name=email]", "jonas.weber@acme.example")
    officer.click("main form button[type=submit]")

    officer.goto(f"{ws}/officers/appointments/new/")
    officer.select_option("select[name=role]", label="Informationssicherheitsbeauftragte/r (ISB)")
    officer.select_option("select[name=officer]", label="Anna Schneider")
    officer.select_option("select[name=deputy]", label="Jonas Weber")
    officer.check("input[name=is_external]")
    officer.fill("input[name=starts_on]", "2026-12-01")
    officer.fill("textarea[name=scope]", "Gesamte Organisation, alle Standorte")
    officer.click("main form button[type=submit]")
    officer.get_by_role("button", name="Bestellungsurkunde zur Unterschrift ausstellen").click()
    expect(officer.locator("#appointment-status")).to_have_text("Wartet auf Unterschrift")
    appointment_url = officer.url

    # 2. Management signs in the browser with password and second factor, then downloads the signed certificate.
    management = sign_in(browser, base, personas[Role.MANAGEMENT].email)
    TOTP.activate(personas[Role.MANAGEMENT], TOTP_SECRET)  # set up after sign-in, so its code is still unused
    management.goto(appointment_url)
    management.check("input[name=confirm]")
    management.fill("input[name=password]", PASSWORD)
    management.fill("input[name=otp_code]", _current_code(TOTP_SECRET))
    management.get_by_role("button", name="Bestellungsurkunde unterzeichnen").click()
    expect(management.locator("#appointment-status")).to_have_text("Aktiv")
    expect(management.locator("#signature-status")).to_contain_text(personas[Role.MANAGEMENT].email)
    with management.expect_download() as download_info:
        management.click("#signed-pdf")
    pdf_path = tmp_path / "signed.pdf"
    download_info.value.save_as(pdf_path)
    signed_pdf = pdf_path.read_bytes()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(signed_pdf)).pages)
    assert "Anna Schneider" in text
    assert "Jonas Weber" in text  # deputy
    assert "Informationssicherheitsbeauftragte/r (ISB)" in text
    assert "Elektronisch unterzeichnet" in text
    # pyHanko runs its own event loop, which cannot start inside Playwright's; check in another thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        seal = pool.submit(validate_pdf, signed_pdf).result()
    assert seal.signed
    assert seal.intact
    assert seal.valid

    # The public verification page, without signing in: valid, exact file, altered copy rejected.
    verification_code = re.search(r"[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}", text).group(0)
    public = browser.new_context(locale="de-DE", base_url=base).new_page()
    public.goto(f"/verify/{verification_code}/")
    expect(public.locator("#verify-state")).to_have_class("ok")
    expect(public.locator("main")).to_contain_text("Anna Schneider")
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(signed_pdf.replace(b"Anna", b"Anne", 1) if b"Anna" in signed_pdf else signed_pdf[:-20])
    public.set_input_files("input[name=document]", str(altered))
    public.click("main form[method=post] button[type=submit]")
    expect(public.locator("#upload-result")).to_have_class("overdue")
    public.set_input_files("input[name=document]", str(pdf_path))
    public.click("main form[method=post] button[type=submit]")
    expect(public.locator("#upload-result")).to_have_class("ok")

    # 3. The officer opens an incident that became known half an hour ago.
    aware_at = (timezone.now() - timedelta(minutes=30)).astimezone(BERLIN).replace(second=0, microsecond=0)
    officer.goto(f"{ws}/incidents/new/")
    officer.fill("input[name=title]", "Verschlüsselungstrojaner auf Dateiserver")
    officer.fill("input[name=aware_local]", aware_at.strftime("%Y-%m-%dT%H:%M"))
    officer.check("input[name=significant]")
    officer.click("main form button[type=submit]")
    early = officer.locator("tr[data-kind=nis2_early_warning]")
    notification = officer.locator("tr[data-kind=nis2_notification]")
    expect(early.locator("td.due")).to_have_text(german_zoned(hours_after(aware_at, 24)))
    expect(notification.locator("td.due")).to_have_text(german_zoned(hours_after(aware_at, 72)))
    expect(officer.locator("tr.obligation.pending")).to_contain_text("Abschlussmeldung")
    expect(early).to_contain_text("noch ")

    # 4. The first alert arrives through beat, worker and SMTP.
    alerts = stack.wait_for(lambda message: "Frühe Erstmeldung" in decoded_subject(message), timeout=90)
    assert "Verschlüsselungstrojaner auf Dateiserver" in decoded_subject(alerts[0])
    assert alerts[0]["Message-ID"].startswith("<alert-")

    # 5. The officer records the early warning's submission.
    early.get_by_role("link", name="Übermittlung erfassen").click()
    officer.fill("input[name=submitted_local]", timezone.now().astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M"))
    officer.fill("input[name=reference_number]", "BSI-MS-2026-4711")
    officer.click("main form button[type=submit]")
    expect(officer.locator("tr[data-kind=nis2_early_warning]")).to_contain_text("BSI-MS-2026-4711")

    # 6. Revoking the appointment shows on the public verification page.
    officer.goto(appointment_url)
    officer.locator("details", has=officer.locator("form[action$='/revoke/']")).locator("summary").click()
    officer.fill("textarea[name=reason]", "Mandat beendet")
    officer.locator("form[action$='/revoke/'] button[type=submit]").click()
    public.goto(f"/verify/{verification_code}/")
    expect(public.locator("#verify-state")).to_have_class("overdue")

    # 7. The audit log is intact, in the browser and on the command line, until a row is changed.
    officer.goto(f"{ws}/audit/")
    officer.get_by_role("button", name="Hash-Kette prüfen").click()
    expect(officer.locator("#chain-status")).to_contain_text("Hash-Kette intakt")
    call_command("verify_audit_log", "--workspace", workspace.slug)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_no_update_delete")
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'mallory' WHERE workspace_id = %s "
                       "AND action = 'sign'", [workspace.pk])
        cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_no_update_delete")
    with pytest.raises(CommandError):
        call_command("verify_audit_log", "--workspace", workspace.slug)
    officer.goto(f"{ws}/audit/?verify=1")
    expect(officer.locator("#chain-status")).to_contain_text("unterbrochen")
