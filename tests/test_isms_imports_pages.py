"""Import pages: who may import, the upload and preview steps, templates and foreign batch ids."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Asset, ImportBatch, Supplier
from isms.services.risks import methodology_for
from tests import factories
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ASSET_CSV = b"Name,Kind,Owner role\nERP-System,System,Head of IT\n"


def _upload(client, workspace, kind: str, content: bytes, name: str = "import.csv"):
    return client.post(f"/w/{workspace.slug}/isms/{kind}/import/", {"file": SimpleUploadedFile(name, content)})


def _batch(workspace) -> ImportBatch:
    with workspace_context(workspace):
        return ImportBatch.objects.get()


def test_reader_cannot_import(personas, workspace):
    auditor = client_for(personas[Role.AUDITOR])
    assert auditor.get(f"/w/{workspace.slug}/isms/assets/import/").status_code == 403
    assert _upload(auditor, workspace, "assets", ASSET_CSV).status_code == 403
    assert auditor.get(f"/w/{workspace.slug}/isms/assets/import/template.csv").status_code == 403
    with workspace_context(workspace):
        assert not ImportBatch.objects.exists()


def test_reader_cannot_confirm_a_preview(personas, workspace):
    _upload(client_for(personas[Role.OFFICER]), workspace, "assets", ASSET_CSV)
    batch = _batch(workspace)
    auditor = client_for(personas[Role.AUDITOR])
    assert auditor.get(f"/w/{workspace.slug}/isms/imports/{batch.pk}/").status_code == 403
    assert auditor.post(f"/w/{workspace.slug}/isms/imports/{batch.pk}/confirm/").status_code == 403
    with workspace_context(workspace):
        assert not Asset.objects.exists()


def test_import_button_only_for_editors(personas, workspace):
    path = f"/w/{workspace.slug}/isms/assets/"
    button = f'href="/w/{workspace.slug}/isms/assets/import/"'.encode()
    assert button in client_for(personas[Role.OFFICER]).get(path).content
    assert button not in client_for(personas[Role.AUDITOR]).get(path).content


def test_upload_preview_and_import(personas, workspace):
    officer = client_for(personas[Role.OFFICER])
    response = _upload(officer, workspace, "assets", ASSET_CSV)
    batch = _batch(workspace)
    assert response.status_code == 302
    assert response["Location"] == f"/w/{workspace.slug}/isms/imports/{batch.pk}/"
    preview = officer.get(response["Location"])
    assert b"ERP-System" in preview.content
    assert b"Import 1 record" in preview.content
    response = officer.post(f"/w/{workspace.slug}/isms/imports/{batch.pk}/confirm/", follow=True)
    assert b"1 record imported." in response.content
    response = officer.post(f"/w/{workspace.slug}/isms/imports/{batch.pk}/confirm/", follow=True)
    assert b"already imported" in response.content
    with workspace_context(workspace):
        assert Asset.objects.count() == 1


def test_preview_shows_row_errors_and_no_import_button(personas, workspace):
    officer = client_for(personas[Role.OFFICER])
    _upload(officer, workspace, "suppliers", b"Name,Services,Criticality\nHoster,Hosting,enormous\n")
    preview = officer.get(f"/w/{workspace.slug}/isms/imports/{_batch(workspace).pk}/").content.decode()
    assert "<strong>Criticality</strong>: “enormous” is not a valid choice" in preview
    assert "import-confirm" not in preview
    with workspace_context(workspace):
        assert not Supplier.objects.exists()


def test_bad_file_is_rejected_on_the_upload_form(personas, workspace):
    officer = client_for(personas[Role.OFFICER])
    response = _upload(officer, workspace, "risks", b"%PDF-1.7", name="risks.pdf")
    assert response.status_code == 400
    assert "is not a CSV or XLSX file" in response.content.decode()
    response = _upload(officer, workspace, "risks", b"Title,Colour\nTheft,red\n")
    assert response.status_code == 400
    content = response.content.decode()
    assert "The column “Colour” is unknown" in content
    assert "The required column “Threat” is missing" in content
    with workspace_context(workspace):
        assert not ImportBatch.objects.exists()


def test_discard_preview(personas, workspace):
    officer = client_for(personas[Role.OFFICER])
    _upload(officer, workspace, "assets", ASSET_CSV)
    batch = _batch(workspace)
    response = officer.post(f"/w/{workspace.slug}/isms/imports/{batch.pk}/discard/")
    assert response["Location"] == f"/w/{workspace.slug}/isms/assets/import/"
    assert _batch(workspace).status == ImportBatch.Status.DISCARDED
    assert officer.post(f"/w/{workspace.slug}/isms/imports/{batch.pk}/confirm/").status_code == 302
    with workspace_context(workspace):
        assert not Asset.objects.exists()


def test_templates_in_both_languages(personas, workspace):
    officer = client_for(personas[Role.OFFICER])
    response = officer.get(f"/w/{workspace.slug}/isms/risks/import/template.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").splitlines()[0].startswith("Title,Assets,Threat")
    response = officer.get(f"/w/{workspace.slug}/isms/suppliers/import/template.xlsx", HTTP_ACCEPT_LANGUAGE="de")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    assert header[:2] == ("Name", "Leistungen")
    german_csv = officer.get(f"/w/{workspace.slug}/isms/assets/import/template.csv", HTTP_ACCEPT_LANGUAGE="de")
    assert german_csv.content.decode("utf-8-sig").splitlines()[0].startswith("Name;Art;")


def test_foreign_batch_id_is_404(personas, workspace, other_workspace):
    officer = client_for(personas[Role.OFFICER])
    rival = factories.make_user("rival-officer@rival.example")
    factories.add_member(other_workspace, rival, Role.OFFICER)
    _upload(client_for(rival), other_workspace, "assets", ASSET_CSV)
    foreign = _batch(other_workspace)
    base = f"/w/{workspace.slug}/isms/imports/{foreign.pk}/"
    assert officer.get(base).status_code == 404
    assert officer.post(base + "confirm/").status_code == 404
    assert officer.post(base + "discard/").status_code == 404
    assert _batch(other_workspace).status == ImportBatch.Status.PREVIEWED


def test_upload_page_names_column_rules(personas, workspace):
    page = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/isms/assets/import/").content.decode()
    assert "Required when “Owner role” is empty." in page
    assert "Required when “Owner e-mail” is empty." in page


def test_supplier_page_names_interval_limits(personas, workspace):
    page = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/isms/suppliers/import/").content.decode()
    assert "1 to 36 months; 12 when empty." in page


def test_risk_page_lists_scale_levels(personas, workspace):
    with workspace_context(workspace):
        levels = methodology_for(workspace).likelihood_levels
    page = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/isms/risks/import/").content.decode()
    assert f"1 = {levels[0]['label']}" in page
    assert f"{len(levels)} = {levels[-1]['label']}" in page


def test_asset_page_lists_choices(personas, workspace):
    page = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/isms/assets/import/").content.decode()
    assert "normal, high, very high" in page
    assert "Names of existing assets, several separated by |" in page


def test_upload_help_formats_numbers_per_language(personas, workspace):
    client = client_for(personas[Role.OFFICER])
    english = client.get(f"/w/{workspace.slug}/isms/assets/import/").content.decode()
    german = client.get(f"/w/{workspace.slug}/isms/assets/import/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "2,000" in english
    assert "2.000" in german


def test_open_previews_show_counts_and_time(personas, workspace):
    client = client_for(personas[Role.OFFICER])
    _upload(client, workspace, "assets", b"Name,Kind,Owner role\nERP,System,IT\nFan,Toaster,IT\nWiki,System,IT\n",
            name="three.csv")
    batch = _batch(workspace)
    page = client.get(f"/w/{workspace.slug}/isms/assets/import/").content.decode()
    row = page.split("three.csv", 1)[1].split("</tr>", 1)[0]
    assert "<td>3</td><td>1</td>" in row
    assert "Europe/Berlin" in row
    assert batch.error_count == 1
