"""Writes on context issues, interested parties and their requirements; each save is audited by the row."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from civac.tenancy.errors import field_error
from civac.tenancy.models import Workspace
from isms.models import ContextIssue, InterestedParty, PartyRequirement

ISSUE_FIELDS = ["kind", "category", "title", "description", "effect_on_isms", "climate_related"]
PARTY_FIELDS = ["name", "kind", "description"]
REQUIREMENT_FIELDS = ["text", "addressed_by_isms", "how_addressed", "climate_related"]


def _assign(instance, values: dict, allowed: list[str]) -> None:
    for name, value in values.items():
        if name not in allowed:
            raise field_error(name, _("This field cannot be changed here."), "field_not_editable")
        if isinstance(value, str):
            value = value.strip()
        setattr(instance, name, value)


def _require_text(instance, name: str, message) -> None:
    if not getattr(instance, name).strip():
        raise field_error(name, message, f"{name}_missing")


def _save_issue(issue: ContextIssue, values: dict) -> ContextIssue:
    _assign(issue, values, ISSUE_FIELDS)
    _require_text(issue, "title", _("Name the issue in a few words."))
    _require_text(issue, "effect_on_isms", _("Describe how the issue affects the ISMS."))
    issue.full_clean()
    issue.save()
    return issue


def context_issue_create(*, actor, workspace: Workspace, values: dict) -> ContextIssue:
    return _save_issue(ContextIssue(workspace=workspace), values)


def context_issue_update(*, actor, issue: ContextIssue, values: dict) -> ContextIssue:
    return _save_issue(issue, values)


def context_issue_delete(*, actor, issue: ContextIssue) -> None:
    issue.delete()


def _save_party(party: InterestedParty, values: dict) -> InterestedParty:
    _assign(party, values, PARTY_FIELDS)
    _require_text(party, "name", _("Enter the name of the interested party."))
    party.full_clean()
    party.save()
    return party


def interested_party_create(*, actor, workspace: Workspace, values: dict) -> InterestedParty:
    return _save_party(InterestedParty(workspace=workspace), values)


def interested_party_update(*, actor, party: InterestedParty, values: dict) -> InterestedParty:
    return _save_party(party, values)


def interested_party_delete(*, actor, party: InterestedParty) -> None:
    """Delete the party with its requirements; each deleted row gets its own audit event."""
    with transaction.atomic():
        party.delete()


def _save_requirement(requirement: PartyRequirement, values: dict) -> PartyRequirement:
    _assign(requirement, values, REQUIREMENT_FIELDS)
    _require_text(requirement, "text", _("Enter the requirement."))
    if requirement.addressed_by_isms and not requirement.how_addressed.strip():
        raise field_error("how_addressed", _("Say how the ISMS addresses the requirement, for example by naming the "
                                             "control or policy."), "how_addressed_missing")
    requirement.full_clean()
    requirement.save()
    return requirement


def party_requirement_create(*, actor, party: InterestedParty, values: dict) -> PartyRequirement:
    return _save_requirement(PartyRequirement(workspace=party.workspace, party=party), values)


def party_requirement_update(*, actor, requirement: PartyRequirement, values: dict) -> PartyRequirement:
    return _save_requirement(requirement, values)


def party_requirement_delete(*, actor, requirement: PartyRequirement) -> None:
    requirement.delete()
