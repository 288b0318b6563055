"""The committed OpenAPI schema matches the code, and its documentation page loads without a CDN."""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from civac.security import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db

COMMITTED = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"


def test_committed_schema_matches_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn", "--lang", "en")
    assert yaml.safe_load(COMMITTED.read_text()) == yaml.safe_load(generated.read_text()), (
        "docs/openapi.yaml is out of date; regenerate it with "
        "`python manage.py spectacular --lang en --validate --file docs/openapi.yaml`")


def test_schema_served_to_anonymous_clients():
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/w/{workspace_slug}/incidents/" in response.json()["paths"]


def test_documentation_page_uses_own_static_files():
    response = Client().get("/api/docs/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "https://" not in body
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "<script>" not in body, "inline scripts are blocked by our CSP"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_documentation_start_script_served_as_javascript():
    response = Client().get("/api/docs/?script=")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()


def test_schema_in_german_on_request():
    response = Client().get("/api/schema/?lang=de", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schemas = response.json()["components"]["schemas"]
    assert schemas["Incident"]["properties"]["title"]["title"] == "Titel"
