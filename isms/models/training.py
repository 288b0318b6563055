"""Training programme: courses, sessions with attendance, and the reminders opened for people who are due.

A person's status for a course is not stored. It is computed from the last
session they attended and the course's interval (see
``isms.services.training.status``), so a new session or a changed interval
moves every status at once.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["TrainingAttendance", "TrainingCourse", "TrainingReminder", "TrainingSession",
           "training_certificate_name"]


class TrainingCourse(TenantModel):
    """A recurring training with its audience; the material is a link or evidence files on the course.

    ``management_training`` marks the training that §38(3) BSIG requires of
    the members of management; the quarterly report shows it per person.
    """

    class Audience(models.TextChoices):
        ALL_MEMBERS = "all", _("All members")
        ROLES = "roles", _("Members with certain roles")
        PEOPLE = "people", _("Named people")

    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.ALL_MEMBERS)
    audience_roles = models.JSONField(_("roles"), default=list, blank=True)
    audience_people = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+",
                                             verbose_name=_("people"))
    interval_months = models.PositiveSmallIntegerField(
        _("interval in months"), help_text=_("How often each person repeats the training, in months (1 to 60)."))
    first_due_on = models.DateField(
        _("first due on"), help_text=_("The date by which people who never attended must complete the training."))
    material_url = models.URLField(_("link to material"), max_length=500, blank=True)
    management_training = models.BooleanField(
        _("management training (§38(3) BSIG)"), default=False,
        help_text=_("Members of management must attend this training regularly."))
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(TenantModel):
    """One held date of a course; its attendance rows are the completions."""

    course = models.ForeignKey(TrainingCourse, on_delete=models.PROTECT, related_name="sessions",
                               verbose_name=_("course"))
    held_on = models.DateField(_("held on"))
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["workspace", "held_on"], name="training_session_held")]

    def __str__(self) -> str:
        return f"{self.course.title} ({self.held_on.isoformat()})"


def training_certificate_name(instance, filename: str) -> str:
    return f"training/{instance.workspace_id}/{uuid.uuid4().hex}.pdf"


class TrainingAttendance(TenantModel):
    """A person who completed a session; it may carry evidence files and its certificate of completion.

    The certificate is rendered once, on first request, and kept with its
    SHA-256, so every later download returns exactly that file.
    """

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("session"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    certificate = models.FileField(_("certificate"), upload_to=training_certificate_name, max_length=200,
                                   blank=True)
    certificate_sha256 = models.CharField(_("SHA-256 of the certificate"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="training_attendance_once")]

    def __str__(self) -> str:
        return f"{self.person} – {self.session}"


class TrainingReminder(TenantModel):
    """The task opened for a person whose training fell due; one per course, person and due date.

    The unique constraint keeps a repeated run from opening a second task
    for the same due date; the next cycle has a new due date and a new row.
    """

    course = models.ForeignKey(TrainingCourse, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("course"))
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    due_on = models.DateField(_("due on"))
    task = models.ForeignKey("isms.Task", on_delete=models.PROTECT, related_name="+", verbose_name=_("task"))

    class Meta:
        verbose_name = _("training reminder")
        verbose_name_plural = _("training reminders")
        constraints = [models.UniqueConstraint(fields=["course", "person", "due_on"], name="training_reminder_once")]

    def __str__(self) -> str:
        return f"{self.course} – {self.person} ({self.due_on.isoformat()})"
