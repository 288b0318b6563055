"""Error bodies and the schema follow the request's language: Accept-Language, else the user's choice."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from civac.tenancy.roles import Role
from tests import factories
from tests.builders_api import api_path, make_token, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(workspace):
    user = factories.make_user("officer@acme.example")
    factories.add_member(workspace, user, Role.OFFICER)
    return user


def _message(response) -> str:
    return response.json()["errors"][0]["message"]


def test_validation_error_in_german(officer, workspace):
    _token, secret = make_token(officer)
    response = token_client(secret, language="de").post(api_path(workspace, "tasks/"), {}, format="json")
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in [error["message"] for error in response.json()["errors"]]
    assert response.headers["Content-Language"] == "de"


def test_validation_error_in_english(officer, workspace):
    _token, secret = make_token(officer)
    response = token_client(secret, language="en").post(api_path(workspace, "tasks/"), {}, format="json")
    assert "This field is required." in [error["message"] for error in response.json()["errors"]]
    assert response.headers["Content-Language"] == "en"


def test_not_found_in_german(officer, workspace):
    _token, secret = make_token(officer)
    response = token_client(secret, language="de").get(api_path(workspace, "incidents/not-a-uuid/"))
    assert response.status_code == 404
    assert _message(response) == "Nicht gefunden."


def test_foreign_workspace_in_german(officer, workspace, other_workspace):
    _token, secret = make_token(officer)
    response = token_client(secret, language="de").get(api_path(other_workspace, "incidents/"))
    assert response.status_code == 404
    assert _message(response) == "Nicht gefunden."


def test_unknown_token_in_german(workspace):
    response = token_client("civac_unknown", language="de").get(api_path(workspace, "incidents/"))
    assert response.status_code == 401
    assert _message(response) == ("Das Token ist unbekannt, abgelaufen oder widerrufen; erstellen Sie unter "
                                  "Ihrem Konto ein neues.")


def test_missing_credentials_in_german(workspace):
    response = APIClient().get(api_path(workspace, "incidents/"), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 401
    assert _message(response) == "Anmeldedaten fehlen."


def test_read_only_token_in_german(officer, workspace):
    _token, secret = make_token(officer, scope="read")
    response = token_client(secret, language="de").post(api_path(workspace, "tasks/"), {}, format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "token_read_only"
    assert _message(response).startswith("Dieses Token darf nur lesen")


def test_throttled_in_german(officer, workspace, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    _token, secret = make_token(officer)
    client = token_client(secret, language="de")
    client.get(api_path(workspace, "incidents/"))
    response = client.get(api_path(workspace, "incidents/"))
    assert response.status_code == 429
    assert _message(response).startswith("Die Anfrage wurde gedrosselt.")


def test_user_language_without_header(officer, workspace):
    officer.language = "en"
    officer.save(update_fields=["language"])
    _token, secret = make_token(officer)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.get(api_path(workspace, "incidents/not-a-uuid/"))
    assert _message(response) == "Not found."
    assert response.headers["Content-Language"] == "en"


def test_header_beats_user_language(officer, workspace):
    officer.language = "en"
    officer.save(update_fields=["language"])
    _token, secret = make_token(officer)
    response = token_client(secret, language="de").get(api_path(workspace, "incidents/not-a-uuid/"))
    assert _message(response) == "Nicht gefunden."


def _tags(response) -> set[str]:
    return {tag["name"] for tag in response.json()["tags"]}


def test_schema_tags_follow_lang_parameter():
    response = Client().get("/api/schema/?lang=de", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert {"Vorfälle", "Mandate", "Berichte"} <= _tags(response)
    operation = response.json()["paths"]["/api/v1/w/{workspace_slug}/incidents/"]["get"]
    assert operation["tags"] == ["Vorfälle"]


def test_schema_tags_follow_accept_language():
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json",
                            HTTP_ACCEPT_LANGUAGE="de")
    assert "Vorfälle" in _tags(response)


def test_schema_tags_follow_user_language(officer):
    officer.language = "de"
    officer.save(update_fields=["language"])
    client = Client()
    client.force_login(officer)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json",
                          HTTP_ACCEPT_LANGUAGE="en")
    assert "Vorfälle" in _tags(response)


def test_schema_in_english_on_request():
    response = Client().get("/api/schema/?lang=en", HTTP_ACCEPT="application/vnd.oai.openapi+json",
                            HTTP_ACCEPT_LANGUAGE="de")
    assert "Incidents" in _tags(response)
    assert response.json()["info"]["title"] == "civac API"


def test_documentation_page_passes_language_to_schema():
    response = Client().get("/api/docs/?script=&lang=de")
    # escapejs writes "=" as \u003D in the start-up script.
    assert "/api/schema/?lang\\u003Dde" in response.content.decode()
