"""The account page for tokens: create shows the secret once, revoke works only on one's own tokens."""

import pytest

from civac.api.models import ApiToken
from civac.tenancy.roles import Role
from tests import factories
from tests.builders_api import make_token
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def officer(workspace):
    user = factories.make_user("officer@acme.example")
    factories.add_member(workspace, user, Role.OFFICER)
    return user


def test_create_shows_secret_once(officer, workspace):
    client = client_for(officer)
    response = client.post("/account/api-tokens/", {"name": "SIEM", "scope": "read",
                                                    "workspace": str(workspace.pk), "lifetime_days": "90"})
    token = ApiToken.objects.get(user=officer)
    body = response.content.decode()
    secret = body.split('<code id="token-secret">', 1)[1].split("</code>", 1)[0]
    assert token.workspace_id == workspace.pk
    assert secret.startswith(token.prefix)
    assert secret not in client.get("/account/api-tokens/").content.decode()


def test_foreign_workspace_not_offered(officer, other_workspace):
    response = client_for(officer).post("/account/api-tokens/", {
        "name": "SIEM", "scope": "read", "workspace": str(other_workspace.pk), "lifetime_days": "90"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert other_workspace.legal_name not in response.content.decode()


def test_revoke_own_token(officer):
    token, _secret = make_token(officer)
    response = client_for(officer).post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoke_foreign_token_is_404(officer):
    stranger = factories.make_user("stranger@example.com")
    token, _secret = make_token(stranger)
    response = client_for(officer).post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
