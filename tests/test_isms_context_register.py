"""Context issues and interested parties with their requirements: services, pages, queries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import ContextIssue, InterestedParty, PartyRequirement
from isms.services import context as services
from tests import builders_context
from tests.builders_context import english_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ISSUES = "/w/{slug}/isms/context/issues/"
PARTIES = "/w/{slug}/isms/context/parties/"


def _codes(error: ValidationError) -> list[str]:
    return [item.code for items in error.error_dict.values() for item in items]


def test_issue_saved_and_audited(personas, workspace):
    issue = builders_context.context_issue(workspace, personas[Role.OFFICER], climate_related=True)
    assert issue.climate_related
    event = AuditEvent.objects.get(workspace_id=workspace.pk, object_id=str(issue.pk))
    assert event.action == "create"


@pytest.mark.parametrize("field, code", [("title", "title_missing"), ("effect_on_isms", "effect_on_isms_missing")])
def test_issue_requires_text(personas, workspace, field, code):
    with pytest.raises(ValidationError) as error:
        builders_context.context_issue(workspace, personas[Role.OFFICER], **{field: "  "})
    assert _codes(error.value) == [code]


def test_issue_rejects_unknown_field(personas, workspace):
    with pytest.raises(ValidationError) as error:
        builders_context.context_issue(workspace, personas[Role.OFFICER], workspace_id="x")
    assert _codes(error.value) == ["field_not_editable"]


def test_addressed_requirement_needs_how(personas, workspace):
    officer = personas[Role.OFFICER]
    party = builders_context.interested_party(workspace, officer, requirements=0)
    with workspace_context(workspace), acting_as(officer), pytest.raises(ValidationError) as error:
        services.party_requirement_create(actor=officer, party=party, values={
            "text": "Meldung von Vorfällen binnen 24 h", "addressed_by_isms": True, "how_addressed": ""})
    assert _codes(error.value) == ["how_addressed_missing"]


def test_party_delete_removes_requirements(personas, workspace):
    officer = personas[Role.OFFICER]
    party = builders_context.interested_party(workspace, officer, requirements=2)
    with workspace_context(workspace), acting_as(officer):
        services.interested_party_delete(actor=officer, party=party)
        assert not PartyRequirement.objects.exists()
    deleted = AuditEvent.objects.filter(workspace_id=workspace.pk, action="delete").count()
    assert deleted == 3


def test_officer_adds_issue_in_browser(personas, workspace):
    client = english_client(personas[Role.OFFICER])
    response = client.post(ISSUES.format(slug=workspace.slug) + "new/", {
        "kind": "external", "category": "environmental", "title": "Starkregen am Standort Leipzig",
        "effect_on_isms": "Serverraum im Keller", "climate_related": "on"})
    assert response.status_code == 302
    with workspace_context(workspace):
        assert ContextIssue.objects.get().climate_related


def test_issue_form_names_missing_effect(personas, workspace):
    client = english_client(personas[Role.OFFICER])
    response = client.post(ISSUES.format(slug=workspace.slug) + "new/", {
        "kind": "external", "category": "legal", "title": "NIS-2", "effect_on_isms": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["effect_on_isms"]


def test_auditor_reads_but_cannot_add(personas, workspace):
    builders_context.context_issue(workspace, personas[Role.OFFICER])
    client = english_client(personas[Role.AUDITOR])
    assert client.get(ISSUES.format(slug=workspace.slug)).status_code == 200
    response = client.post(ISSUES.format(slug=workspace.slug) + "new/", {"kind": "internal"})
    assert response.status_code == 403


def test_auditor_cannot_change_party(personas, workspace):
    party = builders_context.interested_party(workspace, personas[Role.OFFICER])
    client = english_client(personas[Role.AUDITOR])
    url = PARTIES.format(slug=workspace.slug) + f"{party.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "Geändert", "kind": "internal"}).status_code == 403
    with workspace_context(workspace):
        assert InterestedParty.objects.get().name == party.name


def test_requirement_added_in_browser(personas, workspace):
    party = builders_context.interested_party(workspace, personas[Role.OFFICER], requirements=0)
    client = english_client(personas[Role.OFFICER])
    response = client.post(PARTIES.format(slug=workspace.slug) + f"{party.pk}/requirements/", {
        "text": "Nachweis eines ISMS", "addressed_by_isms": "on", "how_addressed": "Zertifikat"})
    assert response.status_code == 302
    with workspace_context(workspace):
        assert PartyRequirement.objects.get().party_id == party.pk


def test_requirement_error_shown(personas, workspace):
    party = builders_context.interested_party(workspace, personas[Role.OFFICER], requirements=0)
    client = english_client(personas[Role.OFFICER])
    response = client.post(PARTIES.format(slug=workspace.slug) + f"{party.pk}/requirements/", {
        "text": "Nachweis eines ISMS", "addressed_by_isms": "on", "how_addressed": ""})
    assert response.status_code == 400
    assert response.context["requirement_form"].errors["how_addressed"]


def _count_queries(client, url) -> int:
    client.get(url)  # the first request of a session loads and saves session data once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_issue_list_queries_constant(personas, workspace):
    officer = personas[Role.OFFICER]
    client = english_client(officer)
    url = ISSUES.format(slug=workspace.slug)
    builders_context.context_issue(workspace, officer)
    small = _count_queries(client, url)
    for index in range(12):
        builders_context.context_issue(workspace, officer, title=f"Thema {index}")
    assert _count_queries(client, url) == small


def test_party_list_queries_constant(personas, workspace):
    officer = personas[Role.OFFICER]
    client = english_client(officer)
    url = PARTIES.format(slug=workspace.slug)
    builders_context.interested_party(workspace, officer, requirements=1)
    small = _count_queries(client, url)
    for index in range(6):
        builders_context.interested_party(workspace, officer, name=f"Partei {index}", requirements=3)
    assert _count_queries(client, url) == small


def test_party_list_counts_open_requirements(personas, workspace):
    officer = personas[Role.OFFICER]
    party = builders_context.interested_party(workspace, officer, requirements=2)
    with workspace_context(workspace), acting_as(officer):
        services.party_requirement_create(actor=officer, party=party, values={
            "text": "CO2-Bilanz der Lieferkette", "addressed_by_isms": False, "climate_related": True})
    response = english_client(officer).get(PARTIES.format(slug=workspace.slug))
    row = list(response.context["page"])[0]
    assert row.requirement_count == 3
    assert row.open_count == 1


def test_issue_list_paginates(personas, workspace):
    officer = personas[Role.OFFICER]
    for index in range(51):
        builders_context.context_issue(workspace, officer, title=f"Thema {index:02d}")
    response = english_client(officer).get(ISSUES.format(slug=workspace.slug) + "?page=2")
    assert len(response.context["page"]) == 1
