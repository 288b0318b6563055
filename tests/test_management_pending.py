"""The dashboard lists what only management can move on: drafts to approve and risks to accept."""

import pytest

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import SoAEntry
from isms.services.context import scope_draft_save
from isms.services.soa import soa_add_catalogue_controls, soa_entry_update
from tests import builders_policies, builders_risks
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _pending(user, workspace) -> list[str]:
    return [item.label for item in client_for(user).get(f"/w/{workspace.slug}/").context["management_pending"]]


def test_nothing_pending_in_a_new_workspace(personas, workspace):
    assert _pending(personas[Role.MANAGEMENT], workspace) == []


def test_drafts_and_risks_appear_for_management(personas, workspace):
    officer = personas[Role.OFFICER]
    builders_risks.make_risk(workspace, actor=officer, title="Fire in the server room", inherent=(4, 4),
                             residual=(3, 3), treatment_option="retain", status="planned")
    builders_risks.make_risk(workspace, actor=officer, title="Unrated leftover", inherent=(4, 4))
    policy = builders_policies.make_policy(workspace, actor=officer)
    builders_policies.draft(policy, actor=officer)
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
        entry = SoAEntry.objects.first()
        soa_entry_update(actor=officer, entry=entry, applicability="applicable", status="planned")
        scope_draft_save(actor=officer, workspace=workspace, values={"scope_text": "Whole company"},
                         based_on=None, revision=0)
    labels = _pending(personas[Role.MANAGEMENT], workspace)
    assert "Residual risk “Fire in the server room” to accept" in labels
    assert not any("Unrated leftover" in label for label in labels)
    assert any(label.startswith("Policy “") for label in labels)
    assert "Statement of Applicability changed since its last approval" in labels
    assert "Scope statement version 1 to approve" in labels
