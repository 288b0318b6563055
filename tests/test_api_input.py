"""Writes with bad input: foreign ids, unknown fields, wrong types and over-long strings get 400 naming the field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from incidents.models import Incident
from isms.models import Asset
from tests import builders, factories
from tests.builders_api import api_path, make_token, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(workspace):
    user = factories.make_user("officer@acme.example")
    factories.add_member(workspace, user, Role.OFFICER)
    return user


@pytest.fixture
def client(officer):
    _token, secret = make_token(officer)
    return token_client(secret)


def _asset(workspace, name="File server"):
    with workspace_context(workspace), acting_as(system="tests"):
        return Asset.objects.create(workspace=workspace, name=name, kind=Asset.Kind.SYSTEM, owner_role="IT")


def _fields(response) -> dict:
    return {error["field"]: error["code"] for error in response.json()["errors"]}


def test_foreign_asset_dependency_rejected(client, workspace, other_workspace):
    foreign = _asset(other_workspace, "Rival server")
    response = client.post(api_path(workspace, "assets/"), {
        "name": "Data", "kind": "information", "owner_role": "IT", "dependencies": [str(foreign.pk)]}, format="json")
    assert response.status_code == 400
    assert _fields(response) == {"dependencies": "does_not_exist"}
    with workspace_context(workspace):
        assert not Asset.objects.exists()


def test_foreign_member_as_owner_rejected(client, workspace, other_workspace):
    stranger = factories.make_user("stranger@rival.example")
    factories.add_member(other_workspace, stranger, Role.OFFICER)
    response = client.post(api_path(workspace, "tasks/"), {
        "title": "Backup test", "due_on": str(timezone.localdate() + timedelta(days=7)), "owner": stranger.pk},
        format="json")
    assert response.status_code == 400
    assert _fields(response) == {"owner": "does_not_exist"}


def test_foreign_incident_filter_rejected(client, workspace, other_workspace):
    reporter = factories.make_user("reporter@rival.example")
    factories.add_member(other_workspace, reporter, Role.OFFICER)
    foreign = builders.significant_incident(other_workspace, reporter=reporter)
    response = client.get(api_path(workspace, f"obligations/?incident={foreign.pk}"))
    assert response.status_code == 400
    assert "incident" in _fields(response)


def test_unknown_field_rejected(client, workspace):
    response = client.post(api_path(workspace, "officers/"), {
        "first_name": "Max", "last_name": "Muster", "email": "m@acme.example", "workspace": "rival"}, format="json")
    assert response.status_code == 400
    assert _fields(response) == {"workspace": "unknown_field"}


def test_read_only_field_rejected(client, workspace):
    response = client.post(api_path(workspace, "tasks/"), {
        "title": "Backup test", "due_on": str(timezone.localdate()), "status": "done"}, format="json")
    assert response.status_code == 400
    assert _fields(response) == {"status": "unknown_field"}


def test_wrong_type_rejected(client, workspace):
    response = client.post(api_path(workspace, "incidents/"), {
        "title": "Outage", "aware_at": "yesterday", "significant": "perhaps"}, format="json")
    assert response.status_code == 400
    assert _fields(response) == {"aware_at": "invalid", "significant": "invalid"}


def test_non_object_body_rejected(client, workspace):
    response = client.post(api_path(workspace, "incidents/"), ["not", "an", "object"], format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] is None


def test_over_long_string_rejected(client, workspace):
    response = client.post(api_path(workspace, "incidents/"), {
        "title": "x" * 201, "aware_at": (timezone.now() - timedelta(hours=1)).isoformat()}, format="json")
    assert response.status_code == 400
    assert _fields(response) == {"title": "max_length"}
    with workspace_context(workspace):
        assert not Incident.objects.exists()


def test_service_error_names_field(client, workspace):
    response = client.post(api_path(workspace, "incidents/"), {
        "title": "Outage", "aware_at": (timezone.now() + timedelta(days=1)).isoformat()}, format="json")
    assert response.status_code == 400
    assert _fields(response) == {"aware_at": "in_future"}


def test_unknown_time_zone_rejected(client, workspace):
    response = client.post(api_path(workspace, "incidents/"), {
        "title": "Outage", "aware_at": timezone.now().isoformat(), "aware_time_zone": "Mars/Olympus"}, format="json")
    assert response.status_code == 400
    assert _fields(response) == {"aware_time_zone": "invalid_time_zone"}


def test_error_message_in_german(officer, workspace):
    _token, secret = make_token(officer, name="de")
    response = token_client(secret, language="de").post(api_path(workspace, "officers/"), {"last_name": "Muster"},
                                                          format="json")
    assert response.status_code == 400
    messages = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert messages["first_name"] == "Dieses Feld ist zwingend erforderlich."


def test_error_message_in_english(client, workspace):
    response = client.post(api_path(workspace, "officers/"), {"last_name": "Muster"}, format="json")
    messages = {error["field"]: error["message"] for error in response.json()["errors"]}
    assert messages["first_name"] == "This field is required."


def test_submission_twice_rejected(client, officer, workspace):
    incident = builders.significant_incident(workspace, reporter=officer)
    with workspace_context(workspace):
        obligation = incident.obligations.order_by("due_at").first()
    path = api_path(workspace, f"obligations/{obligation.pk}/submission/")
    body = {"submitted_at": timezone.now().isoformat()}
    assert client.post(path, body, format="json").status_code == 200
    response = client.post(path, body, format="json")
    assert response.status_code == 400
    assert _fields(response) == {"obligation": "already_submitted"}


def test_incident_created_through_service_opens_obligations(client, officer, workspace):
    response = client.post(api_path(workspace, "incidents/"), {
        "title": "Outage", "aware_at": (timezone.now() - timedelta(hours=1)).isoformat(), "significant": True},
        format="json")
    assert response.status_code == 201, response.content
    obligations = client.get(api_path(workspace, f"obligations/?incident={response.json()['id']}")).json()
    kinds = {row["kind"] for row in obligations["results"]}
    assert {"nis2_early_warning", "nis2_notification"} <= kinds


def test_datetime_filter_before_year_one_rejected(client, workspace):
    response = client.get(api_path(workspace, "incidents/?aware_after=0001-01-01T00:00:00%2B01:00"))
    assert response.status_code == 400
    assert "aware_after" in _fields(response)


def test_datetime_filter_with_large_offset_answered(client, workspace):
    """PostgreSQL takes UTC offsets up to 15:59 only; the filter converts to UTC first, so +19:19 works."""
    response = client.get(api_path(workspace, "incidents/?aware_after=0092-06-10T04:53:49%2B19:19"))
    assert response.status_code == 200


def test_datetime_filter_with_offset_still_filters(client, workspace, officer):
    builders.significant_incident(workspace, reporter=officer)
    response = client.get(api_path(workspace, "incidents/?aware_after=2000-01-01T10:00:00%2B14:00"))
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
