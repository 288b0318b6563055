"""Invitations, sign-up with e-mail verification, two-factor requirement, language and health."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.models import Invitation, Membership
from civac.tenancy.roles import Role
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_admin_invites_and_invitee_joins(personas, workspace, django_capture_on_commit_callbacks):
    admin = client_for(personas[Role.WORKSPACE_ADMIN])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/w/{workspace.slug}/members/", {"email": "new@acme.example", "role": "officer"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http\S+/invitations/(\S+)/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    invitee = factories.make_user("new@acme.example")
    accepted = client_for(invitee).post(f"/invitations/{link.group(1)}/")
    assert accepted.status_code == 302
    with workspace_context(workspace):
        assert Membership.objects.get(user=invitee).role == Role.OFFICER
    assert AuditEvent.objects.filter(workspace=workspace, object_type="tenancy.membership", action="create").exists()


def test_invitation_to_existing_member_is_rejected(personas, workspace):
    admin = client_for(personas[Role.WORKSPACE_ADMIN])
    response = admin.post(f"/w/{workspace.slug}/members/", {"email": "OFFICER@acme.example", "role": "auditor"},
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "officer@acme.example is already a member" in response.context["form"].errors["email"][0]
    with workspace_context(workspace):
        assert not Invitation.objects.exists()


def test_invitation_cannot_be_used_by_another_account(personas, workspace):
    with workspace_context(workspace):
        invitation = Invitation.objects.create(workspace=workspace, email="meant@acme.example", role=Role.AUDITOR,
                                               invited_by=personas[Role.WORKSPACE_ADMIN])
    intruder = factories.make_user("intruder@example.com")
    client_for(intruder).post(f"/invitations/{invitation.token}/")
    with workspace_context(workspace):
        assert not Membership.objects.filter(user=intruder).exists()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MANAGEMENT, Role.AUDITOR, Role.PARTNER_STAFF])
def test_only_admins_invite(personas, workspace, role):
    client_for(personas[role]).post(f"/w/{workspace.slug}/members/", {"email": "x@acme.example", "role": "officer"})
    with workspace_context(workspace):
        assert not Invitation.objects.exists()


def test_signup_requires_email_verification(client):
    response = client.post("/accounts/signup/", {"email": "neu@firma.example", "password1": "ein-langes-Passwort-42",
                                                  "password2": "ein-langes-Passwort-42"})
    assert response.status_code == 302
    assert "/accounts/confirm-email/" in response["Location"]
    assert "neu@firma.example" in mail.outbox[0].to
    assert client.get("/").status_code == 302  # not signed in before verification


def test_user_language_overrides_browser(personas, workspace):
    user = personas[Role.OFFICER]
    english = client_for(user).get(f"/w/{workspace.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert b"Open reporting deadlines" in english.content
    user.language = "de"
    user.save()
    german = client_for(user).get(f"/w/{workspace.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    assert b'<html lang="de">' in german.content


def test_login_is_audited_on_platform_chain(client, personas):
    client.post("/accounts/login/", {"login": "officer@acme.example", "password": factories.PASSWORD})
    assert AuditEvent.objects.filter(chain_key="platform", action="login",
                                     actor=personas[Role.OFFICER]).exists()
    Client().post("/accounts/login/", {"login": "officer@acme.example", "password": "wrong"})
    failed = AuditEvent.objects.get(chain_key="platform", action="login_failed")
    assert "wrong" not in str(failed.changes)


def test_workspace_settings_change_is_audited(personas, workspace):
    admin = client_for(personas[Role.WORKSPACE_ADMIN])
    response = admin.get(f"/w/{workspace.slug}/settings/")
    form = response.context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data |= {"time_zone": "Europe/Vienna", "require_mfa": ""}
    response = admin.post(f"/w/{workspace.slug}/settings/", data)
    assert response.status_code == 302, response.context["form"].errors
    event = AuditEvent.objects.filter(workspace=workspace, object_type="tenancy.workspace").latest("sequence")
    assert event.changes["time_zone"] == ["Europe/Berlin", "Europe/Vienna"]


def test_healthz_reports_missing_beat(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["last_alert_tick_age_seconds"] is None


def test_admin_changes_role_and_removes_member(personas, workspace):
    admin = client_for(personas[Role.WORKSPACE_ADMIN])
    officer_client = client_for(personas[Role.OFFICER])
    assert officer_client.get(f"/w/{workspace.slug}/").status_code == 200
    with workspace_context(workspace):
        membership = Membership.objects.get(user=personas[Role.OFFICER])
    admin.post(f"/w/{workspace.slug}/members/{membership.pk}/", {"role": Role.AUDITOR})
    with workspace_context(workspace):
        assert Membership.objects.get(pk=membership.pk).role == Role.AUDITOR
    admin.post(f"/w/{workspace.slug}/members/{membership.pk}/", {"remove": "1"})
    with workspace_context(workspace):
        assert not Membership.objects.filter(pk=membership.pk).exists()
    assert officer_client.get(f"/w/{workspace.slug}/").status_code == 302  # session ended: back to sign-in
    assert AuditEvent.objects.filter(workspace=workspace, object_type="tenancy.membership", action="delete").exists()


def test_last_admin_cannot_be_removed(personas, workspace):
    admin_user = personas[Role.WORKSPACE_ADMIN]
    with workspace_context(workspace):
        membership = Membership.objects.get(user=admin_user)
    client_for(admin_user).post(f"/w/{workspace.slug}/members/{membership.pk}/", {"remove": "1"})
    with workspace_context(workspace):
        assert Membership.objects.filter(pk=membership.pk, role=Role.WORKSPACE_ADMIN).exists()


def test_admin_revokes_invitation(personas, workspace):
    with workspace_context(workspace):
        invitation = Invitation.objects.create(workspace=workspace, email="later@acme.example", role=Role.AUDITOR,
                                               invited_by=personas[Role.WORKSPACE_ADMIN])
    client_for(personas[Role.OFFICER]).post(f"/w/{workspace.slug}/invitations/{invitation.pk}/revoke/")
    with workspace_context(workspace):
        assert Invitation.objects.filter(pk=invitation.pk).exists()  # officers may not
    client_for(personas[Role.WORKSPACE_ADMIN]).post(f"/w/{workspace.slug}/invitations/{invitation.pk}/revoke/")
    with workspace_context(workspace):
        assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert client_for(personas[Role.AUDITOR]).get(f"/invitations/{invitation.token}/").status_code == 404


def test_user_lists_own_sessions(personas):
    response = client_for(personas[Role.OFFICER]).get("/accounts/sessions/")
    assert response.status_code == 200
