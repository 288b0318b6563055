import secrets
import uuid

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
    qualification_evidence_required = models.BooleanField(default=False)
    authority_notice = models.TextField(blank=True, help_text="Authority to notify of an appointment, if any.")

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
    """A natural person who is or may become an officer."""

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
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.officer} – {self.role}"


def evidence_path(instance, filename: str) -> str:
    """Store evidence under a random name: the uploader's file name reaches no path or header."""
    suffix = {".pdf": ".pdf", ".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg"}.get(
        filename[filename.rfind("."):].lower() if "." in filename else "", "")
    return f"qualifications/{uuid.uuid4().hex}{suffix}"


class Qualification(TenantModel):
    """Proof of an officer's expert knowledge or training, with its evidence file."""

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate")
        TRAINING = "training", _("Training course")
        DEGREE = "degree", _("Degree")
        OTHER = "other", _("Other evidence")

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="qualifications",
                                verbose_name=_("officer"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CERTIFICATE)
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    evidence = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.issuer})"

    def is_valid_on(self, day) -> bool:
        return self.issued_on <= day and (self.expires_on is None or self.expires_on >= day)


class QualificationReminder(TenantModel):
    """A reminder before a qualification expires: an outbox row, unique per threshold so it goes out once.

    The row is written first and sent afterwards. A row whose ``sent_at`` is still empty is sent
    by the next run, so a failed or interrupted send is retried rather than lost.
    """

    audit_changes = False  # the reminder's audit event is written by the task that sends it

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["qualification", "days_before"],
                                               name="qualification_reminder_once")]


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


class CompanyProfile(TenantModel):
    """Facts about the company that decide which officer roles apply; one per workspace.

    Size and NIS-2 category live on the workspace itself.
    """

    financial_entity_regulated = models.BooleanField(_("regulated financial entity (bank, financial services, insurer, investment firm)"), default=False)
    gwg_obliged_financial = models.BooleanField(_("obliged entity under §2(1) GwG that must appoint an AML officer"), default=False)
    persons_processing_personal_data = models.PositiveIntegerField(_("persons who as a rule constantly process personal data by automated means"), null=True, blank=True)
    core_activities_special_data_or_monitoring = models.BooleanField(_("core activities: special categories of data or systematic monitoring"), default=False)
    requires_dpia = models.BooleanField(_("processing that requires a data protection impact assessment"), default=False)
    public_authority = models.BooleanField(_("public authority or body"), default=False)
    established_outside_eu_targeting_eu = models.BooleanField(_("established outside the EU, offering goods or services to people in the EU or monitoring them"), default=False)
    transports_dangerous_goods = models.BooleanField(_("involved in the carriage of dangerous goods"), default=False)
    operates_lasers_3r_or_higher = models.BooleanField(_("operates lasers of class 3R, 3B or 4"), default=False)
    licensable_installation_bimschg = models.BooleanField(_("operates installations licensable under the BImSchG"), default=False)
    upper_tier_seveso = models.BooleanField(_("upper-tier establishment under the Störfall-Verordnung"), default=False)
    hazardous_waste_or_waste_plant = models.BooleanField(_("generates hazardous waste regularly or runs a waste plant"), default=False)
    waste_water_m3_per_day = models.PositiveIntegerField(_("waste water the permit allows to discharge (m³ per day)"), null=True, blank=True)
    radiation_sources_or_xray = models.BooleanField(_("uses X-ray equipment or radioactive sources"), default=False)
    health_care_institution = models.BooleanField(_("health-care institution"), default=False)
    hospital = models.BooleanField(_("hospital"), default=False)
    employs_severely_disabled = models.BooleanField(_("employs severely disabled persons"), default=False)
    energy_consumption_gwh = models.DecimalField(_("final energy consumption (GWh per year, average of three years)"), max_digits=10, decimal_places=2, null=True, blank=True)
    provides_or_deploys_ai = models.BooleanField(_("provides or deploys AI systems"), default=False)
    exports_listed_goods = models.BooleanField(_("exports goods on the export control lists"), default=False)
    medical_device_manufacturer = models.BooleanField(_("manufactures medical devices"), default=False)
    pharma_marketing_authorisation = models.BooleanField(_("holds marketing authorisations for medicinal products"), default=False)
    genetic_engineering = models.BooleanField(_("runs genetic engineering facilities"), default=False)
    animal_experiments = models.BooleanField(_("performs animal experiments"), default=False)
    places_consumer_products_eu = models.BooleanField(_("places consumer products on the EU market"), default=False)
    classified_contracts = models.BooleanField(_("admitted to classified government contracts"), default=False)
    employees_at_risk_particular_hazard = models.BooleanField(_("the risk assessment shows a particular hazard to life or health"), default=False)

    class Meta:
        verbose_name = _("company profile")
        verbose_name_plural = _("company profiles")
        constraints = [models.UniqueConstraint(fields=["workspace"], name="company_profile_one_per_workspace")]

    def __str__(self) -> str:
        return str(_("Company profile"))
