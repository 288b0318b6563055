"""Read confirmations: who must confirm a policy version, who did, and the confirmation itself."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civac.accounts.models import User
from civac.audit.recorder import append_event
from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from isms.models import Policy, PolicyReader, PolicyVersion, ReadConfirmation


def required_reader_ids(policy: Policy) -> set:
    """Users who must confirm ``policy``: named readers plus members holding a listed role, now."""
    if not policy.requires_read_confirmation:
        return set()
    named = set(PolicyReader.objects.filter(policy=policy).values_list("user_id", flat=True))
    by_role = set(Membership.objects.filter(workspace_id=policy.workspace_id, role__in=policy.confirmation_roles)
                  .values_list("user_id", flat=True))
    return named | by_role


@dataclass(frozen=True)
class ConfirmationStatus:
    confirmed: list  # ReadConfirmation rows with their users
    missing: list  # users who have not confirmed yet

    @property
    def total(self) -> int:
        return len(self.confirmed) + len(self.missing)


def confirmation_status(version: PolicyVersion) -> ConfirmationStatus:
    required = required_reader_ids(version.policy)
    confirmations = list(ReadConfirmation.objects.filter(version=version).select_related("user")
                         .order_by("confirmed_at"))
    confirmed_ids = {row.user_id for row in confirmations}
    missing = list(User.objects.filter(pk__in=required - confirmed_ids).order_by("last_name", "first_name", "email"))
    return ConfirmationStatus(confirmed=confirmations, missing=missing)


def open_confirmations_for(user, workspace) -> list[PolicyVersion]:
    """Current approved versions that ``user`` must confirm in ``workspace`` and has not confirmed yet."""
    roles = list(Membership.objects.filter(workspace=workspace, user=user).values_list("role", flat=True))
    # JSON containment on lists is not available on SQLite, so the role rule is
    # checked in Python below; the query narrows to required-confirmation policies.
    candidates = (PolicyVersion.objects.filter(status=PolicyVersion.Status.APPROVED,
                                               policy__requires_read_confirmation=True)
                  .exclude(confirmations__user=user).select_related("policy").order_by("policy__title"))
    named = set(PolicyReader.objects.filter(user=user).values_list("policy_id", flat=True))
    return [version for version in candidates
            if version.policy_id in named or set(version.policy.confirmation_roles) & set(roles)]


def read_confirm(*, actor, version: PolicyVersion) -> ReadConfirmation:
    """Record that ``actor`` read the current approved ``version``, with a "confirm_read" audit event."""
    if version.status == PolicyVersion.Status.DRAFT:
        raise field_error("version", _("This version is a draft; only approved versions can be confirmed."),
                          "not_approved")
    if version.status == PolicyVersion.Status.SUPERSEDED:
        raise field_error("version", _("A newer version of this policy was approved; confirm that one instead."),
                          "superseded")
    if actor.pk not in required_reader_ids(version.policy):
        raise field_error("version", _("You are not asked to confirm this policy."), "not_a_reader")
    if ReadConfirmation.objects.filter(version=version, user=actor).exists():
        raise field_error("version", _("You already confirmed this version."), "already_confirmed")
    try:
        with transaction.atomic():
            confirmation = ReadConfirmation.objects.create(workspace=version.workspace, version=version, user=actor,
                                                           confirmed_at=timezone.now())
            append_event(workspace_id=version.workspace_id, action="confirm_read",
                         object_type=PolicyVersion._meta.label_lower, object_id=str(version.pk),
                         object_repr=str(version), actor=actor,
                         changes={"sha256": version.content_sha256, "number": version.number})
    except IntegrityError:
        # A second click that raced the first one hit the unique constraint.
        raise field_error("version", _("You already confirmed this version."), "already_confirmed") from None
    return confirmation
