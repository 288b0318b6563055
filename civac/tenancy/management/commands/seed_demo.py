"""Create demo data: a partner firm, two client workspaces and one user per role. Safe to run again."""

from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from civac.accounts.models import User
from civac.audit.context import acting_as
from civac.tenancy.choices import Nis2Category, Sector
from civac.tenancy.context import workspace_context
from civac.tenancy.models import Membership, MfaException, Partner, PartnerStaff, Workspace
from civac.tenancy.roles import Role
from civac.tenancy.services import workspace_create
from mandates.models import Mandate
from officers.models import Officer

DEMO_PASSWORD = "civac-demo-2026"

PARTNER = {"slug": "secureops", "name": "SecureOps Beratung GmbH", "oncall_email": "bereitschaft@secureops.example",
           "address": "Große Elbstraße 145, 22767 Hamburg"}

WORKSPACES = [
    {
        "slug": "mueller-praezision", "legal_name": "Müller Präzisionstechnik GmbH",
        "street": "Industriestraße 12", "postal_code": "70565", "city": "Stuttgart",
        "sector": Sector.MANUFACTURING, "employees": 420, "annual_turnover_eur": Decimal("68000000"),
        "balance_sheet_total_eur": Decimal("45000000"), "nis2_category": Nis2Category.IMPORTANT,
    },
    {
        "slug": "stadtwerke-lindenau", "legal_name": "Stadtwerke Lindenau GmbH",
        "street": "Am Wasserturm 3", "postal_code": "04177", "city": "Leipzig",
        "sector": Sector.ENERGY, "employees": 180, "annual_turnover_eur": Decimal("95000000"),
        "balance_sheet_total_eur": Decimal("60000000"), "nis2_category": Nis2Category.PARTICULARLY_IMPORTANT,
    },
]

# (email, first name, last name, workspace slug or None for partner staff, role)
USERS = [
    ("admin@mueller.example", "Sabine", "Müller", "mueller-praezision", Role.WORKSPACE_ADMIN),
    ("officer@mueller.example", "Thomas", "Becker", "mueller-praezision", Role.OFFICER),
    ("management@mueller.example", "Klaus", "Müller", "mueller-praezision", Role.MANAGEMENT),
    ("auditor@mueller.example", "Petra", "Hoffmann", "mueller-praezision", Role.AUDITOR),
    ("admin@stadtwerke-lindenau.example", "Jens", "Richter", "stadtwerke-lindenau", Role.WORKSPACE_ADMIN),
    ("management@stadtwerke-lindenau.example", "Andrea", "Wolf", "stadtwerke-lindenau", Role.MANAGEMENT),
    ("isb@secureops.example", "Anna", "Schneider", None, Role.PARTNER_STAFF),
]

OFFICERS = [
    ("mueller-praezision", "Anna", "Schneider", "isb@secureops.example", Officer.Employer.PARTNER,
     "SecureOps Beratung GmbH"),
    ("mueller-praezision", "Jonas", "Weber", "jonas.weber@mueller.example", Officer.Employer.INTERNAL, ""),
    ("stadtwerke-lindenau", "Anna", "Schneider", "isb@secureops.example", Officer.Employer.PARTNER,
     "SecureOps Beratung GmbH"),
    ("stadtwerke-lindenau", "Lena", "Krause", "lena.krause@stadtwerke-lindenau.example", Officer.Employer.INTERNAL,
     ""),
]


DEMO_MFA_REASON = "Demo account: two-factor authentication waived so the demo can be tried without an app."


class Command(BaseCommand):
    help = "Create demo data (idempotent) and print the sign-in details."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            # Demo accounts share one published password and skip two-factor authentication.
            raise CommandError("seed_demo refuses to run with CIVAC_MODE=production; demo accounts share a "
                               "published password. Use it only in development.")
        with transaction.atomic(), acting_as(system="seed_demo"):
            users = {email: self._user(email, first, last) for email, first, last, _ws, _role in USERS}
            partner = self._partner(users["isb@secureops.example"])
            workspaces = {spec["slug"]: self._workspace(spec, users, partner) for spec in WORKSPACES}
            for slug, first, last, email, employer, employer_name in OFFICERS:
                with workspace_context(workspaces[slug]):
                    Officer.objects.get_or_create(
                        workspace=workspaces[slug], email=email,
                        defaults={"first_name": first, "last_name": last, "employer_kind": employer,
                                  "employer_name": employer_name},
                    )
        self._print_details()

    def _user(self, email, first, last) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=DEMO_PASSWORD, first_name=first, last_name=last)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        return user

    def _partner(self, staff_user) -> Partner:
        partner, _created = Partner.objects.get_or_create(slug=PARTNER["slug"], defaults={
            key: value for key, value in PARTNER.items() if key != "slug"})
        PartnerStaff.objects.get_or_create(partner=partner, user=staff_user)
        return partner

    def _workspace(self, spec, users, partner) -> Workspace:
        workspace = Workspace.objects.filter(slug=spec["slug"]).first()
        members = [(email, role) for email, _f, _l, slug, role in USERS if slug == spec["slug"]]
        if workspace is None:
            admin_email = next(email for email, role in members if role == Role.WORKSPACE_ADMIN)
            facts = {key: value for key, value in spec.items() if key not in {"slug", "legal_name"}}
            workspace = workspace_create(actor=users[admin_email], slug=spec["slug"],
                                         legal_name=spec["legal_name"], **facts)
        with workspace_context(workspace):
            for email, role in members:
                Membership.objects.get_or_create(workspace=workspace, user=users[email], defaults={"role": role})
            Mandate.objects.get_or_create(
                workspace=workspace, partner=partner,
                defaults={"status": Mandate.Status.ACTIVE, "starts_on": date(2026, 1, 1), "roles": "isb_ciso"},
            )
            # Demo accounts try the product without an authenticator app; a real
            # workspace records such an exception only for a person who cannot use one.
            admin = next(users[email] for email, role in members if role == Role.WORKSPACE_ADMIN)
            people = [users[email] for email, _role in members] + [users["isb@secureops.example"]]
            for user in people:
                MfaException.objects.get_or_create(workspace=workspace, user=user, defaults={
                    "recorded_by": admin, "reason": DEMO_MFA_REASON})
        return workspace

    def _print_details(self) -> None:
        self.stdout.write("Demo sign-in (password for every account: %s)" % DEMO_PASSWORD)
        self.stdout.write("Two-factor authentication is waived for these demo accounts (see Members).")
        with translation.override("en"):
            for email, _first, _last, slug, role in USERS:
                where = slug or "every client with a SecureOps mandate"
                self.stdout.write(f"  {email:42} {str(Role(role).label):22} {where}")
