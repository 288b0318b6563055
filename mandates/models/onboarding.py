from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["OnboardingPhase", "OnboardingQuery", "OnboardingTask"]


class OnboardingPhase(TenantModel):
    """One of the four onboarding phases of a mandate, with its planned duration and completion.

    The phase's work items are ISMS tasks whose ``source`` is this phase, so
    they get the task list's reminders and completion history.
    """

    class Number(models.IntegerChoices):
        KICKOFF = 1, _("Kick-off and gap analysis")
        INITIALISATION = 2, _("ISMS initialisation")
        OPERATIONS = 3, _("Ongoing operations")
        CERTIFICATION = 4, _("Certification preparation")

    mandate = models.ForeignKey("mandates.Mandate", on_delete=models.PROTECT, related_name="phases",
                                verbose_name=_("mandate"))
    number = models.PositiveSmallIntegerField(_("phase"), choices=Number.choices)
    planned_days = models.PositiveSmallIntegerField(_("planned duration (days)"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("completed by"))

    class Meta:
        verbose_name = _("onboarding phase")
        verbose_name_plural = _("onboarding phases")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["mandate", "number"], name="onboarding_phase_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.get_number_display()}"


class OnboardingQuery(TenantModel):
    """A question to a named member of the client, with a due date; the answer stays as evidence."""

    mandate = models.ForeignKey("mandates.Mandate", on_delete=models.PROTECT, related_name="queries",
                                verbose_name=_("mandate"))
    question = models.TextField(_("question"), max_length=4000)
    addressee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("addressed to"))
    due_on = models.DateField(_("due on"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 null=True, blank=True, verbose_name=_("asked by"))
    answer = models.TextField(_("answer"), max_length=10000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    task = models.ForeignKey("isms.Task", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("query to the client")
        verbose_name_plural = _("queries to the client")
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return self.question[:80]


class OnboardingTask(TenantModel):
    """Links an ISMS task to the onboarding phase and core step it belongs to."""

    class CoreStep(models.TextChoices):
        SCOPE = "scope", _("Scope")
        UPLOADS = "uploads", _("Uploads")
        QUERIES = "queries", _("Queries to the client")
        RISKS = "risks", _("Risks")
        REPORTING = "reporting", _("Reporting")

    phase = models.ForeignKey(OnboardingPhase, on_delete=models.PROTECT, related_name="task_links")
    task = models.OneToOneField("isms.Task", on_delete=models.PROTECT, related_name="+")
    template_key = models.SlugField(max_length=60)
    core_step = models.CharField(_("core step"), max_length=10, choices=CoreStep.choices)

    class Meta:
        verbose_name = _("onboarding task")
        verbose_name_plural = _("onboarding tasks")
        constraints = [models.UniqueConstraint(fields=["phase", "template_key"], name="onboarding_task_unique")]
