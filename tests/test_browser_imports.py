"""Importing assets in Chromium: a file with a bad row is previewed with its error, the fixed file is imported."""

import pytest
from playwright.sync_api import expect

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Asset, ImportBatch
from tests.test_browser_isms import browser, sign_in  # noqa: F401 - the browser fixture

pytestmark = [pytest.mark.postgres, pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD = "Name;Art;Eigentümer/in Rolle\nERP-System;System;Leitung IT\nFile server;Toaster;Leitung IT\n"
FIXED = "Name;Art;Eigentümer/in Rolle\nERP-System;System;Leitung IT\nFile server;System;Leitung IT\n"


def test_import_bad_row_then_fixed_file(live_server, browser, personas, workspace, tmp_path):  # noqa: F811
    officer = sign_in(browser, live_server.url, personas[Role.OFFICER].email)
    bad_file, fixed_file = tmp_path / "assets.csv", tmp_path / "assets-fixed.csv"
    bad_file.write_text(BAD, encoding="utf-8-sig")
    fixed_file.write_text(FIXED, encoding="utf-8")

    officer.goto(f"/w/{workspace.slug}/isms/assets/")
    officer.get_by_role("link", name="Import").click()
    officer.set_input_files("input[name=file]", str(bad_file))
    officer.get_by_role("button", name="Check file").click()

    # The preview names the row's column and the accepted values, and offers no import.
    bad_row = officer.locator("tr.has-errors")
    expect(bad_row).to_have_count(1)
    expect(bad_row).to_contain_text("“Toaster” is not a valid choice")
    expect(bad_row.locator("strong")).to_have_text("Kind")
    expect(officer.locator("#import-confirm")).to_have_count(0)

    officer.get_by_role("link", name="Import: Assets").click()
    officer.set_input_files("input[name=file]", str(fixed_file))
    officer.get_by_role("button", name="Check file").click()
    expect(officer.locator("tr.has-errors")).to_have_count(0)
    officer.get_by_role("button", name="Import 2 records").click()
    expect(officer.locator(".messages")).to_contain_text("2 records imported.")
    expect(officer.locator("main")).to_contain_text("File server")

    with workspace_context(workspace):
        assert sorted(Asset.objects.values_list("name", flat=True)) == ["ERP-System", "File server"]
        statuses = sorted(ImportBatch.objects.values_list("status", flat=True))
    assert statuses == [ImportBatch.Status.IMPORTED, ImportBatch.Status.PREVIEWED]
