"""Context of the organisation (ISO/IEC 27001:2022 clauses 4.1 to 4.3) and the NIS-2 facts of §§28, 33 BSIG."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = [
    "ContextIssue", "InterestedParty", "PartyRequirement", "ScopeVersion", "Nis2Facts", "RegistrationItem",
]


class ContextIssue(TenantModel):
    """An internal or external issue that affects the ISMS's ability to reach its intended outcomes (4.1)."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    class Category(models.TextChoices):
        LEGAL = "legal", _("Legal and regulatory")
        POLITICAL = "political", _("Political")
        ECONOMIC = "economic", _("Economic and market")
        SOCIAL = "social", _("Social and cultural")
        TECHNOLOGICAL = "technological", _("Technological")
        ENVIRONMENTAL = "environmental", _("Environmental and climate")
        ORGANISATIONAL = "organisational", _("Organisation and governance")
        PEOPLE = "people", _("People and skills")
        PROCESSES = "processes", _("Processes and information")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure and IT")
        OTHER = "other", _("Other")

    kind = models.CharField(_("internal or external"), max_length=10, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("issue"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    effect_on_isms = models.TextField(
        _("effect on the ISMS"), help_text=_("How this issue affects what the ISMS must achieve.")
    )
    climate_related = models.BooleanField(_("climate-related"), default=False)

    class Meta:
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")
        ordering = ["kind", "category", "title"]

    def __str__(self) -> str:
        return self.title


class InterestedParty(TenantModel):
    """A person or organisation whose requirements are relevant to the ISMS (4.2 a)."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        EXTERNAL = "external", _("External")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("internal or external"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartyRequirement(TenantModel):
    """A requirement of an interested party (4.2 b) and whether the ISMS addresses it (4.2 c)."""

    party = models.ForeignKey(InterestedParty, on_delete=models.CASCADE, related_name="requirements",
                              verbose_name=_("interested party"))
    text = models.TextField(_("requirement"))
    addressed_by_isms = models.BooleanField(_("addressed by the ISMS"), default=False)
    how_addressed = models.TextField(
        _("how it is addressed"), blank=True,
        help_text=_("The control, policy or process that meets the requirement, or why it is not addressed."),
    )
    climate_related = models.BooleanField(_("climate-related"), default=False)

    class Meta:
        verbose_name = _("requirement of an interested party")
        verbose_name_plural = _("requirements of interested parties")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class ScopeVersion(TenantModel):
    """One version of the ISMS scope statement (4.3), with the climate decision of Amendment 1:2024.

    Transitions: draft -> approved. Only the newest version can be a draft, and
    a workspace has at most one. An approved version is frozen: editing after
    approval creates the next draft. ``revision`` counts saves of a draft so a
    form loaded before someone else's save is rejected as stale.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    scope_text = models.TextField(_("scope statement"))
    boundaries = models.TextField(_("boundaries"), blank=True)
    interfaces = models.TextField(_("interfaces and dependencies"), blank=True)
    exclusions = models.TextField(_("exclusions"), blank=True)
    exclusion_justification = models.TextField(_("justification of the exclusions"), blank=True)
    locations = models.TextField(_("locations"), blank=True)
    organisational_units = models.TextField(_("organisational units"), blank=True)
    # None until the organisation has decided; Amendment 1:2024 to clause 4.1 asks for the decision.
    climate_change_relevant = models.BooleanField(_("climate change is a relevant issue"), null=True, blank=True)
    climate_change_reasoning = models.TextField(_("reasoning on climate change"), blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    content_sha256 = models.CharField(_("SHA-256 of the approved content"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("ISMS scope version")
        verbose_name_plural = _("ISMS scope versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "number"], name="scope_version_number_unique"),
            models.UniqueConstraint(fields=["workspace"], condition=models.Q(status="draft"),
                                    name="scope_version_one_draft"),
        ]

    def __str__(self) -> str:
        return str(_("ISMS scope, version %(number)s") % {"number": self.number})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class Nis2Facts(TenantModel):
    """Facts for the §28 BSIG classification that the workspace itself does not hold; one per workspace.

    Size figures, sector and the special flags (critical facility, trust services,
    DORA) stay on the workspace. ``entity_type`` is a key of
    ``isms/data/nis2_entity_types.yaml``; an empty value means none of Anlage 1 or 2.
    """

    entity_type = models.CharField(_("entity type (Anlage 1 or 2 BSIG)"), max_length=60, blank=True)
    negligible_activities_note = models.TextField(
        _("activities disregarded as negligible (§28(3) BSIG)"), blank=True,
        help_text=_("Business activities left out when choosing the entity type, and why they are negligible."),
    )
    linked_enterprises_note = models.TextField(
        _("partner and linked enterprises left out (§28(4) BSIG)"), blank=True,
        help_text=_("Whose figures are left out of headcount, turnover and balance sheet, "
                    "and why their IT is independent."),
    )
    sector_law_carve_out = models.BooleanField(
        _("public telecom or energy operator under sector law (§28(5) BSIG)"), default=False,
    )
    qualified_on = models.DateField(
        _("qualified on"), null=True, blank=True,
        help_text=_("Day the workspace first met, or met again, the criteria of §28 BSIG."),
    )
    registered_on = models.DateField(_("registered with the BSI on"), null=True, blank=True)
    adopted_category = models.CharField(_("adopted category"), max_length=30, blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("adopted by"))

    class Meta:
        verbose_name = _("NIS-2 facts")
        verbose_name_plural = _("NIS-2 facts")
        constraints = [models.UniqueConstraint(fields=["workspace"], name="nis2_facts_one_per_workspace")]

    def __str__(self) -> str:
        return str(_("NIS-2 facts"))


class RegistrationItem(TenantModel):
    """One data item of the §33 BSIG registration, with its value or a done mark."""

    class Key(models.TextChoices):
        NAME = "name", _("Name of the entity")
        LEGAL_FORM = "legal_form", _("Legal form")
        REGISTER_NUMBER = "register_number", _("Commercial register number")
        ADDRESS = "address", _("Address")
        CONTACTS = "contacts", _("Current contact data, including e-mail address")
        PUBLIC_IP_RANGES = "public_ip_ranges", _("Public IP address ranges")
        PHONE = "phone", _("Telephone number")
        SECTOR = "sector", _("Sector and branch (Anlage 1 or 2 BSIG)")
        MEMBER_STATES = "member_states", _("EU member states in which services are provided")
        AUTHORITIES = "authorities", _("Competent authorities")

    key = models.CharField(_("data item"), max_length=30, choices=Key.choices)
    value = models.TextField(_("value"), blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("registration data item")
        verbose_name_plural = _("registration data items")
        constraints = [models.UniqueConstraint(fields=["workspace", "key"], name="registration_item_unique")]

    def __str__(self) -> str:
        return str(self.get_key_display())

    @property
    def is_complete(self) -> bool:
        return self.done or bool(self.value.strip())
