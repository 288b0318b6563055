"""Schemathesis generates requests from the committed schema: no server error, no response contradicting the schema.

The schema file is kept equal to the generated one by ``test_api_schema``, so
testing against it tests the code. Requests go through the WSGI application
in the test's database transaction, as an officer with a write token.
"""

from pathlib import Path

import pytest
import schemathesis
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from civac.tenancy.roles import Role
from tests import builders, factories
from tests.builders_api import make_token

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"

schema = schemathesis.openapi.from_path(str(SCHEMA_FILE))
schema.app = get_wsgi_application()

pytestmark = pytest.mark.django_db

# Two checks test the input side, not the responses. DRF coerces some values the
# schema does not list (0 for false, a number for a string) and ignores an
# invalid page size, so negative data is sometimes accepted. The services also
# reject schema-valid bodies that break business rules (an awareness time
# before detection), so positive data is sometimes rejected with a 400.
LENIENT_BY_DESIGN = [negative_data_rejection, positive_data_acceptance]


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Keep the test's database connection open across requests, as Django's test client does.

    The WSGI handler closes connections when a request finishes, which would
    end the test's transaction after the first generated request.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def officer_token(workspace, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_RATE_LIMIT_PER_MINUTE = 100000
    officer = factories.make_user("officer@acme.example")
    factories.add_member(workspace, officer, Role.OFFICER)
    builders.significant_incident(workspace, reporter=officer)
    _token, secret = make_token(officer, scope="write", workspace=workspace)
    return secret


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_schema(case, officer_token, workspace):
    if "workspace_slug" in (case.path_parameters or {}):
        case.path_parameters["workspace_slug"] = workspace.slug
    case.call_and_validate(headers={"Authorization": f"Bearer {officer_token}", "Accept-Language": "en"},
                           excluded_checks=LENIENT_BY_DESIGN)
