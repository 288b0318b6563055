"""Personal access tokens: hashing, expiry, revocation, read and write scope, workspace scope, rate limit."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from civac.api.models import ApiToken
from civac.api.tokens import token_revoke
from civac.audit.models import AuditEvent
from civac.tenancy.roles import Role
from tests import factories
from tests.builders_api import api_path, make_token, token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(workspace):
    user = factories.make_user("officer@acme.example")
    factories.add_member(workspace, user, Role.OFFICER)
    return user


def test_token_stored_only_as_sha256(officer):
    token, secret = make_token(officer)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    for field in ApiToken._meta.concrete_fields:
        assert getattr(stored, field.attname) != secret, field.name
    assert secret.startswith(stored.prefix)
    assert len(stored.prefix) < len(secret) // 2


def test_token_creation_is_audited(officer):
    token, _secret = make_token(officer)
    event = AuditEvent.objects.get(object_type="api.apitoken", object_id=str(token.pk))
    assert event.action == "create"
    assert event.actor_id == officer.pk


def test_valid_token_reads(officer, workspace):
    _token, secret = make_token(officer, scope="read")
    response = token_client(secret).get(api_path(workspace, "incidents/"))
    assert response.status_code == 200, response.content


def test_missing_token_is_401_with_error_body(workspace):
    from rest_framework.test import APIClient

    response = APIClient().get(api_path(workspace, "incidents/"))
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_unknown_token_is_401(workspace):
    response = token_client("civac_" + "x" * 43).get(api_path(workspace, "incidents/"))
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "invalid_token"


def test_expired_token_is_401(officer, workspace):
    _token, secret = make_token(officer, days=1)
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1), tick=False):
        response = token_client(secret).get(api_path(workspace, "incidents/"))
    assert response.status_code == 401


def test_revoked_token_is_401(officer, workspace):
    token, secret = make_token(officer)
    token_revoke(actor=officer, token=token)
    response = token_client(secret).get(api_path(workspace, "incidents/"))
    assert response.status_code == 401
    assert AuditEvent.objects.filter(object_id=str(token.pk), action="revoke").count() == 1


def test_only_owner_revokes_token(officer, workspace):
    token, _secret = make_token(officer)
    other = factories.make_user("other@acme.example")
    with pytest.raises(PermissionError):
        token_revoke(actor=other, token=token)


def test_read_token_cannot_write(officer, workspace):
    _token, secret = make_token(officer, scope="read")
    response = token_client(secret).post(api_path(workspace, "officers/"),
                                         {"first_name": "Max", "last_name": "Muster", "email": "m@acme.example"},
                                         format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "token_read_only"


def test_write_token_writes(officer, workspace):
    _token, secret = make_token(officer, scope="write")
    response = token_client(secret).post(api_path(workspace, "officers/"),
                                         {"first_name": "Max", "last_name": "Muster", "email": "m@acme.example"},
                                         format="json")
    assert response.status_code == 201, response.content


def test_write_token_cannot_exceed_role(workspace):
    auditor = factories.make_user("auditor@acme.example")
    factories.add_member(workspace, auditor, Role.AUDITOR)
    _token, secret = make_token(auditor, scope="write")
    response = token_client(secret).post(api_path(workspace, "officers/"),
                                         {"first_name": "Max", "last_name": "Muster", "email": "m@acme.example"},
                                         format="json")
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"


def test_workspace_token_reaches_only_its_workspace(officer, workspace, other_workspace):
    factories.add_member(other_workspace, officer, Role.OFFICER)
    _token, secret = make_token(officer, workspace=workspace)
    client = token_client(secret)
    assert client.get(api_path(workspace, "incidents/")).status_code == 200
    assert client.get(api_path(other_workspace, "incidents/")).status_code == 404


def test_all_workspaces_token_reaches_each_accessible_workspace(officer, workspace, other_workspace):
    factories.add_member(other_workspace, officer, Role.OFFICER)
    _token, secret = make_token(officer, workspace=None)
    client = token_client(secret)
    assert client.get(api_path(workspace, "incidents/")).status_code == 200
    assert client.get(api_path(other_workspace, "incidents/")).status_code == 200


def test_token_loses_workspace_with_membership(officer, workspace):
    _token, secret = make_token(officer)
    from civac.tenancy.models import Membership

    Membership.all_workspaces.filter(user=officer).delete()
    assert token_client(secret).get(api_path(workspace, "incidents/")).status_code == 404


def test_token_for_inaccessible_workspace_rejected(officer, other_workspace):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_token(officer, workspace=other_workspace)
    assert "workspace" in error.value.message_dict


def test_token_lifetime_limited_to_a_year(officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_token(officer, days=400)
    assert "expires_at" in error.value.message_dict


def test_rate_limit_counts_per_token(officer, workspace, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    _first, first_secret = make_token(officer, name="first")
    _second, second_secret = make_token(officer, name="second")
    first = token_client(first_secret)
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        statuses = [first.get(api_path(workspace, "incidents/")).status_code for _ in range(4)]
        other = token_client(second_secret).get(api_path(workspace, "incidents/")).status_code
    assert statuses == [200, 200, 200, 429]
    assert other == 200


def test_rate_limited_response_has_error_body(officer, workspace, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    _token, secret = make_token(officer)
    client = token_client(secret)
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        client.get(api_path(workspace, "incidents/"))
        response = client.get(api_path(workspace, "incidents/"))
    assert response.status_code == 429
    assert response.json()["errors"][0]["code"] == "throttled"
    assert "Retry-After" in response.headers
