"""Small builders for test data; each writes through the same services the app uses."""

from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress

from civac.accounts.models import User
from civac.audit.context import acting_as
from civac.tenancy.choices import Nis2Category, Sector
from civac.tenancy.context import workspace_context
from civac.tenancy.models import Membership, MfaException, Partner, PartnerStaff, Workspace
from civac.tenancy.roles import Role
from mandates.models import Mandate
from officers.models import Officer

PASSWORD = "test-password-2026"
TOTP_TEST_SECRET = "JBSWY3DPEHPK3PXP"


def make_user(email: str, *, first_name: str = "Erika", last_name: str = "Mustermann") -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, first_name=first_name, last_name=last_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_workspace(slug: str, *, legal_name: str | None = None,
                   nis2_category: str = Nis2Category.IMPORTANT) -> Workspace:
    with acting_as(system="tests"):
        return Workspace.objects.create(
            slug=slug, legal_name=legal_name or f"{slug.title()} GmbH", street="Hauptstraße 1",
            postal_code="10115", city="Berlin", sector=Sector.MANUFACTURING, employees=300,
            annual_turnover_eur=Decimal("60000000"), balance_sheet_total_eur=Decimal("50000000"),
            nis2_category=nis2_category,
        )


def add_member(workspace: Workspace, user: User, role: str, *, mfa_exception: bool = True) -> Membership:
    """Add ``user`` with ``role``; by default with a recorded two-factor exception, as most tests sign in without one.

    Tests of the two-factor rule pass ``mfa_exception=False`` or give the user
    a TOTP authenticator with ``enable_totp``.
    """
    with workspace_context(workspace), acting_as(system="tests"):
        membership = Membership.objects.create(workspace=workspace, user=user, role=role)
        if mfa_exception:
            MfaException.objects.create(workspace=workspace, user=user, recorded_by=user,
                                        reason="Test fixture without an authenticator")
        return membership


def enable_totp(user: User, secret: str = TOTP_TEST_SECRET):
    """Give ``user`` a TOTP authenticator with a known secret, so tests can compute codes."""
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP.activate(user, secret)


def make_partner(slug: str = "partner") -> Partner:
    return Partner.objects.create(slug=slug, name=f"{slug.title()} Beratung GmbH",
                                  oncall_email=f"oncall@{slug}.example")


def add_partner_staff(partner: Partner, user: User) -> PartnerStaff:
    """Add ``user`` to the partner's staff with a TOTP authenticator, which partner staff need everywhere."""
    enable_totp(user)
    return PartnerStaff.objects.create(partner=partner, user=user)


def grant_mandate(partner: Partner, workspace: Workspace, *, status: str = Mandate.Status.ACTIVE) -> Mandate:
    with workspace_context(workspace), acting_as(system="tests"):
        return Mandate.objects.create(workspace=workspace, partner=partner, status=status,
                                      starts_on=date(2026, 1, 1))


def make_officer(workspace: Workspace, *, first_name: str = "Anna", last_name: str = "Schneider",
                 email: str = "anna.schneider@example.com") -> Officer:
    with workspace_context(workspace), acting_as(system="tests"):
        return Officer.objects.create(workspace=workspace, first_name=first_name, last_name=last_name, email=email)


ROLES = [Role.WORKSPACE_ADMIN, Role.OFFICER, Role.MANAGEMENT, Role.AUDITOR]
