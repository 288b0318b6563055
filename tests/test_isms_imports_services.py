"""Imports: each register's rows checked like the create form, and the confirmation (atomic, once, audited)."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Asset, ImportBatch, ProtectionNeed, Risk, Supplier
from isms.services.imports import import_confirm, import_discard, import_preview
from tests import factories
from tests.builders_risks import make_asset, make_risk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _preview(workspace, actor, kind: str, text: str, name: str = "import.csv") -> ImportBatch:
    upload = SimpleUploadedFile(name, text.encode("utf-8"))
    with workspace_context(workspace), acting_as(actor):
        return import_preview(actor=actor, workspace=workspace, kind=kind, upload=upload)


def _confirm(workspace, actor, batch):
    with workspace_context(workspace), acting_as(actor):
        return import_confirm(actor=actor, workspace=workspace, batch_id=batch.pk)


def _errors(batch, line: int) -> dict:
    row = next(row for row in batch.rows if row["line"] == line)
    return {error["column"]: error["message"] for error in row["errors"]}


@pytest.fixture
def officer(personas):
    return personas[Role.OFFICER]


# Assets

def test_asset_row_valid_with_german_labels(workspace, officer):
    batch = _preview(workspace, officer, "asset",
                     f"Name;Art;Verantwortliche/r E-Mail;Vertraulichkeit;Integrität\n"
                     f"ERP-System;System;{officer.email.upper()};sehr hoch;\n")
    assert batch.error_count == 0
    assert _confirm(workspace, officer, batch).created == 1
    with workspace_context(workspace):
        asset = Asset.objects.get(name="ERP-System")
    assert asset.owner_id == officer.pk
    assert asset.confidentiality == ProtectionNeed.VERY_HIGH
    assert asset.integrity == ProtectionNeed.NORMAL


def test_asset_dependency_resolved_by_name(workspace, officer):
    server = make_asset(workspace, name="File server")
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner role,Depends on\nShare,information,IT,file SERVER\n")
    assert batch.error_count == 0
    _confirm(workspace, officer, batch)
    with workspace_context(workspace):
        assert list(Asset.objects.get(name="Share").dependencies.all()) == [server]


def test_asset_unknown_owner_and_dependency_are_errors(workspace, officer):
    batch = _preview(workspace, officer, "asset",
                     "Name,Kind,Owner e-mail,Depends on\nShare,Information,nobody@example.com,Mainframe\n")
    errors = _errors(batch, 2)
    assert "nobody@example.com" in errors["owner"]
    assert "no asset named “Mainframe”" in errors["dependencies"]
    assert batch.error_count == 1


def test_asset_service_rule_is_applied(workspace, officer):
    batch = _preview(workspace, officer, "asset", "Name,Kind\nShare,Information\n")
    assert _errors(batch, 2) == {"owner": "Name an owner: choose a member or enter the owning role."}


def test_asset_invalid_choice_names_accepted_values(workspace, officer):
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner role\nShare,Gadget,IT\n")
    message = _errors(batch, 2)["kind"]
    assert "“Gadget” is not a valid choice" in message
    assert "Information" in message


def test_asset_duplicates_existing_and_in_file(workspace, officer):
    make_asset(workspace, name="ERP-System")
    batch = _preview(workspace, officer, "asset",
                     "Name,Kind,Owner role\nerp-system,System,IT\nCRM,System,IT\ncrm ,System,IT\n")
    assert "already exists" in _errors(batch, 2)["name"]
    assert _errors(batch, 3) == {}
    assert "first in row 3" in _errors(batch, 4)["name"]
    assert batch.error_count == 2


# Risks

def test_risk_row_valid_with_levels_and_german_date(workspace, officer):
    make_asset(workspace, name="ERP-System")
    due = timezone.localdate() + timedelta(days=30)
    batch = _preview(workspace, officer, "risk",
                     "Title,Assets,Threat,Vulnerability,Risk owner e-mail,Inherent likelihood,Inherent impact,"
                     "Residual likelihood,Residual impact,Treatment option,Treatment description,Treatment due on,"
                     "Status\n"
                     f"Ransomware,ERP-System,Malware,Macros,{officer.email},3,4,2,2,verändern (MINDERN),Backups,"
                     f"{due:%d.%m.%Y},Behandlung geplant\n")
    assert batch.rows[0]["errors"] == []
    _confirm(workspace, officer, batch)
    with workspace_context(workspace):
        risk = Risk.objects.get(title="Ransomware")
        assert [asset.name for asset in risk.assets.all()] == ["ERP-System"]
    assert (risk.inherent_likelihood, risk.residual_impact) == (3, 2)
    assert risk.treatment_option == Risk.Treatment.MODIFY
    assert risk.treatment_due_on == due


def test_risk_unknown_asset_and_rating_outside_scale(workspace, officer):
    batch = _preview(workspace, officer, "risk",
                     "Title,Assets,Threat,Vulnerability,Inherent likelihood,Inherent impact\n"
                     "Theft,Laptop,Burglar,Open door,9,2\n")
    errors = _errors(batch, 2)
    assert "no asset named “Laptop”" in errors["assets"]
    assert "1 to 4" in errors["inherent_likelihood"]


def test_risk_service_rule_past_due_date(workspace, officer):
    batch = _preview(workspace, officer, "risk",
                     "Title,Threat,Vulnerability,Inherent likelihood,Inherent impact,Treatment due on\n"
                     "Theft,Burglar,Open door,2,2,2001-01-01\n")
    assert "in the past" in _errors(batch, 2)["treatment_due_on"]


def test_risk_duplicate_title(workspace, officer):
    make_risk(workspace, title="Theft")
    batch = _preview(workspace, officer, "risk",
                     "Title,Threat,Vulnerability,Inherent likelihood,Inherent impact\nTheft,Burglar,Door,2,2\n")
    assert "already exists" in _errors(batch, 2)["title"]


# Suppliers

def test_supplier_row_valid_with_defaults(workspace, officer):
    risk = make_risk(workspace, title="Hoster fails")
    batch = _preview(workspace, officer, "supplier",
                     "Name;Leistungen;Verarbeitet personenbezogene Daten;AVV unterzeichnet am;Risiken\n"
                     "Hoster GmbH;Hosting;ja;01.02.2026;hoster fails\n")
    assert batch.error_count == 0
    _confirm(workspace, officer, batch)
    with workspace_context(workspace):
        supplier = Supplier.objects.get(name="Hoster GmbH")
        assert list(supplier.risks.all()) == [risk]
    assert supplier.processes_personal_data is True
    assert supplier.review_interval_months == 12
    assert supplier.criticality == Supplier.Criticality.MEDIUM


def test_supplier_unknown_risk_and_service_rule(workspace, officer):
    batch = _preview(workspace, officer, "supplier",
                     "Name,Services,DPA signed on,Risks,Processes personal data\n"
                     "Hoster,Hosting,2026-02-01,,no\nPrinter,Printing,,Paper jam,maybe\n")
    assert "tick that box or clear the date" in _errors(batch, 2)["dpa_signed_on"]
    errors = _errors(batch, 3)
    assert "no risk titled “Paper jam”" in errors["risks"]
    assert "not yes or no" in errors["processes_personal_data"]


def test_supplier_duplicate_in_file(workspace, officer):
    batch = _preview(workspace, officer, "supplier", "Name,Services\nHoster,Hosting\nHOSTER,Backup\n")
    assert "appears more than once" in _errors(batch, 3)["name"]


def test_supplier_invalid_date_names_formats(workspace, officer):
    batch = _preview(workspace, officer, "supplier", "Name,Services,Next review on\nHoster,Hosting,31.02.2026\n")
    assert "YYYY-MM-DD or DD.MM.YYYY" in _errors(batch, 2)["next_review_on"]


# Confirmation

def test_confirm_with_errors_imports_nothing(workspace, officer):
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner role\nA,System,IT\nB,Gadget,IT\n")
    outcome = _confirm(workspace, officer, batch)
    assert outcome.created == 0
    with workspace_context(workspace):
        assert not Asset.objects.exists()
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEWED


def test_confirm_rechecks_rows_changed_since_preview(workspace, officer):
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner role\nA,System,IT\nB,System,IT\n")
    make_asset(workspace, name="B")
    outcome = _confirm(workspace, officer, batch)
    assert outcome.created == 0
    assert outcome.batch.error_count == 1
    with workspace_context(workspace):
        assert list(Asset.objects.values_list("name", flat=True)) == ["B"]


def test_confirm_twice_imports_once_with_audit_events(workspace, officer):
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner role\nA,System,IT\nB,System,IT\n")
    assert _confirm(workspace, officer, batch).created == 2
    assert _confirm(workspace, officer, batch).created == 0
    with workspace_context(workspace):
        assert Asset.objects.count() == 2
        stored = ImportBatch.objects.get(pk=batch.pk)
    assert stored.status == ImportBatch.Status.IMPORTED
    events = AuditEvent.objects.filter(workspace_id=workspace.pk)
    assert events.filter(action="create", object_type="isms.asset").count() == 2
    assert events.filter(action="upload", object_type="isms.importbatch", object_id=str(batch.pk)).count() == 1
    imported = events.get(action="import", object_type="isms.importbatch")
    assert imported.changes["sha256"] == batch.sha256
    assert imported.changes["rows"] == 2
    assert imported.actor_id == officer.pk


def test_confirm_is_atomic_when_a_service_fails(workspace, officer, monkeypatch):
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner role\nA,System,IT\nB,System,IT\n")
    from isms.services.imports.registers import assets as asset_register

    real_create = asset_register.asset_create
    calls = []

    def create_then_fail(**kwargs):
        calls.append(kwargs["name"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_create(**kwargs)

    monkeypatch.setattr(asset_register, "asset_create", create_then_fail)
    with pytest.raises(RuntimeError):
        _confirm(workspace, officer, batch)
    assert calls == ["A", "B"]
    with workspace_context(workspace):
        assert not Asset.objects.exists()
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.PREVIEWED
    assert not AuditEvent.objects.filter(action="import").exists()


def test_discard_drops_rows_and_blocks_import(workspace, officer):
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner role\nA,System,IT\n")
    with workspace_context(workspace), acting_as(officer):
        discarded = import_discard(actor=officer, batch_id=batch.pk)
    assert discarded.status == ImportBatch.Status.DISCARDED
    assert discarded.rows == []
    assert _confirm(workspace, officer, batch).created == 0
    with workspace_context(workspace):
        assert not Asset.objects.exists()
    assert AuditEvent.objects.filter(action="discard", object_id=str(batch.pk)).count() == 1


def test_owner_from_other_workspace_is_not_a_member(workspace, other_workspace, officer):
    stranger = factories.make_user("stranger@rival.example")
    factories.add_member(other_workspace, stranger, Role.OFFICER)
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner e-mail\nA,System,stranger@rival.example\n")
    assert "stranger@rival.example" in _errors(batch, 2)["owner"]


# Row shape

def test_extra_cells_are_a_row_error(workspace, officer):
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner role\nX,system,IT,SURPRISE,more\nY,system,IT\n")
    assert batch.error_count == 1
    message = _errors(batch, 2)[""]
    assert "2 more values than the header has column names" in message
    assert "“SURPRISE”, “more”" in message
    assert "double quotation marks" in message
    assert _errors(batch, 3) == {}


def test_extra_cells_block_the_confirmation(workspace, officer):
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner role\nX,system,IT,SURPRISE\n")
    assert _confirm(workspace, officer, batch).created == 0
    batch.refresh_from_db()
    assert batch.error_count == 1
    assert batch.rows[0]["extra_cells"] == ["SURPRISE"]


# Lists of linked records

def test_bar_separates_linked_risks(workspace, officer):
    first, second = make_risk(workspace, title="Risk A"), make_risk(workspace, title="Risk B")
    batch = _preview(workspace, officer, "supplier", "Name;Services;Risks\nHoster;Hosting;Risk A | risk b\n")
    assert batch.error_count == 0
    _confirm(workspace, officer, batch)
    with workspace_context(workspace):
        supplier = Supplier.objects.get(name="Hoster")
        assert set(supplier.risks.all()) == {first, second}


def test_quoted_semicolon_separates_linked_risks(workspace, officer):
    make_risk(workspace, title="Risk A")
    make_risk(workspace, title="Risk B")
    batch = _preview(workspace, officer, "supplier", 'Name;Services;Risks\nHoster;Hosting;"Risk A;Risk B"\n')
    assert batch.error_count == 0


def test_unquoted_semicolon_in_list_is_an_error(workspace, officer):
    make_risk(workspace, title="Risk A")
    make_risk(workspace, title="Risk B")
    batch = _preview(workspace, officer, "supplier", "Name;Services;Risks\nHoster;Hosting;Risk A;Risk B\n")
    assert batch.error_count == 1
    assert "“Risk B”" in _errors(batch, 2)[""]


# Formulas

def test_formula_without_result_is_named(workspace, officer):
    workbook = Workbook()
    workbook.active.append(["Name", "Kind", "Owner role"])
    workbook.active.append(["=A1&\"-ERP\"", "system", "IT"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("assets.xlsx", buffer.getvalue())
    with workspace_context(workspace), acting_as(officer):
        batch = import_preview(actor=officer, workspace=workspace, kind="asset", upload=upload)
    errors = _errors(batch, 2)
    assert "formula without a saved result" in errors["name"]
    assert "save it there, or enter the value" in errors["name"]
    assert "required" not in errors["name"]
    assert _confirm(workspace, officer, batch).created == 0


# Own messages for the cells the import reads

def test_invalid_email_and_integer_have_own_messages(workspace, officer):
    batch = _preview(workspace, officer, "supplier",
                     "Name,Services,Contact e-mail,Review interval in months\nHoster,Hosting,not-an-address,twelve\n")
    errors = _errors(batch, 2)
    assert errors["contact_email"] == ("“not-an-address” is not a valid e-mail address. Enter an address such as "
                                       "name@example.com.")
    assert errors["review_interval_months"] == "“twelve” is not a whole number. Enter digits only, for example 12."


def test_interval_outside_range_names_limits(workspace, officer):
    batch = _preview(workspace, officer, "supplier", "Name,Services,Review interval in months\nHoster,Hosting,40\n")
    assert "between 1 and 36 months" in _errors(batch, 2)["review_interval_months"]


def test_missing_asset_named_per_kind(workspace, officer):
    batch = _preview(workspace, officer, "asset", "Name,Kind,Owner role,Depends on\nShare,information,IT,Nowhere\n")
    assert _errors(batch, 2)["dependencies"].startswith("There is no asset named “Nowhere”")


def test_german_owner_headers_match(workspace, officer):
    batch = _preview(workspace, officer, "asset",
                     f"Name;Art;Eigentümer/in E-Mail;Eigentümer/in Rolle\nERP;System;{officer.email};IT\n")
    assert batch.error_count == 0
