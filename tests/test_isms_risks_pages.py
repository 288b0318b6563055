"""Asset and risk pages: access by role, forms with their errors, heat map, treatment plan and exports."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from openpyxl import load_workbook

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Asset, Risk, RiskMethodology
from isms.services.risks import acceptance_sha256, methodology_for
from tests.builders_risks import make_asset, make_risk
from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _client(user):
    """A signed-in client that asks for English, so assertions on text hold once German translations exist."""
    client = client_for(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _url(workspace, path=""):
    return f"/w/{workspace.slug}/isms/{path}"


def _risk_post(**overrides):
    data = {"title": "Stolen laptop", "threat": "Theft while travelling", "vulnerability": "Disk not encrypted",
            "inherent_likelihood": "3", "inherent_impact": "3", "residual_likelihood": "", "residual_impact": "",
            "treatment_option": "", "treatment_description": "", "treatment_due_on": "", "status": "identified"}
    data.update(overrides)
    return data


def test_officer_creates_asset_with_dependency(personas, workspace):
    network = make_asset(workspace, name="Network")
    client = _client(personas[Role.OFFICER])
    response = client.post(_url(workspace, "assets/new/"), {
        "name": "ERP", "kind": "system", "owner": personas[Role.OFFICER].pk, "owner_role": "",
        "confidentiality": "high", "integrity": "normal", "availability": "very_high",
        "dependencies": [str(network.pk)]})
    assert response.status_code == 302
    with workspace_context(workspace):
        erp = Asset.objects.get(name="ERP")
        assert list(erp.dependencies.values_list("name", flat=True)) == ["Network"]


def test_asset_form_rejects_self_dependency(personas, workspace):
    asset = make_asset(workspace)
    response = _client(personas[Role.OFFICER]).post(_url(workspace, f"assets/{asset.pk}/edit/"), {
        "name": asset.name, "kind": "system", "owner_role": "IT", "confidentiality": "normal",
        "integrity": "normal", "availability": "normal", "dependencies": [str(asset.pk)]})
    assert response.status_code == 400
    assert "cannot depend on itself" in response.content.decode()


def test_auditor_cannot_create_asset(personas, workspace):
    response = _client(personas[Role.AUDITOR]).post(_url(workspace, "assets/new/"), {"name": "X"})
    assert response.status_code == 403


def test_asset_list_filters_by_kind_and_need(personas, workspace):
    make_asset(workspace, name="Customer data", kind=Asset.Kind.INFORMATION, confidentiality="very_high")
    make_asset(workspace, name="Office Berlin", kind=Asset.Kind.LOCATION)
    client = _client(personas[Role.AUDITOR])
    by_kind = client.get(_url(workspace, "assets/"), {"kind": "location"}).content.decode()
    by_need = client.get(_url(workspace, "assets/"), {"need": "very_high"}).content.decode()
    assert "Office Berlin" in by_kind
    assert "Customer data" not in by_kind
    assert "Customer data" in by_need
    assert "Office Berlin" not in by_need


def test_officer_creates_risk(personas, workspace):
    asset = make_asset(workspace)
    response = _client(personas[Role.OFFICER]).post(
        _url(workspace, "risks/new/"), _risk_post(assets=[str(asset.pk)], owner=personas[Role.OFFICER].pk))
    assert response.status_code == 302
    with workspace_context(workspace):
        risk = Risk.objects.get()
        assert list(risk.assets.all()) == [asset]


def test_risk_form_rejects_level_outside_scale(personas, workspace):
    response = _client(personas[Role.OFFICER]).post(_url(workspace, "risks/new/"),
                                                       _risk_post(inherent_impact="5"))
    assert response.status_code == 400
    assert "Choose a level from 1 to 4." in response.content.decode()
    with workspace_context(workspace):
        assert not Risk.objects.exists()


def test_risk_form_rejects_past_due_date(personas, workspace):
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = _client(personas[Role.OFFICER]).post(_url(workspace, "risks/new/"), _risk_post(
        treatment_option="modify", treatment_description="Encrypt disks", treatment_due_on=yesterday))
    assert response.status_code == 400
    assert "is in the past" in response.content.decode()


def test_management_accepts_on_page(personas, workspace):
    risk = make_risk(workspace, inherent=(4, 4), residual=(3, 3), treatment_option=Risk.Treatment.RETAIN)
    with workspace_context(workspace):
        digest = acceptance_sha256(risk, methodology_for(workspace))
    client = _client(personas[Role.MANAGEMENT])
    page = client.get(_url(workspace, f"risks/{risk.pk}/")).content.decode()
    response = client.post(_url(workspace, f"risks/{risk.pk}/accept/"),
                           {"confirmed_sha256": digest, "confirm": "on", "password": PASSWORD})
    assert "awaiting management acceptance" in page
    assert response.status_code == 302
    with workspace_context(workspace):
        assert Risk.objects.get(pk=risk.pk).current_acceptance_id is not None


def test_wrong_password_keeps_risk_unaccepted(personas, workspace):
    risk = make_risk(workspace, residual=(3, 3))
    with workspace_context(workspace):
        digest = acceptance_sha256(risk, methodology_for(workspace))
    response = _client(personas[Role.MANAGEMENT]).post(
        _url(workspace, f"risks/{risk.pk}/accept/"), {"confirmed_sha256": digest, "confirm": "on", "password": "x"})
    assert response.status_code == 400
    assert "The password is not correct." in response.content.decode()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.AUDITOR, Role.PARTNER_STAFF])
def test_only_management_may_accept(personas, workspace, role):
    risk = make_risk(workspace, residual=(3, 3))
    response = _client(personas[role]).post(_url(workspace, f"risks/{risk.pk}/accept/"), {})
    assert response.status_code == 403


def test_heat_map_links_cells_to_list(personas, workspace):
    make_risk(workspace, title="Flood", inherent=(1, 4))
    page = _client(personas[Role.AUDITOR]).get(_url(workspace, "risks/heat-map/")).content.decode()
    assert "?basis=inherent&amp;likelihood=1&amp;impact=4" in page
    listed = _client(personas[Role.AUDITOR]).get(_url(workspace, "risks/"),
                                                    {"basis": "inherent", "likelihood": 1, "impact": 4})
    assert "Flood" in listed.content.decode()


def test_risk_list_reports_invalid_filter(personas, workspace):
    make_risk(workspace, title="Flood")
    response = _client(personas[Role.AUDITOR]).get(_url(workspace, "risks/"), {"band": "extreme"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in body
    assert "Flood" in body


def _seed_risks(workspace, count, officer, asset):
    for number in range(count):
        make_risk(workspace, title=f"Risk {number:03d}", inherent=(1 + number % 4, 1 + number % 3),
                  residual=(1, 1 + number % 2), owner=officer, assets=[asset],
                  treatment_option=Risk.Treatment.MODIFY, treatment_description="Patch",
                  treatment_owner=officer, treatment_due_on=timezone.localdate() + timedelta(days=number),
                  status=Risk.Status.PLANNED)


def _count_queries(client, url, params):
    """Count statements with an execute wrapper, which the request's reset of the query log cannot clear."""
    statements = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url, params)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize("params", [{}, {"band": "low", "status": "planned", "treatment": "modify", "q": "Risk"}])
def test_risk_list_queries_constant(personas, workspace, params):
    officer = personas[Role.OFFICER]
    asset = make_asset(workspace)
    client = _client(personas[Role.AUDITOR])
    url = _url(workspace, "risks/")
    params = {**params, "owner": officer.pk, "asset": str(asset.pk)}
    _seed_risks(workspace, 3, officer, asset)
    client.get(url, params)  # warms the session and the methodology
    small = _count_queries(client, url, params)
    _seed_risks(workspace, 57, officer, asset)
    large = _count_queries(client, url, params)
    assert small == large


@pytest.mark.parametrize("path", ["risks/heat-map/", "risks/treatment-plan/", "assets/", "", "risks/methodology/"])
def test_other_pages_queries_constant(personas, workspace, path):
    officer = personas[Role.OFFICER]
    asset = make_asset(workspace)
    client = _client(personas[Role.AUDITOR])
    _seed_risks(workspace, 2, officer, asset)
    client.get(_url(workspace, path))
    small = _count_queries(client, _url(workspace, path), {})
    _seed_risks(workspace, 20, officer, asset)
    for number in range(10):
        make_asset(workspace, name=f"Asset {number}", dependencies=[asset])
    large = _count_queries(client, _url(workspace, path), {})
    assert small == large


def test_risk_list_paginates(personas, workspace):
    officer = personas[Role.OFFICER]
    _seed_risks(workspace, 52, officer, make_asset(workspace))
    client = _client(personas[Role.AUDITOR])
    first = client.get(_url(workspace, "risks/"), {"status": "planned"}).content.decode()
    second = client.get(_url(workspace, "risks/"), {"status": "planned", "page": 2}).content.decode()
    assert "Risk 049" in first
    assert "Risk 050" not in first
    assert "Risk 051" in second
    assert "status=planned&amp;page=2" in first


def test_treatment_plan_orders_by_due_date(personas, workspace):
    later = make_risk(workspace, title="Later", status=Risk.Status.PLANNED, treatment_option=Risk.Treatment.MODIFY,
                      treatment_description="B", treatment_due_on=timezone.localdate() + timedelta(days=9))
    make_risk(workspace, title="Sooner", status=Risk.Status.IN_PROGRESS, treatment_option=Risk.Treatment.AVOID,
              treatment_description="A", treatment_due_on=timezone.localdate() + timedelta(days=1))
    make_risk(workspace, title="Not planned")
    body = _client(personas[Role.AUDITOR]).get(_url(workspace, "risks/treatment-plan/")).content.decode()
    assert body.index("Sooner") < body.index(later.title)
    assert "Not planned" not in body


def test_treatment_plan_xlsx_is_audited(personas, workspace):
    make_risk(workspace, title="=HYPERLINK(\"x\")", status=Risk.Status.PLANNED,
              treatment_option=Risk.Treatment.MODIFY, treatment_description="Patch",
              treatment_due_on=timezone.localdate())
    response = _client(personas[Role.AUDITOR]).get(_url(workspace, "risks/treatment-plan/xlsx/"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    with workspace_context(workspace):
        event = AuditEvent.objects.get(action="export", object_type="isms.risk")
    assert sheet.cell(row=2, column=1).value == "'=HYPERLINK(\"x\")"
    assert event.changes["format"] == "xlsx"
    assert len(event.changes["sha256"]) == 64


def test_treatment_plan_pdf_is_audited(personas, workspace):
    make_risk(workspace, title="Patch backlog", status=Risk.Status.PLANNED, treatment_option=Risk.Treatment.MODIFY,
              treatment_description="Patch", treatment_due_on=timezone.localdate())
    response = _client(personas[Role.OFFICER]).get(_url(workspace, "risks/treatment-plan/pdf/"))
    assert response.content.startswith(b"%PDF-")
    with workspace_context(workspace):
        assert AuditEvent.objects.filter(action="export", changes__format="pdf").count() == 1


def _methodology_post(likelihood=4, impact=4, thresholds=(4, 8, 12), **extra):
    data = {"medium_from": thresholds[0], "high_from": thresholds[1], "critical_from": thresholds[2],
            "acceptance_band": "low"}
    for axis, count in (("likelihood", likelihood), ("impact", impact)):
        for number in range(1, count + 1):
            data[f"{axis}_label_{number}"] = f"{axis} {number}"
    data.update(extra)
    return data


def test_methodology_page_asks_for_mapping(personas, workspace):
    risk = make_risk(workspace, inherent=(2, 4))
    client = _client(personas[Role.OFFICER])
    url = _url(workspace, "risks/methodology/edit/")
    asked = client.post(url, _methodology_post(impact=3, thresholds=(3, 6, 9)))
    body = asked.content.decode()
    assert asked.status_code == 400
    assert 'name="impact_map_4"' in body
    assert 'name="likelihood_map_1"' not in body
    mapped = client.post(url, _methodology_post(impact=3, thresholds=(3, 6, 9), impact_mapping_shown="1",
                                                impact_map_2="2", impact_map_4="3"))
    assert mapped.status_code == 302
    with workspace_context(workspace):
        assert Risk.objects.get(pk=risk.pk).inherent_impact == 3
        assert RiskMethodology.objects.get().impact_count == 3


def test_methodology_form_rejects_gap(personas, workspace):
    data = _methodology_post()
    del data["likelihood_label_2"]
    response = _client(personas[Role.OFFICER]).post(_url(workspace, "risks/methodology/edit/"), data)
    assert response.status_code == 400
    assert "without gaps" in response.content.decode()


def test_overview_shows_cards(personas, workspace):
    make_asset(workspace)
    make_risk(workspace, inherent=(4, 4))
    body = _client(personas[Role.MANAGEMENT]).get(_url(workspace)).content.decode()
    assert "1 asset recorded" in body
    assert "1 awaiting management acceptance" in body
