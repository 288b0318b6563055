"""Privileged fields cannot be set from a request, whatever values a client posts."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

from civac.audit.models import AuditEvent
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

FORGED = {"is_staff": "true", "is_superuser": "true", "is_active": "true", "role": "workspace_admin",
          "workspace": "1", "email": "boss@acme.example"}


def test_profile_ignores_privileged_fields(personas):
    user = personas[Role.AUDITOR]
    client_for(user).post("/account/profile/", {**FORGED, "language": "en", "first_name": "Eva", "last_name": "Weiß"})
    user.refresh_from_db()
    assert user.first_name == "Eva"
    assert user.is_staff is False
    assert user.is_superuser is False
    assert user.email == "auditor@acme.example"


@pytest.mark.parametrize("role", ["true", "1", "partner_staff", "superuser", ""])
def test_role_change_accepts_only_listed_roles(personas, workspace, role):
    target = Membership.all_workspaces.get(workspace=workspace, user=personas[Role.AUDITOR])
    client_for(personas[Role.WORKSPACE_ADMIN]).post(f"/w/{workspace.slug}/members/{target.pk}/", {"role": role})
    target.refresh_from_db()
    assert target.role == Role.AUDITOR


def test_invitation_with_forged_role_is_rejected(personas, workspace):
    response = client_for(personas[Role.WORKSPACE_ADMIN]).post(
        f"/w/{workspace.slug}/members/", {"email": "new@acme.example", "role": "true"})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors


@pytest.mark.postgres  # committing tests flush the tables, which SQLite's audit-log trigger refuses
@pytest.mark.django_db(transaction=True)
def test_second_factor_changes_are_audited_and_mailed(personas, mailoutbox):
    user = personas[Role.AUDITOR]
    client = client_for(user)
    client.post("/accounts/reauthenticate/", {"password": factories.PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    # allauth sends its signal and the notice once the activation is committed, so this test commits.
    client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    events = AuditEvent.objects.filter(chain_key="platform", action="mfa_added", actor=user)
    # The first TOTP app also creates recovery codes, each an authenticator of its own.
    assert sorted(event.changes["type"] for event in events) == ["recovery_codes", "totp"]
    assert all(secret not in str(event.changes) for event in events)
    assert [message.to for message in mailoutbox] == [[user.email]]
