import secrets
import uuid
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel
from civac.tenancy.choices import DigitalEntityType, Nis2Category, Sector, TrustServiceProvider
from civac.tenancy.roles import Role


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone; use an IANA name such as Europe/Berlin."),
            code="invalid_time_zone",
            params={"value": value},
        )


class Partner(models.Model):
    """A firm that provides officers as a service to client workspaces."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    address = models.TextField(_("address"), blank=True)
    oncall_email = models.EmailField(
        _("on-call e-mail"), help_text=_("Receives incident deadline alerts for every client.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerStaff(models.Model):
    """A user who works for a partner firm and reaches its mandated clients."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_roles")

    class Meta:
        verbose_name = _("partner staff member")
        verbose_name_plural = _("partner staff")
        constraints = [models.UniqueConstraint(fields=["partner", "user"], name="partner_staff_unique")]


class Workspace(models.Model):
    """A client company: the tenant that owns all compliance data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    legal_name = models.CharField(_("legal name"), max_length=200)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="DE")
    sector = models.CharField(_("sector"), max_length=40, choices=Sector.choices, default=Sector.OTHER)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    annual_turnover_eur = models.DecimalField(
        _("annual turnover (EUR)"), max_digits=15, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    balance_sheet_total_eur = models.DecimalField(
        _("balance sheet total (EUR)"), max_digits=15, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    nis2_category = models.CharField(
        _("NIS-2 entity category"), max_length=30, choices=Nis2Category.choices,
        default=Nis2Category.UNDETERMINED,
    )
    digital_entity_type = models.CharField(
        _("digital entity type (IR 2024/2690)"), max_length=20, choices=DigitalEntityType.choices,
        default=DigitalEntityType.NONE,
    )
    is_financial_entity = models.BooleanField(
        _("financial entity under DORA"), default=False,
        help_text=_("Reports major ICT-related incidents under DORA instead of §32 BSIG."),
    )
    is_kritis_operator = models.BooleanField(_("operator of a critical facility (KRITIS-DachG)"), default=False)
    trust_service_provider = models.CharField(
        _("trust services (eIDAS)"), max_length=20, choices=TrustServiceProvider.choices,
        default=TrustServiceProvider.NONE,
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.DEFAULT_WORKSPACE_TIME_ZONE,
        validators=[validate_time_zone],
    )
    default_language = models.CharField(
        _("default language"), max_length=5, choices=settings.LANGUAGES, default="de"
    )
    require_mfa = models.BooleanField(
        _("require two-factor authentication"), default=False,
        help_text=_("Admins, officers, management and partner staff always need two-factor authentication; "
                    "this setting requires it from auditors too."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")
        ordering = ["legal_name"]

    def __str__(self) -> str:
        return self.legal_name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_nis2_entity(self) -> bool:
        return self.nis2_category in {Nis2Category.PARTICULARLY_IMPORTANT, Nis2Category.IMPORTANT}


class Membership(TenantModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(TenantModel):
    """An e-mail invitation to join a workspace with a role; valid for 14 days."""

    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    expires_at = models.DateTimeField(_("expires at"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class MfaException(TenantModel):
    """A workspace admin's recorded decision that one person may work here without two-factor authentication.

    Keyed on the user rather than the membership so that partner staff, who
    reach the workspace through a mandate, can be covered too.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("user"))
    reason = models.TextField(_("reason"), max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("two-factor exception")
        verbose_name_plural = _("two-factor exceptions")
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="mfa_exception_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.reason[:40]})"
