"""The Statement of Applicability: one live entry per control, and approved versions frozen as snapshots."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel
from isms.models.controls import CatalogueControl, OwnControl

__all__ = ["SoAEntry", "SoAVersion"]


class SoAEntry(TenantModel):
    """A workspace's decision on one control: applicable or not, why, how far implemented, and by whom.

    The entries together are the current draft of the SoA; approving it copies
    them into an ``SoAVersion``. Exactly one of ``catalogue_control`` and
    ``own_control`` is set. An entry starts as not assessed (applicability
    undecided, status not started).
    """

    class Applicability(models.TextChoices):
        UNDECIDED = "undecided", _("Not assessed")
        APPLICABLE = "applicable", _("Applicable")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        PLANNED = "planned", _("Planned")
        PARTIAL = "partial", _("Partially implemented")
        IMPLEMENTED = "implemented", _("Implemented")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    class Maturity(models.IntegerChoices):
        """Maturity for the gap analysis, six levels in the style of CMMI; separate from the status.

        The status says how far the planned measure is built; maturity says how
        reliably it works. Both feed the gap analysis.
        """

        NONE = 0, _("0 – not present")
        INITIAL = 1, _("1 – initial, ad hoc")
        REPEATABLE = 2, _("2 – repeatable, not documented")
        DEFINED = 3, _("3 – defined and documented")
        MANAGED = 4, _("4 – measured and managed")
        OPTIMIZING = 5, _("5 – continually improved")

    catalogue_control = models.ForeignKey(CatalogueControl, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("Annex A control"))
    own_control = models.OneToOneField(OwnControl, on_delete=models.CASCADE, null=True, blank=True,
                                       related_name="soa_entry", verbose_name=_("own control"))
    applicability = models.CharField(_("applicability"), max_length=20, choices=Applicability.choices,
                                     default=Applicability.UNDECIDED)
    inclusion_reason = models.TextField(_("reason for inclusion"), blank=True)
    justification = models.TextField(_("justification for exclusion"), blank=True)
    status = models.CharField(_("implementation status"), max_length=20, choices=Status.choices,
                              default=Status.NOT_STARTED)
    maturity = models.PositiveSmallIntegerField(_("maturity"), choices=Maturity.choices, null=True, blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("SoA entry")
        verbose_name_plural = _("SoA entries")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "catalogue_control"], name="soa_entry_one_per_control",
                                    condition=models.Q(catalogue_control__isnull=False)),
            models.CheckConstraint(
                condition=models.Q(catalogue_control__isnull=False, own_control__isnull=True)
                | models.Q(catalogue_control__isnull=True, own_control__isnull=False),
                name="soa_entry_one_control_kind",
            ),
        ]
        indexes = [models.Index(fields=["workspace", "status"], name="soa_entry_ws_status")]

    def __str__(self) -> str:
        return str(self.control)

    @property
    def control(self):
        """The catalogue or own control; callers select_related both to avoid a query per row."""
        return self.catalogue_control or self.own_control

    @property
    def ref(self) -> str:
        return self.control.ref

    @property
    def is_unjustified_exclusion(self) -> bool:
        return self.applicability == self.Applicability.NOT_APPLICABLE and not self.justification.strip()


class SoAVersion(TenantModel):
    """An SoA approved by management: the entries as JSON, the PDF and its SHA-256, frozen for good.

    ``digest`` is the SHA-256 of the canonical JSON of ``rows``, so two
    approvals of unchanged content are recognised as the same draft.
    """

    number = models.PositiveIntegerField(_("version"))
    rows = models.JSONField(default=list)
    digest = models.CharField(max_length=64)
    approved_at = models.DateTimeField(_("approved at"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("approved by"))
    language = models.CharField(max_length=10)
    file = models.FileField(_("PDF"), upload_to="soa/%Y/")
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)

    class Meta:
        verbose_name = _("SoA version")
        verbose_name_plural = _("SoA versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["workspace", "number"], name="soa_version_number_unique")]

    def __str__(self) -> str:
        return f"SoA v{self.number}"
