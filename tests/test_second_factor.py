"""Two-factor authentication: required by role, optional for auditors, waived only by a recorded exception."""

import pytest

from civac.audit.models import AuditEvent
from civac.tenancy.models import MfaException, PartnerStaff
from civac.tenancy.roles import Role
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

SETUP_PAGE = "/accounts/2fa/totp/activate"


def _opens(user, workspace) -> int:
    return client_for(user).get(f"/w/{workspace.slug}/").status_code


@pytest.mark.parametrize("role", [Role.WORKSPACE_ADMIN, Role.OFFICER, Role.MANAGEMENT])
def test_required_role_without_factor_is_sent_to_setup(workspace, role):
    user = factories.make_user(f"{role}@new.example")
    factories.add_member(workspace, user, role, mfa_exception=False)
    response = client_for(user).get(f"/w/{workspace.slug}/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP_PAGE)


def test_totp_authenticator_opens_the_workspace(workspace):
    user = factories.make_user("officer@new.example")
    factories.add_member(workspace, user, Role.OFFICER, mfa_exception=False)
    factories.enable_totp(user)
    assert _opens(user, workspace) == 200


def test_auditor_needs_factor_only_when_workspace_requires(workspace):
    user = factories.make_user("auditor@new.example")
    factories.add_member(workspace, user, Role.AUDITOR, mfa_exception=False)
    assert _opens(user, workspace) == 200
    workspace.require_mfa = True
    workspace.save()
    assert _opens(user, workspace) == 302


def test_partner_staff_without_factor_is_sent_to_setup(workspace):
    partner = factories.make_partner("fresh")
    user = factories.make_user("staff@fresh.example")
    PartnerStaff.objects.create(partner=partner, user=user)
    factories.grant_mandate(partner, workspace)
    assert _opens(user, workspace) == 302
    factories.enable_totp(user)
    assert _opens(user, workspace) == 200


def test_admin_records_and_ends_an_exception(personas, workspace):
    user = factories.make_user("no-phone@acme.example")
    factories.add_member(workspace, user, Role.MANAGEMENT, mfa_exception=False)
    admin = client_for(personas[Role.WORKSPACE_ADMIN])
    members = f"/w/{workspace.slug}/members/"

    admin.post(f"{members}mfa-exceptions/", {"user": user.pk, "reason": "No smartphone; key ordered"})
    assert _opens(user, workspace) == 200
    exception = MfaException.all_workspaces.get(workspace=workspace, user=user)
    assert exception.recorded_by == personas[Role.WORKSPACE_ADMIN]
    assert AuditEvent.objects.filter(object_type="tenancy.mfaexception", action="create",
                                     object_id=str(exception.pk)).exists()
    page = admin.get(members)
    assert "No smartphone; key ordered" in page.content.decode()

    admin.post(f"{members}mfa-exceptions/{exception.pk}/remove/")
    assert _opens(user, workspace) == 302
    assert AuditEvent.objects.filter(object_type="tenancy.mfaexception", action="delete").exists()


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_exception_needs_a_short_reason(personas, workspace, reason):
    user = factories.make_user("no-phone@acme.example")
    factories.add_member(workspace, user, Role.OFFICER, mfa_exception=False)
    client_for(personas[Role.WORKSPACE_ADMIN]).post(f"/w/{workspace.slug}/members/mfa-exceptions/",
                                                    {"user": user.pk, "reason": reason})
    assert not MfaException.all_workspaces.filter(user=user).exists()


def test_exception_for_outsider_is_rejected(personas, workspace, other_workspace):
    outsider = factories.make_user("outsider@rival.example")
    factories.add_member(other_workspace, outsider, Role.OFFICER, mfa_exception=False)
    client_for(personas[Role.WORKSPACE_ADMIN]).post(f"/w/{workspace.slug}/members/mfa-exceptions/",
                                                    {"user": outsider.pk, "reason": "forged id"})
    assert not MfaException.all_workspaces.filter(user=outsider).exists()


def test_admin_cannot_exempt_themselves(workspace):
    admin = factories.make_user("admin@new.example")
    factories.add_member(workspace, admin, Role.WORKSPACE_ADMIN, mfa_exception=False)
    factories.enable_totp(admin)
    client_for(admin).post(f"/w/{workspace.slug}/members/mfa-exceptions/",
                           {"user": admin.pk, "reason": "I do not want it"})
    assert not MfaException.all_workspaces.filter(user=admin).exists()


def test_only_admins_record_exceptions(personas, workspace):
    user = factories.make_user("no-phone@acme.example")
    factories.add_member(workspace, user, Role.OFFICER, mfa_exception=False)
    response = client_for(personas[Role.OFFICER]).post(f"/w/{workspace.slug}/members/mfa-exceptions/",
                                                       {"user": user.pk, "reason": "please"})
    assert response.status_code == 403
    assert not MfaException.all_workspaces.filter(user=user).exists()
