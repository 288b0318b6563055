"""Every page of the context area renders for every role, in German and English, with data in place."""

import re

import pytest
from django.contrib.staticfiles import finders

from civac.audit.context import acting_as
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.services import context as services
from tests import builders_context
from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _filled_workspace(workspace, personas):
    officer, management = personas[Role.OFFICER], personas[Role.MANAGEMENT]
    issue = builders_context.context_issue(workspace, officer, climate_related=True)
    party = builders_context.interested_party(workspace, officer, requirements=2)
    draft = builders_context.scope_draft(workspace, officer)
    with workspace_context(workspace), acting_as(management):
        services.scope_approve(actor=management, version=draft, revision=draft.revision, password=PASSWORD)
    builders_context.scope_draft(workspace, officer, locations="Dresden")
    with workspace_context(workspace), acting_as(officer):
        services.nis2_facts_save(actor=officer, workspace=workspace,
                                 values={"entity_type": "manufacturing_machinery", "employees": 300})
        requirement = party.requirements.first()
    return issue, party, requirement, draft


@pytest.mark.parametrize("language", ["de", "en"])
def test_pages_render_for_every_role(personas, workspace, language):
    issue, party, requirement, approved = _filled_workspace(workspace, personas)
    base = f"/w/{workspace.slug}/isms/context/"
    readable = ["issues/", "parties/", f"parties/{party.pk}/", "scope/", "scope/history/",
                f"scope/{approved.pk}/", "nis2/", "nis2/registration/"]
    editable = ["issues/new/", f"issues/{issue.pk}/", "parties/new/", f"requirements/{requirement.pk}/",
                "scope/edit/"]
    for role, user in personas.items():
        client = client_for(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        for path in readable:
            response = client.get(base + path)
            assert response.status_code == 200, (role, path)
            body = response.content.decode()
            assert "/static/css/context.css" in body, path
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), path
            assert not re.search(r"\s(on[a-z]+|style)=", body), path
        may_edit = role in (Role.WORKSPACE_ADMIN, Role.OFFICER, Role.PARTNER_STAFF)
        for path in editable:
            assert client.get(base + path).status_code == (200 if may_edit else 403), (role, path)
        assert client.get(f"/w/{workspace.slug}/isms/").status_code == 200, role


def test_registration_offers_known_values(personas, workspace):
    _filled_workspace(workspace, personas)
    page = builders_context.english_client(personas[Role.OFFICER]).get(
        f"/w/{workspace.slug}/isms/context/nis2/registration/")
    form = page.context["form"]
    assert form["name_value"].initial == "Acme Maschinenbau GmbH"
    assert "Berlin" in form["address_value"].initial
    assert "NACE 28" in form["sector_value"].initial


def test_stylesheet_is_found():
    assert finders.find("css/context.css") is not None
