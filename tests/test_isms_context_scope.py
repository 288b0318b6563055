"""The versioned ISMS scope: drafts, stale forms, approval by management, frozen versions, history."""

import pytest
from django.core.exceptions import ValidationError

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import ScopeVersion
from isms.services import context as services
from tests import builders_context
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _codes(error: ValidationError) -> list[str]:
    return [item.code for items in error.error_dict.values() for item in items]


def _approve(workspace, user, version, *, password=PASSWORD, revision=None):
    with workspace_context(workspace), acting_as(user):
        return services.scope_approve(actor=user, version=version, password=password,
                                      revision=version.revision if revision is None else revision)


def test_first_save_creates_version_one(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    assert draft.number == 1
    assert draft.status == ScopeVersion.Status.DRAFT
    assert draft.revision == 1


def test_second_save_updates_the_draft(personas, workspace):
    officer = personas[Role.OFFICER]
    builders_context.scope_draft(workspace, officer)
    draft = builders_context.scope_draft(workspace, officer, locations="Stuttgart")
    assert draft.number == 1
    assert draft.revision == 2
    with workspace_context(workspace):
        assert ScopeVersion.objects.count() == 1


def test_empty_scope_text_rejected(personas, workspace):
    with pytest.raises(ValidationError) as error:
        builders_context.scope_draft(workspace, personas[Role.OFFICER], scope_text="   ")
    assert _codes(error.value) == ["scope_text_missing"]


def test_exclusion_needs_justification(personas, workspace):
    with pytest.raises(ValidationError) as error:
        builders_context.scope_draft(workspace, personas[Role.OFFICER], exclusions="Kantine")
    assert _codes(error.value) == ["exclusion_unjustified"]


def test_stale_revision_rejected(personas, workspace):
    officer = personas[Role.OFFICER]
    draft = builders_context.scope_draft(workspace, officer)
    builders_context.scope_draft(workspace, officer, locations="Leipzig")
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        services.scope_draft_save(actor=officer, workspace=workspace, values=builders_context.COMPLETE_SCOPE,
                                  based_on=draft, revision=1)
    assert _codes(error.value) == ["stale_form"]
    with workspace_context(workspace):
        assert ScopeVersion.objects.get().locations == "Leipzig"


def test_approval_freezes_and_hashes(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    approved = _approve(workspace, personas[Role.MANAGEMENT], draft)
    assert approved.status == ScopeVersion.Status.APPROVED
    assert approved.approved_by == personas[Role.MANAGEMENT]
    assert approved.content_sha256 == services.scope_content_sha256(approved)
    event = AuditEvent.objects.get(workspace_id=workspace.pk, action="approve")
    assert event.changes["content_sha256"] == approved.content_sha256
    assert event.object_id == str(approved.pk)


def test_hash_changes_with_content(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    before = services.scope_content_sha256(draft)
    draft.locations = "Hamburg"
    assert services.scope_content_sha256(draft) != before


def test_approving_twice_rejected(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    approved = _approve(workspace, personas[Role.MANAGEMENT], draft)
    with pytest.raises(ValidationError) as error:
        _approve(workspace, personas[Role.MANAGEMENT], approved)
    assert _codes(error.value) == ["already_approved"]
    assert AuditEvent.objects.filter(workspace_id=workspace.pk, action="approve").count() == 1


@pytest.mark.parametrize("field, code", [
    ("boundaries", "incomplete"),
    ("interfaces", "incomplete"),
    ("locations", "incomplete"),
    ("organisational_units", "incomplete"),
    ("climate_change_relevant", "climate_decision_missing"),
    ("climate_change_reasoning", "climate_reasoning_missing"),
])
def test_incomplete_draft_not_approvable(personas, workspace, field, code):
    empty = None if field == "climate_change_relevant" else ""
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER], **{field: empty})
    with pytest.raises(ValidationError) as error:
        _approve(workspace, personas[Role.MANAGEMENT], draft)
    assert _codes(error.value) == [code]
    with workspace_context(workspace):
        assert ScopeVersion.objects.get().status == ScopeVersion.Status.DRAFT


def test_approval_needs_password(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    with pytest.raises(ValidationError) as error:
        _approve(workspace, personas[Role.MANAGEMENT], draft, password="wrong")
    assert _codes(error.value) == ["wrong_password"]


def test_approval_needs_management(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    with pytest.raises(ValidationError) as error:
        _approve(workspace, personas[Role.WORKSPACE_ADMIN], draft)
    assert _codes(error.value) == ["approver_not_management"]


def test_approval_of_changed_draft_rejected(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    with pytest.raises(ValidationError) as error:
        _approve(workspace, personas[Role.MANAGEMENT], draft, revision=draft.revision - 1)
    assert _codes(error.value) == ["stale_form"]


def test_edit_after_approval_starts_next_draft(personas, workspace):
    officer = personas[Role.OFFICER]
    first = _approve(workspace, personas[Role.MANAGEMENT], builders_context.scope_draft(workspace, officer))
    second = builders_context.scope_draft(workspace, officer, locations="Stuttgart, Leipzig, Dresden")
    assert second.number == 2
    assert second.is_draft
    with workspace_context(workspace):
        frozen = ScopeVersion.objects.get(pk=first.pk)
    assert frozen.locations == "Stuttgart, Leipzig"
    assert frozen.content_sha256 == services.scope_content_sha256(frozen)


def test_approved_version_as_stale_base_rejected(personas, workspace):
    """A form loaded from version 1 cannot overwrite the draft of version 2 that someone started meanwhile."""
    officer = personas[Role.OFFICER]
    first = _approve(workspace, personas[Role.MANAGEMENT], builders_context.scope_draft(workspace, officer))
    builders_context.scope_draft(workspace, officer, locations="Dresden")
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        services.scope_draft_save(actor=officer, workspace=workspace, values=builders_context.COMPLETE_SCOPE,
                                  based_on=first, revision=first.revision)
    assert _codes(error.value) == ["stale_form"]


# Views


def _scope_post(version=None, **changes):
    data = {**builders_context.COMPLETE_SCOPE, **changes}
    data["climate_change_relevant"] = {True: "yes", False: "no", None: ""}[data["climate_change_relevant"]]
    data["based_on"] = str(version.pk) if version else ""
    data["revision"] = version.revision if version else 0
    return data


def test_officer_writes_draft_in_browser(personas, workspace):
    client = builders_context.english_client(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/isms/context/scope/edit/", _scope_post())
    assert response.status_code == 302
    page = client.get(f"/w/{workspace.slug}/isms/context/scope/")
    assert "Werkzeugmaschinen" in page.content.decode()


def test_empty_scope_text_shown_on_form(personas, workspace):
    client = builders_context.english_client(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/isms/context/scope/edit/", _scope_post(scope_text=""))
    assert response.status_code == 400
    assert response.context["form"].errors["scope_text"]
    with workspace_context(workspace):
        assert not ScopeVersion.objects.exists()


def test_stale_form_shown_on_form(personas, workspace):
    officer = personas[Role.OFFICER]
    draft = builders_context.scope_draft(workspace, officer)
    builders_context.scope_draft(workspace, officer, locations="Leipzig")
    response = builders_context.english_client(officer).post(f"/w/{workspace.slug}/isms/context/scope/edit/",
                                        _scope_post(draft, locations="Überschrieben"))
    assert response.status_code == 400
    assert "changed by someone else" in response.content.decode()
    with workspace_context(workspace):
        assert ScopeVersion.objects.get().locations == "Leipzig"


def test_management_approves_in_browser(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    client = builders_context.english_client(personas[Role.MANAGEMENT])
    response = client.post(f"/w/{workspace.slug}/isms/context/scope/{draft.pk}/approve/",
                           {"revision": draft.revision, "confirm": "on", "password": PASSWORD})
    assert response.status_code == 302
    with workspace_context(workspace):
        assert ScopeVersion.objects.get().status == ScopeVersion.Status.APPROVED


def test_second_approval_in_browser_rejected(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    _approve(workspace, personas[Role.MANAGEMENT], draft)
    response = builders_context.english_client(personas[Role.MANAGEMENT]).post(
        f"/w/{workspace.slug}/isms/context/scope/{draft.pk}/approve/",
        {"revision": draft.revision, "confirm": "on", "password": PASSWORD})
    assert response.status_code == 400
    assert "already approved" in response.content.decode()


@pytest.mark.parametrize("role", [Role.OFFICER, Role.AUDITOR, Role.PARTNER_STAFF])
def test_only_management_may_approve(personas, workspace, role):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    response = builders_context.english_client(personas[role]).post(f"/w/{workspace.slug}/isms/context/scope/{draft.pk}/approve/",
                                               {"revision": draft.revision, "confirm": "on", "password": PASSWORD})
    assert response.status_code == 403
    with workspace_context(workspace):
        assert ScopeVersion.objects.get().is_draft


def test_auditor_cannot_edit_scope(personas, workspace):
    response = builders_context.english_client(personas[Role.AUDITOR]).post(f"/w/{workspace.slug}/isms/context/scope/edit/",
                                                       _scope_post())
    assert response.status_code == 403


def test_history_lists_versions(personas, workspace):
    officer = personas[Role.OFFICER]
    _approve(workspace, personas[Role.MANAGEMENT], builders_context.scope_draft(workspace, officer))
    builders_context.scope_draft(workspace, officer, locations="Dresden")
    response = builders_context.english_client(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/isms/context/scope/history/")
    versions = list(response.context["page"])
    assert [version.number for version in versions] == [2, 1]


def test_history_queries_constant(personas, workspace, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer, management = personas[Role.OFFICER], personas[Role.MANAGEMENT]
    client = builders_context.english_client(personas[Role.AUDITOR])
    url = f"/w/{workspace.slug}/isms/context/scope/history/"
    _approve(workspace, management, builders_context.scope_draft(workspace, officer))
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for index in range(4):
        _approve(workspace, management, builders_context.scope_draft(workspace, officer, locations=f"Ort {index}"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_card_shows_scope_status(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    _approve(workspace, personas[Role.MANAGEMENT], draft)
    page = builders_context.english_client(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/isms/").content.decode()
    assert "Version 1, approved" in page


def test_version_page_checks_hash(personas, workspace):
    draft = builders_context.scope_draft(workspace, personas[Role.OFFICER])
    approved = _approve(workspace, personas[Role.MANAGEMENT], draft)
    client = builders_context.english_client(personas[Role.AUDITOR])
    url = f"/w/{workspace.slug}/isms/context/scope/{approved.pk}/"
    assert client.get(url).context["intact"] is True
    # A change that bypasses the services, as a database edit would, breaks the match.
    with workspace_context(workspace), acting_as(personas[Role.OFFICER]):
        ScopeVersion.objects.filter(pk=approved.pk).update(locations="Woanders")
    assert client.get(url).context["intact"] is False


def test_draft_page_links_approved_version(personas, workspace):
    officer = personas[Role.OFFICER]
    first = _approve(workspace, personas[Role.MANAGEMENT], builders_context.scope_draft(workspace, officer))
    builders_context.scope_draft(workspace, officer, locations="Dresden")
    page = builders_context.english_client(officer).get(f"/w/{workspace.slug}/isms/context/scope/")
    assert page.context["approved"] == first
    assert f"/scope/{first.pk}/" in page.content.decode()
