"""Risk assessment and treatment (ISO/IEC 27001:2022 clauses 6.1.2, 6.1.3, 8.2 and 8.3)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["BAND_RANK", "Band", "Risk", "RiskAcceptance", "RiskAsset", "RiskMethodology", "MIN_LEVELS", "MAX_LEVELS"]

# A scale needs at least three levels to tell risks apart, and more than six
# levels ask for a precision that qualitative ratings do not have.
MIN_LEVELS = 3
MAX_LEVELS = 6


class Band(models.TextChoices):
    """Risk bands in ascending order; ``BAND_RANK`` compares them."""

    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    CRITICAL = "critical", _("critical")


BAND_RANK = {Band.LOW: 0, Band.MEDIUM: 1, Band.HIGH: 2, Band.CRITICAL: 3}


class RiskMethodology(TenantModel):
    """The rules by which a workspace rates risks: two scales, the bands of their product and the acceptance criteria.

    Each scale is a list of levels ``[{"label": ..., "description": ...}]``;
    level *n* is the n-th entry, counted from 1. The score of a rating is
    likelihood x impact. Scores below ``medium_from`` are low, and so on up to
    critical from ``critical_from``. A residual risk in ``acceptance_band`` or
    below may be retained by the risk owner; above it, management must accept it.
    """

    likelihood_levels = models.JSONField(_("likelihood scale"))
    impact_levels = models.JSONField(_("impact scale"))
    medium_from = models.PositiveSmallIntegerField(_("medium from score"))
    high_from = models.PositiveSmallIntegerField(_("high from score"))
    critical_from = models.PositiveSmallIntegerField(_("critical from score"))
    acceptance_band = models.CharField(_("highest band retained without management acceptance"), max_length=10,
                                       choices=Band.choices, default=Band.LOW)

    class Meta:
        verbose_name = _("risk methodology")
        verbose_name_plural = _("risk methodologies")
        constraints = [models.UniqueConstraint(fields=["workspace"], name="risk_methodology_one_per_workspace")]

    def __str__(self) -> str:
        return f"{len(self.likelihood_levels)} x {len(self.impact_levels)}"

    @property
    def likelihood_count(self) -> int:
        return len(self.likelihood_levels)

    @property
    def impact_count(self) -> int:
        return len(self.impact_levels)

    @property
    def max_score(self) -> int:
        return self.likelihood_count * self.impact_count

    def band_for(self, score: int | None) -> str | None:
        if score is None:
            return None
        if score >= self.critical_from:
            return Band.CRITICAL
        if score >= self.high_from:
            return Band.HIGH
        if score >= self.medium_from:
            return Band.MEDIUM
        return Band.LOW

    def score_range(self, band: str) -> tuple[int, int]:
        """Return the inclusive score range of ``band``."""
        bounds = {
            Band.LOW: (1, self.medium_from - 1),
            Band.MEDIUM: (self.medium_from, self.high_from - 1),
            Band.HIGH: (self.high_from, self.critical_from - 1),
            Band.CRITICAL: (self.critical_from, self.max_score),
        }
        return bounds[Band(band)]

    def exceeds_acceptance(self, band: str | None) -> bool:
        return band is not None and BAND_RANK[Band(band)] > BAND_RANK[Band(self.acceptance_band)]


class Risk(TenantModel):
    """A risk to the assets it names, rated before (inherent) and after (residual) treatment.

    Transitions of ``status``: identified -> planned -> in_progress -> treated
    -> closed; any state may return to an earlier one when the assessment is
    repeated. A residual risk above the acceptance criteria stays open until
    management accepts it (``current_acceptance``); changing the residual
    rating or the accepted text voids that acceptance.
    """

    class Status(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        PLANNED = "planned", _("Treatment planned")
        IN_PROGRESS = "in_progress", _("Treatment in progress")
        TREATED = "treated", _("Treated")
        CLOSED = "closed", _("Closed")

    class Treatment(models.TextChoices):
        MODIFY = "modify", _("Modify (reduce)")
        RETAIN = "retain", _("Retain")
        AVOID = "avoid", _("Avoid")
        SHARE = "share", _("Share")

    title = models.CharField(_("title"), max_length=200)
    threat = models.TextField(_("threat"))
    vulnerability = models.TextField(_("vulnerability"))
    assets = models.ManyToManyField("isms.Asset", through="RiskAsset", related_name="risks", blank=True,
                                    verbose_name=_("assets"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("risk owner"))
    inherent_likelihood = models.PositiveSmallIntegerField(_("inherent likelihood"))
    inherent_impact = models.PositiveSmallIntegerField(_("inherent impact"))
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"), null=True, blank=True)
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"), null=True, blank=True)
    treatment_option = models.CharField(_("treatment option"), max_length=10, choices=Treatment.choices,
                                        blank=True)
    treatment_description = models.TextField(_("treatment description"), blank=True)
    treatment_owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("treatment owner"))
    treatment_due_on = models.DateField(_("treatment due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IDENTIFIED)
    current_acceptance = models.ForeignKey("isms.RiskAcceptance", on_delete=models.SET_NULL, null=True,
                                           blank=True, related_name="+", verbose_name=_("current acceptance"))

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["workspace", "status"], name="risk_status"),
            models.Index(fields=["workspace", "treatment_due_on"], name="risk_treatment_due"),
            models.Index(fields=["workspace", "title"], name="risk_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def inherent_score(self) -> int:
        return self.inherent_likelihood * self.inherent_impact

    @property
    def residual_score(self) -> int | None:
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact


class RiskAsset(TenantModel):
    """A link between a risk and an asset it threatens; a row of its own so that links are audited."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="asset_links", verbose_name=_("risk"))
    asset = models.ForeignKey("isms.Asset", on_delete=models.CASCADE, related_name="risk_links",
                              verbose_name=_("asset"))

    class Meta:
        verbose_name = _("risk asset link")
        verbose_name_plural = _("risk asset links")
        constraints = [models.UniqueConstraint(fields=["risk", "asset"], name="risk_asset_unique")]

    def __str__(self) -> str:
        return f"{self.risk_id} -> {self.asset_id}"


class RiskAcceptance(TenantModel):
    """Management's acceptance of a residual risk, as it stood when accepted.

    ``text_sha256`` is the SHA-256 of the accepted statement (see
    ``isms.services.risks.acceptance.acceptance_statement``). A later change of
    the residual rating or of that statement sets ``voided_at``; the row stays
    as a record of what was once accepted.
    """

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="acceptances", verbose_name=_("risk"))
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("accepted by"))
    accepted_at = models.DateTimeField(_("accepted at"))
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"))
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"))
    band = models.CharField(_("band"), max_length=10, choices=Band.choices)
    statement = models.TextField(_("accepted statement"))
    text_sha256 = models.CharField(_("SHA-256 of the accepted statement"), max_length=64)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = models.CharField(_("reason voided"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("risk acceptance")
        verbose_name_plural = _("risk acceptances")
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.risk_id} accepted {self.accepted_at:%Y-%m-%d}"
