import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel


class RoleCatalogueEntry(models.Model):
    """One officer role of one catalogue version; shared by all workspaces."""

    key = models.SlugField(max_length=60)
    version = models.CharField(max_length=20)
    is_current = models.BooleanField(default=True)
    name_en = models.CharField(max_length=200)
    name_de = models.CharField(max_length=200)
    legal_basis = models.TextField()
    threshold_trigger = models.TextField()
    qualification = models.TextField()
    external_allowed = models.TextField()
    written_appointment_required = models.TextField()
    source = models.TextField()
    verification = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("officer role")
        verbose_name_plural = _("officer roles")
        ordering = ["name_en"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="role_key_version_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_de if (get_language() or "de").startswith("de") else self.name_en


class Officer(TenantModel):
    """A natural person who holds or may hold an officer role."""

    class Employer(models.TextChoices):
        INTERNAL = "internal", _("Employee of the company")
        PARTNER = "partner", _("Partner firm (external)")
        OTHER = "other", _("Other external provider")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    employer_kind = models.CharField(_("employer"), max_length=10, choices=Employer.choices,
                                     default=Employer.INTERNAL)
    employer_name = models.CharField(_("employer name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Appointment(TenantModel):
    """The appointment of an officer to a role.

    Transitions: draft -> awaiting_signature (certificate issued) -> active
    (management signed) -> ended or revoked. Each transition is audited.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AWAITING_SIGNATURE = "awaiting_signature", _("Awaiting signature")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        REVOKED = "revoked", _("Revoked")

    role = models.ForeignKey(RoleCatalogueEntry, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("officer role"))
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="appointments",
                                verbose_name=_("officer"))
    deputy = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("deputy"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    reporting_line = models.CharField(_("reports to"), max_length=200, blank=True)
    is_external = models.BooleanField(_("external appointment"), default=False)
    conflict_of_interest_declaration = models.TextField(
        _("conflict of interest declaration"), blank=True,
        help_text=_("Other roles the officer holds that could conflict with this one, or 'none'."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.officer} – {self.role}"


def _verification_code() -> str:
    # 15 characters of base32 without look-alike characters: about 75 bits.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(15))
    return "-".join(raw[i:i + 5] for i in range(0, 15, 5))


class AppointmentCertificate(TenantModel):
    """A rendered appointment certificate and, once signed, its signed copy.

    ``sha256`` is the hash of exactly the PDF that management signed;
    ``signed_sha256`` is the hash of the copy that adds the signature block.
    """

    appointment = models.ForeignKey(Appointment, on_delete=models.PROTECT, related_name="certificates")
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    file = models.FileField(upload_to="certificates/%Y/")
    sha256 = models.CharField(max_length=64)
    verification_code = models.CharField(max_length=20, unique=True, default=_verification_code)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("signed by"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_file = models.FileField(upload_to="certificates/%Y/", blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("appointment certificate")
        verbose_name_plural = _("appointment certificates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.appointment} ({self.verification_code})"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None
