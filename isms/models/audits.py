"""Internal audits (ISO/IEC 27001:2022 clause 9.2): programme, audits, auditors, checklists and findings."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["AuditAuditor", "AuditChecklistItem", "AuditFinding", "AuditProgramme", "InternalAudit"]


class AuditProgramme(TenantModel):
    """The plan of internal audits for one calendar year; a workspace has at most one per year."""

    year = models.PositiveSmallIntegerField(_("year"))
    objectives = models.TextField(_("objectives"), blank=True,
                                  help_text=_("What the audits of this year should show, and why."))
    method = models.TextField(_("method and responsibilities"), blank=True,
                              help_text=_("How audits are planned, performed and reported, and who does it."))

    class Meta:
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["workspace", "year"], name="audit_programme_one_per_year")]

    def __str__(self) -> str:
        return str(self.year)


class InternalAudit(TenantModel):
    """One internal audit of the programme.

    Transitions: planned -> completed. Completing records the conclusion and
    the date it was performed and stores the audit report PDF with its SHA-256;
    a completed audit no longer takes auditors, checklist changes or findings.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        COMPLETED = "completed", _("Completed")

    programme = models.ForeignKey(AuditProgramme, on_delete=models.PROTECT, related_name="audits",
                                  verbose_name=_("audit programme"))
    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("scope"), help_text=_("Areas, locations, processes and systems the audit covers."))
    criteria = models.TextField(_("audit criteria"),
                                help_text=_("The requirements audited against, for example ISO/IEC 27001:2022 "
                                            "clauses 4 to 10 and the policies in force."))
    auditee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("responsible for the audited area"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    conclusion = models.TextField(_("conclusion"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("completed by"))
    report_file = models.FileField(_("audit report"), upload_to="audit-reports/", blank=True)
    report_sha256 = models.CharField(_("SHA-256 of the audit report"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("internal audit")
        verbose_name_plural = _("internal audits")
        ordering = ["starts_on", "title"]
        indexes = [models.Index(fields=["workspace", "starts_on"], name="internal_audit_starts_idx")]
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="internal_audit_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class AuditAuditor(TenantModel):
    """A person who performs an audit: a workspace member or an external auditor named by text.

    ``own_area`` is true when the auditor is responsible for an area the audit
    covers. ISO/IEC 27001:2022 9.2.2 requires auditors who ensure objectivity
    and impartiality, so such an auditor is accepted only with
    ``impartiality_reason`` recorded.
    """

    audit = models.ForeignKey(InternalAudit, on_delete=models.CASCADE, related_name="auditors",
                              verbose_name=_("internal audit"))
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("workspace member"))
    external_name = models.CharField(_("external auditor"), max_length=200, blank=True)
    is_lead = models.BooleanField(_("lead auditor"), default=False)
    own_area = models.BooleanField(_("audits their own area"), default=False)
    impartiality_reason = models.TextField(_("reason despite own area"), blank=True)

    class Meta:
        verbose_name = _("auditor")
        verbose_name_plural = _("auditors")
        ordering = ["-is_lead", "external_name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(member__isnull=False, external_name="")
                           | models.Q(member__isnull=True) & ~models.Q(external_name="")),
                name="audit_auditor_member_or_external"),
            models.UniqueConstraint(fields=["audit", "member"], name="audit_auditor_member_once"),
        ]

    def __str__(self) -> str:
        if self.member_id is None:
            return self.external_name
        return self.member.get_full_name() or self.member.email


class AuditChecklistItem(TenantModel):
    """One requirement to check: a clause of 4 to 10 or an Annex A control, with the auditor's result.

    The title is copied when the item is made, so a checklist reads the same
    after the catalogue changes.
    """

    class Kind(models.TextChoices):
        CLAUSE = "clause", _("Clause")
        CONTROL = "control", _("Annex A control")

    class Result(models.TextChoices):
        NOT_CHECKED = "not_checked", _("Not checked yet")
        CONFORM = "conform", _("Conform")
        FINDING = "finding", _("Finding recorded")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    audit = models.ForeignKey(InternalAudit, on_delete=models.CASCADE, related_name="checklist",
                              verbose_name=_("internal audit"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    ref = models.CharField(_("ID"), max_length=20)
    title_en = models.CharField(max_length=200)
    title_de = models.CharField(max_length=200)
    position = models.PositiveIntegerField(help_text="Sort key: clauses first, then controls in catalogue order.")
    result = models.CharField(_("result"), max_length=15, choices=Result.choices, default=Result.NOT_CHECKED)
    notes = models.TextField(_("audit notes"), blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["audit", "kind", "ref"], name="audit_checklist_ref_once")]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    @property
    def title(self) -> str:
        return self.title_de if (get_language() or "de").startswith("de") else self.title_en


class AuditFinding(TenantModel):
    """A finding of an internal audit; nonconformities lead to a corrective action."""

    class Kind(models.TextChoices):
        MAJOR = "major", _("Major nonconformity")
        MINOR = "minor", _("Minor nonconformity")
        OBSERVATION = "observation", _("Observation")
        OPPORTUNITY = "opportunity", _("Opportunity for improvement")

    NONCONFORMITIES = (Kind.MAJOR, Kind.MINOR)

    audit = models.ForeignKey(InternalAudit, on_delete=models.PROTECT, related_name="findings",
                              verbose_name=_("internal audit"))
    checklist_item = models.ForeignKey(AuditChecklistItem, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="findings", verbose_name=_("requirement"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    statement = models.TextField(_("statement"), help_text=_("What was found, against which requirement."))
    evidence_note = models.TextField(_("audit evidence"), blank=True,
                                     help_text=_("Documents seen, interviews, samples; upload files below."))

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_nonconformity(self) -> bool:
        return self.kind in self.NONCONFORMITIES
