"""Assets of the ISMS (ISO/IEC 27001:2022 clause 8 and Annex A 5.9): what the organisation protects."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["Asset", "AssetDependency", "ProtectionNeed"]


class ProtectionNeed(models.TextChoices):
    """Protection need per security objective, in the three levels of BSI IT-Grundschutz (Schutzbedarf)."""

    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    VERY_HIGH = "very_high", _("very high")


class Asset(TenantModel):
    """Information, a system, service, process, location or supplier the ISMS protects.

    The owner is a workspace member, or a role written as text (for example
    "Head of IT") where no single person is named. At least one of the two is set.
    """

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        SYSTEM = "system", _("System")
        SERVICE = "service", _("Service")
        PROCESS = "process", _("Process")
        LOCATION = "location", _("Location")
        SUPPLIER = "supplier", _("Supplier")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    owner_role = models.CharField(_("owner (role)"), max_length=200, blank=True,
                                  help_text=_("A role such as “Head of IT” when no single member owns the asset."))
    confidentiality = models.CharField(_("confidentiality"), max_length=10, choices=ProtectionNeed.choices,
                                       default=ProtectionNeed.NORMAL)
    integrity = models.CharField(_("integrity"), max_length=10, choices=ProtectionNeed.choices,
                                 default=ProtectionNeed.NORMAL)
    availability = models.CharField(_("availability"), max_length=10, choices=ProtectionNeed.choices,
                                    default=ProtectionNeed.NORMAL)
    dependencies = models.ManyToManyField("self", through="AssetDependency", symmetrical=False,
                                          related_name="dependents", blank=True,
                                          verbose_name=_("depends on"))

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["name"]
        indexes = [models.Index(fields=["workspace", "kind", "name"], name="asset_kind_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_label(self) -> str:
        if self.owner_id is not None:
            name = self.owner.get_full_name() or self.owner.email
            return f"{name} ({self.owner_role})" if self.owner_role else name
        return self.owner_role


class AssetDependency(TenantModel):
    """One edge "asset depends on depends_on"; a row of its own so that adding and removing it is audited."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="dependency_links",
                              verbose_name=_("asset"))
    depends_on = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="dependent_links",
                                   verbose_name=_("depends on"))

    class Meta:
        verbose_name = _("asset dependency")
        verbose_name_plural = _("asset dependencies")
        constraints = [
            models.UniqueConstraint(fields=["asset", "depends_on"], name="asset_dependency_unique"),
            models.CheckConstraint(condition=~Q(asset=F("depends_on")), name="asset_dependency_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.asset_id} -> {self.depends_on_id}"
