"""Read-only API resources: workspaces, mandates, controls and quarterly reports."""

import pytest

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import MeasureArea, OwnControl, OwnControlArea
from mandates.models import Mandate
from reporting.models import QuarterlyReport
from tests import builders_controls, builders_reporting, factories
from tests.builders_api import api_path, make_token, token_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def officer(workspace):
    user = factories.make_user("officer@acme.example")
    factories.add_member(workspace, user, Role.OFFICER)
    return user


def test_workspaces_list_shows_role(officer, workspace, other_workspace):
    factories.add_member(other_workspace, officer, Role.AUDITOR)
    _token, secret = make_token(officer)
    response = token_client(secret).get("/api/v1/workspaces/")
    assert response.status_code == 200
    roles = {row["slug"]: row["role"] for row in response.json()["results"]}
    assert roles == {"acme": "officer", "rival": "auditor"}


def test_workspaces_list_limited_by_token(officer, workspace, other_workspace):
    factories.add_member(other_workspace, officer, Role.AUDITOR)
    _token, secret = make_token(officer, workspace=other_workspace)
    slugs = [row["slug"] for row in token_client(secret).get("/api/v1/workspaces/").json()["results"]]
    assert slugs == ["rival"]


def test_workspaces_list_includes_mandated_workspace(workspace):
    partner = factories.make_partner("helpers")
    staff = factories.make_user("staff@helpers.example")
    factories.add_partner_staff(partner, staff)
    factories.grant_mandate(partner, workspace)
    _token, secret = make_token(staff)
    rows = token_client(secret).get("/api/v1/workspaces/").json()["results"]
    assert [(row["slug"], row["role"]) for row in rows] == [("acme", "partner_staff")]


def test_workspace_detail_by_slug(officer, workspace):
    _token, secret = make_token(officer)
    response = token_client(secret).get("/api/v1/workspaces/acme/")
    assert response.status_code == 200
    assert response.json()["legal_name"] == "Acme Maschinenbau GmbH"
    assert response.json()["time_zone"] == "Europe/Berlin"


def test_workspace_detail_foreign_is_404(officer, workspace, other_workspace):
    _token, secret = make_token(officer)
    response = token_client(secret).get("/api/v1/workspaces/rival/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert b"Rival" not in response.content
    denied = AuditEvent.objects.filter(action="access_denied", object_repr="api:rival", actor=officer)
    assert denied.count() == 1


def test_workspace_detail_outside_token_is_404(officer, workspace, other_workspace):
    factories.add_member(other_workspace, officer, Role.OFFICER)
    _token, secret = make_token(officer, workspace=workspace)
    assert token_client(secret).get("/api/v1/workspaces/rival/").status_code == 404


def test_workspaces_need_authentication(workspace):
    response = token_client("").get("/api/v1/workspaces/")
    assert response.status_code == 401


def test_mandates_list_terms_and_partner(officer, workspace):
    partner = factories.make_partner("helpers")
    mandate = factories.grant_mandate(partner, workspace)
    _token, secret = make_token(officer)
    rows = token_client(secret).get(api_path(workspace, "mandates/")).json()["results"]
    assert [row["id"] for row in rows] == [str(mandate.pk)]
    assert rows[0]["partner"]["slug"] == "helpers"
    assert rows[0]["status"] == "active"
    assert rows[0]["starts_on"] == "2026-01-01"


def test_mandates_filter_by_status(officer, workspace):
    factories.grant_mandate(factories.make_partner("one"), workspace)
    ended = factories.grant_mandate(factories.make_partner("two"), workspace, status=Mandate.Status.ENDED)
    _token, secret = make_token(officer)
    rows = token_client(secret).get(api_path(workspace, "mandates/?status=ended")).json()["results"]
    assert [row["id"] for row in rows] == [str(ended.pk)]


def test_mandates_reject_writes(officer, workspace):
    _token, secret = make_token(officer)
    response = token_client(secret).post(api_path(workspace, "mandates/"), {}, format="json")
    assert response.status_code == 405


def test_own_controls_with_measure_areas(officer, workspace):
    builders_controls.annex_a()
    with workspace_context(workspace), acting_as(system="tests"):
        control = OwnControl.objects.create(workspace=workspace, ref="ORG-1", title="Kundenvorgabe")
        OwnControlArea.objects.create(workspace=workspace, control=control, area=MeasureArea.objects.get(number=3))
    _token, secret = make_token(officer)
    response = token_client(secret).get(api_path(workspace, f"controls/{control.pk}/"))
    assert response.status_code == 200
    assert response.json()["ref"] == "ORG-1"
    assert response.json()["measure_areas"] == [3]
    assert response.json()["soa_entry"] is None


def test_catalogue_controls_filter_by_ref(officer, workspace):
    builders_controls.annex_a()
    _token, secret = make_token(officer)
    rows = token_client(secret).get(api_path(workspace, "catalogue-controls/?ref=A.5.1")).json()["results"]
    assert len(rows) == 1
    assert rows[0]["title"] == rows[0]["title_en"]
    assert rows[0]["theme"] == "organizational"


def test_catalogue_title_in_german(officer, workspace):
    builders_controls.annex_a()
    _token, secret = make_token(officer)
    rows = token_client(secret, language="de").get(
        api_path(workspace, "catalogue-controls/?ref=A.5.1")).json()["results"]
    assert rows[0]["title"] == rows[0]["title_de"]


def test_catalogue_has_no_detail_route(officer, workspace):
    builders_controls.annex_a()
    _token, secret = make_token(officer)
    assert token_client(secret).get(api_path(workspace, "catalogue-controls/1/")).status_code == 404


def test_reports_show_release_and_acknowledgements(officer, workspace):
    boss = factories.make_user("boss@acme.example", last_name="Leitner")
    factories.add_member(workspace, boss, Role.MANAGEMENT)
    report = builders_reporting.released_report(workspace, officer=officer, recipients=[boss])
    _token, secret = make_token(officer)
    response = token_client(secret).get(api_path(workspace, f"reports/{report.pk}/"))
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == QuarterlyReport.Status.RELEASED
    assert (body["year"], body["quarter"]) == (2026, 1)
    assert body["released_by"] == "officer@acme.example"
    assert body["released_at"] is not None
    assert body["sha256"] == report.sha256
    assert [item["user"]["email"] for item in body["acknowledgements"]] == ["boss@acme.example"]
    assert body["acknowledgements"][0]["acknowledged_at"] is None


def test_reports_filter_by_status(officer, workspace):
    builders_reporting.rendered_report(workspace)
    _token, secret = make_token(officer)
    client = token_client(secret)
    assert len(client.get(api_path(workspace, "reports/?status=draft")).json()["results"]) == 1
    assert client.get(api_path(workspace, "reports/?status=released")).json()["results"] == []
