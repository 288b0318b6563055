"""Nonconformities and corrective actions (ISO/IEC 27001:2022 clause 10.2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["CorrectiveAction", "EffectivenessCheck", "Nonconformity"]


class Nonconformity(TenantModel):
    """A nonconformity in the register, with its cause analysis, actions and effectiveness checks.

    Transitions: open -> closed. Closing needs a cause analysis, every action
    done and a latest effectiveness check with the result "effective". After
    an ineffective check the nonconformity stays open for further actions.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Source(models.TextChoices):
        FINDING = "finding", _("Internal audit finding")
        INCIDENT = "incident", _("Incident")
        REVIEW = "review", _("Management review")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("What does not conform, and where."))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    finding = models.OneToOneField("isms.AuditFinding", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="nonconformity", verbose_name=_("audit finding"))
    incident = models.ForeignKey("incidents.Incident", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("incident"))
    source_reference = models.CharField(
        _("source reference"), max_length=200, blank=True,
        help_text=_("For a management review or another source: the meeting, date or document."))
    immediate_correction = models.TextField(_("immediate correction"), blank=True,
                                            help_text=_("What was done at once to control and correct it."))
    cause_analysis = models.TextField(_("cause analysis"), blank=True,
                                      help_text=_("Why it happened, and whether it can occur elsewhere."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("closed by"))

    class Meta:
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["workspace", "status"], name="nonconformity_status_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CorrectiveAction(TenantModel):
    """An action to remove the cause of a nonconformity, with an owner, a due date and a reminder task.

    Transitions: open -> done. The task is opened with the action and
    completed with it, so reminders stop once the action is done.
    """

    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.PROTECT, related_name="actions",
                                      verbose_name=_("nonconformity"))
    description = models.TextField(_("action"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("owner"))
    due_on = models.DateField(_("due on"))
    task = models.ForeignKey("isms.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("task"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("done by"))
    done_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["workspace", "due_on"], name="corrective_action_due_idx")]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class EffectivenessCheck(TenantModel):
    """A check whether the actions removed the cause: who checked, when, the result and the evidence."""

    class Result(models.TextChoices):
        EFFECTIVE = "effective", _("Effective")
        NOT_EFFECTIVE = "not_effective", _("Not effective")

    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.PROTECT, related_name="checks",
                                      verbose_name=_("nonconformity"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("checked by"))
    checked_on = models.DateField(_("checked on"))
    result = models.CharField(_("result"), max_length=15, choices=Result.choices)
    notes = models.TextField(_("how it was checked"), help_text=_("Method, samples and what they showed."))

    class Meta:
        verbose_name = _("effectiveness check")
        verbose_name_plural = _("effectiveness checks")
        ordering = ["checked_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.checked_on} {self.get_result_display()}"
