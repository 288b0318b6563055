"""Read confirmations: who must confirm, one confirmation per person and version, status and personal list."""

import pytest
from django.core.exceptions import ValidationError

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.services import policies as services
from tests import builders_policies as build
from tests import factories
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _code(error):
    return error.value.error_dict["version"][0].code


def _confirm(workspace, user, version):
    with workspace_context(workspace):
        return services.read_confirm(actor=user, version=version)


@pytest.fixture
def confirmed_policy(workspace, personas):
    """An approved policy that the named auditor and every officer must confirm."""
    return build.approved_policy(workspace, author=personas[Role.OFFICER], signer=personas[Role.MANAGEMENT],
                                 readers=[personas[Role.AUDITOR]], confirmation_roles=[Role.OFFICER])


def test_confirming_draft_is_rejected(workspace, personas):
    policy = build.make_policy(workspace, actor=personas[Role.OFFICER], readers=[personas[Role.OFFICER]])
    version = build.draft(policy, actor=personas[Role.OFFICER])
    with pytest.raises(ValidationError) as error:
        _confirm(workspace, personas[Role.OFFICER], version)
    assert _code(error) == "not_approved"


def test_confirming_twice_is_rejected(workspace, personas, confirmed_policy):
    _policy, version = confirmed_policy
    _confirm(workspace, personas[Role.AUDITOR], version)
    with pytest.raises(ValidationError) as error:
        _confirm(workspace, personas[Role.AUDITOR], version)
    assert _code(error) == "already_confirmed"
    assert AuditEvent.objects.filter(action="confirm_read").count() == 1


def test_person_not_asked_cannot_confirm(workspace, personas, confirmed_policy):
    _policy, version = confirmed_policy
    with pytest.raises(ValidationError) as error:
        _confirm(workspace, personas[Role.MANAGEMENT], version)
    assert _code(error) == "not_a_reader"


def test_confirmation_is_audited_with_hash(workspace, personas, confirmed_policy):
    _policy, version = confirmed_policy
    response = client_for(personas[Role.OFFICER]).post(
        f"/w/{workspace.slug}/isms/policies/versions/{version.pk}/confirm/")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="confirm_read")
    assert event.changes["sha256"] == version.content_sha256
    assert event.actor == personas[Role.OFFICER]
    assert event.object_id == str(version.pk)


def test_new_version_needs_new_confirmation(workspace, personas, confirmed_policy):
    policy, first = confirmed_policy
    auditor = personas[Role.AUDITOR]
    _confirm(workspace, auditor, first)
    with workspace_context(workspace):
        assert services.open_confirmations_for(auditor, workspace) == []
    second = build.approve(build.draft(policy, actor=personas[Role.OFFICER], text="Neu"),
                           signer=personas[Role.MANAGEMENT])
    with workspace_context(workspace):
        assert [version.pk for version in services.open_confirmations_for(auditor, workspace)] == [second.pk]
        first.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        _confirm(workspace, auditor, first)
    assert _code(error) == "superseded"


def test_role_rule_includes_members_who_join_later(workspace, personas, confirmed_policy):
    _policy, version = confirmed_policy
    newcomer = factories.make_user("newcomer@acme.example")
    factories.add_member(workspace, newcomer, Role.OFFICER)
    with workspace_context(workspace):
        assert [v.pk for v in services.open_confirmations_for(newcomer, workspace)] == [version.pk]
        assert newcomer.pk in services.required_reader_ids(version.policy)


def test_policy_without_confirmation_asks_nobody(workspace, personas):
    _policy, version = build.approved_policy(workspace, author=personas[Role.OFFICER],
                                             signer=personas[Role.MANAGEMENT])
    with workspace_context(workspace):
        assert services.required_reader_ids(version.policy) == set()
        assert services.open_confirmations_for(personas[Role.OFFICER], workspace) == []


def test_status_page_lists_confirmed_and_missing(workspace, personas, confirmed_policy):
    _policy, version = confirmed_policy
    _confirm(workspace, personas[Role.AUDITOR], version)
    response = client_for(personas[Role.MANAGEMENT]).get(
        f"/w/{workspace.slug}/isms/policies/versions/{version.pk}/status/")
    body = response.content.decode()
    confirmed, missing = body.split("<h2>Missing</h2>")
    assert "auditor@acme.example" in confirmed
    assert "officer@acme.example" in missing
    assert "auditor@acme.example" not in missing
    assert "1 of 2 confirmed." in body


def test_my_confirmations_page_and_card(workspace, personas, confirmed_policy):
    policy, _version = confirmed_policy
    client = client_for(personas[Role.AUDITOR])
    page = client.get(f"/w/{workspace.slug}/isms/policies/to-confirm/").content.decode()
    assert policy.title in page
    overview = client.get(f"/w/{workspace.slug}/isms/").content.decode()
    assert "1 policy for you to confirm" in overview
    assert "1 approved version" in overview


def test_version_page_offers_confirm_button_only_to_readers(workspace, personas, confirmed_policy):
    _policy, version = confirmed_policy
    path = f"/w/{workspace.slug}/isms/policies/versions/{version.pk}/"
    assert "I have read this version" in client_for(personas[Role.AUDITOR]).get(path).content.decode()
    assert "I have read this version" not in client_for(personas[Role.MANAGEMENT]).get(path).content.decode()


def test_read_confirmation_without_anyone_to_ask_is_rejected(workspace, personas):
    from django.core.exceptions import ValidationError

    from isms.services.policies import policy_create

    officer = personas[Role.OFFICER]
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        policy_create(actor=officer, workspace=workspace, title="Clean desk", kind="topic", owner=officer,
                      review_interval_months=12, requires_read_confirmation=True)
    assert "confirmation_roles" in error.value.error_dict
