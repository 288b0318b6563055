"""Ending a mandate cuts the partner's staff off from that client at once, and only from that client."""

import pytest
from django.core.exceptions import ValidationError

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from mandates.models import Mandate
from mandates.services import mandate_end
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_open_session_loses_the_ended_client_only(workspace, other_workspace):
    partner = factories.make_partner("helpers")
    staff = factories.make_user("staff@helpers.example")
    factories.add_partner_staff(partner, staff)
    ending = factories.grant_mandate(partner, workspace)
    factories.grant_mandate(partner, other_workspace)
    client = client_for(staff)
    assert client.get(f"/w/{workspace.slug}/").status_code == 200

    with workspace_context(workspace):
        mandate_end(actor=None, mandate=ending)

    assert client.get(f"/w/{workspace.slug}/").status_code == 404
    assert client.get(f"/w/{workspace.slug}/isms/").status_code == 404
    assert client.get(f"/w/{other_workspace.slug}/").status_code == 200
    denied = AuditEvent.objects.filter(chain_key="platform", action="access_denied", actor=staff)
    assert list(denied.values_list("object_repr", flat=True)) == [workspace.slug, workspace.slug]
    assert AuditEvent.objects.filter(object_type="mandates.mandate", object_id=str(ending.pk),
                                     action="update").exists()


def test_ending_twice_is_rejected(workspace):
    mandate = factories.grant_mandate(factories.make_partner("helpers"), workspace)
    with workspace_context(workspace):
        mandate_end(actor=None, mandate=mandate)
        with pytest.raises(ValidationError):
            mandate_end(actor=None, mandate=mandate)
        assert Mandate.objects.get(pk=mandate.pk).status == Mandate.Status.ENDED


def test_future_last_day_keeps_access_until_then(workspace):
    from datetime import timedelta

    from django.utils import timezone

    from mandates.services import mandates_end_due

    partner = factories.make_partner("helpers")
    staff = factories.make_user("staff@helpers.example")
    factories.add_partner_staff(partner, staff)
    mandate = factories.grant_mandate(partner, workspace)
    last_day = timezone.localdate() + timedelta(days=14)
    with workspace_context(workspace):
        mandate_end(actor=None, mandate=mandate, ends_on=last_day)
    assert client_for(staff).get(f"/w/{workspace.slug}/").status_code == 200
    assert mandates_end_due(today=last_day) == 0
    assert mandates_end_due(today=last_day + timedelta(days=1)) == 1
    assert Mandate.all_workspaces.get(pk=mandate.pk).status == Mandate.Status.ENDED
    assert client_for(staff).get(f"/w/{workspace.slug}/").status_code == 404
