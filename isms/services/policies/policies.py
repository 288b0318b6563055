"""Writes on a policy's master data: title, kind, owner, review interval and who must confirm reading."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from civac.tenancy.models import Membership
from civac.tenancy.roles import Role
from isms.models import Policy, PolicyReader
from isms.models.policies import MAX_REVIEW_INTERVAL_MONTHS

# Partner staff have no membership row, so a role rule cannot reach them;
# they are named individually when they must confirm.
CONFIRMATION_ROLES = [Role.WORKSPACE_ADMIN, Role.OFFICER, Role.MANAGEMENT, Role.AUDITOR]


def _member_ids(workspace) -> set:
    return set(Membership.objects.filter(workspace=workspace).values_list("user_id", flat=True))


def _check(*, workspace, title: str, owner, review_interval_months, confirmation_roles, readers,
           requires_read_confirmation: bool = False) -> None:
    if not (title or "").strip():
        raise field_error("title", _("Enter a title."), "required")
    if review_interval_months is None or int(review_interval_months) < 1:
        raise field_error("review_interval_months", _("The review interval must be at least 1 month; enter 12 "
                                                      "for a yearly review."), "interval_not_positive")
    if int(review_interval_months) > MAX_REVIEW_INTERVAL_MONTHS:
        raise field_error("review_interval_months", _("The review interval must be at most %(max)d months.")
                          % {"max": MAX_REVIEW_INTERVAL_MONTHS}, "interval_too_long")
    unknown_roles = set(confirmation_roles) - set(CONFIRMATION_ROLES)
    if unknown_roles:
        raise field_error("confirmation_roles", _("Unknown role: %(roles)s.")
                          % {"roles": ", ".join(sorted(unknown_roles))}, "unknown_role")
    members = _member_ids(workspace)
    if owner is None or owner.pk not in members:
        raise field_error("owner", _("Choose a member of this workspace as owner."), "owner_not_member")
    strangers = [reader for reader in readers if reader.pk not in members]
    if strangers:
        raise field_error("readers", _("Only members of this workspace can be named as readers."),
                          "reader_not_member")
    if requires_read_confirmation and not confirmation_roles and not readers:
        raise field_error("confirmation_roles", _("Read confirmation is required, but nobody is asked: choose "
                                                  "roles or named readers, or untick read confirmation."),
                          "no_readers")


def _set_readers(policy: Policy, readers) -> None:
    requested = {reader.pk: reader for reader in readers}
    current = {row.user_id: row for row in PolicyReader.objects.filter(policy=policy)}
    for user_id, row in current.items():
        if user_id not in requested:
            row.delete()
    for user_id, user in requested.items():
        if user_id not in current:
            PolicyReader.objects.create(workspace=policy.workspace, policy=policy, user=user)


def policy_create(*, actor, workspace, title: str, kind: str, owner, review_interval_months: int,
                  requires_read_confirmation: bool = False, confirmation_roles=(), readers=()) -> Policy:
    confirmation_roles, readers = list(confirmation_roles), list(readers)
    _check(workspace=workspace, title=title, owner=owner, review_interval_months=review_interval_months,
           confirmation_roles=confirmation_roles, readers=readers,
           requires_read_confirmation=requires_read_confirmation)
    with transaction.atomic():
        policy = Policy(workspace=workspace, title=title.strip(), kind=kind, owner=owner,
                        review_interval_months=review_interval_months,
                        requires_read_confirmation=requires_read_confirmation,
                        confirmation_roles=sorted(confirmation_roles))
        policy.full_clean()
        policy.save()
        _set_readers(policy, readers)
    return policy


def policy_update(*, actor, policy: Policy, title: str, kind: str, owner, review_interval_months: int,
                  requires_read_confirmation: bool, confirmation_roles=(), readers=()) -> Policy:
    """Change a policy's master data; a changed interval applies from the next approval on."""
    confirmation_roles, readers = list(confirmation_roles), list(readers)
    _check(workspace=policy.workspace, title=title, owner=owner, review_interval_months=review_interval_months,
           confirmation_roles=confirmation_roles, readers=readers,
           requires_read_confirmation=requires_read_confirmation)
    with transaction.atomic():
        policy.title = title.strip()
        policy.kind = kind
        policy.owner = owner
        policy.review_interval_months = review_interval_months
        policy.requires_read_confirmation = requires_read_confirmation
        policy.confirmation_roles = sorted(confirmation_roles)
        policy.full_clean()
        policy.save()
        _set_readers(policy, readers)
    return policy
