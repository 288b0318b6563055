"""Policies and other documented information, their versions and read confirmations."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from civac.tenancy.base import TenantModel

__all__ = ["Policy", "PolicyReader", "PolicyVersion", "ReadConfirmation"]

MAX_REVIEW_INTERVAL_MONTHS = 60


class Policy(TenantModel):
    """A policy or other document that management approves and the organisation reviews on a cycle.

    Who must confirm reading it: the named readers plus every member whose
    role is in ``confirmation_roles``, both read when a version is shown, so
    a member who joins later is asked too.
    """

    class Kind(models.TextChoices):
        TOP_LEVEL = "top_level", _("Information security policy (top level)")
        TOPIC = "topic", _("Topic-specific policy")
        OTHER = "other", _("Other document")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TOPIC)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("owner"))
    review_interval_months = models.PositiveSmallIntegerField(
        _("review interval (months)"), default=12,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_REVIEW_INTERVAL_MONTHS)],
        help_text=_("Months from approval to the next review."),
    )
    requires_read_confirmation = models.BooleanField(_("read confirmation required"), default=False)
    confirmation_roles = models.JSONField(_("roles that must confirm"), default=list, blank=True)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(review_interval_months__gte=1),
                                   name="policy_review_interval_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class PolicyReader(TenantModel):
    """A member named on a policy as someone who must confirm reading it."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="readers", verbose_name=_("policy"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("user"))

    class Meta:
        verbose_name = _("named reader")
        verbose_name_plural = _("named readers")
        constraints = [models.UniqueConstraint(fields=["policy", "user"], name="policy_reader_unique")]

    def __str__(self) -> str:
        return f"{self.policy} – {self.user}"


class PolicyVersion(TenantModel):
    """One version of a policy's content: text written in the app (Markdown) or an uploaded file.

    Transitions: draft -> approved (by management, content hash recorded) ->
    superseded (when the next version is approved). Approved and superseded
    versions are frozen; at most one draft and one approved version exist per
    policy at a time.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")

    FROZEN_FIELDS = ("policy_id", "number", "text", "file_id", "content_sha256", "approved_by_id", "approved_at")

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions", verbose_name=_("policy"))
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text (Markdown)"), blank=True)
    file = models.ForeignKey("isms.EvidenceFile", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("file"))
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    content_sha256 = models.CharField(_("SHA-256 of the approved content"), max_length=64, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_number_unique"),
            models.UniqueConstraint(fields=["policy"], condition=models.Q(status="draft"),
                                    name="policy_version_one_draft"),
            models.UniqueConstraint(fields=["policy"], condition=models.Q(status="approved"),
                                    name="policy_version_one_approved"),
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"

    def save(self, *args, **kwargs):
        # A guard, not a side effect: services never change a frozen version,
        # and this stops any other path from doing so unnoticed.
        before = getattr(self, "_audit_snapshot", None) or {}
        if before.get("status") in {self.Status.APPROVED, self.Status.SUPERSEDED}:
            changed = [name for name in self.FROZEN_FIELDS if before.get(name) != getattr(self, name)]
            if changed or self.status == self.Status.DRAFT:
                raise ValueError(f"policy version {self.pk} is frozen; changed: {changed or ['status']}")
        super().save(*args, **kwargs)


class ReadConfirmation(TenantModel):
    """A member's confirmation that they read one approved policy version."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="confirmations",
                                verbose_name=_("policy version"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("user"))
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        verbose_name = _("read confirmation")
        verbose_name_plural = _("read confirmations")
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="read_confirmation_unique")]

    def __str__(self) -> str:
        return f"{self.version} – {self.user}"
