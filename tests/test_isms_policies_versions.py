"""Policies: master data checks, drafts, approval by management, frozen versions and the review cycle."""

import hashlib
from datetime import date, datetime, timezone as dt_timezone

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.markdown import render_markdown
from isms.models import Policy, PolicyVersion, Task
from isms.services import policies as services
from isms.services.evidence import evidence_withdraw
from tests import builders_policies as build
from tests.conftest import client_for
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

# 10:00 in Berlin on 15 March 2027, a Monday.
APPROVAL_TIME = datetime(2027, 3, 15, 9, 0, tzinfo=dt_timezone.utc)


def _code(error, field):
    return error.value.error_dict[field][0].code


@pytest.mark.parametrize("interval", [0, -3])
def test_review_interval_must_be_positive(workspace, personas, interval):
    with pytest.raises(ValidationError) as error:
        build.make_policy(workspace, actor=personas[Role.OFFICER], review_interval_months=interval)
    assert _code(error, "review_interval_months") == "interval_not_positive"


def test_form_shows_interval_error(workspace, personas):
    officer = personas[Role.OFFICER]
    response = client_for(officer).post(f"/w/{workspace.slug}/isms/policies/new/", {
        "title": "Zugangssteuerung", "kind": "topic", "owner": officer.pk, "review_interval_months": "0"})
    assert response.status_code == 200
    assert "at least 1 month" in response.content.decode()
    with workspace_context(workspace):
        assert not Policy.objects.exists()


def test_owner_must_be_member(workspace, other_workspace, personas):
    from tests import factories

    stranger = factories.make_user("stranger@rival.example")
    factories.add_member(other_workspace, stranger, Role.OFFICER)
    with pytest.raises(ValidationError) as error:
        build.make_policy(workspace, actor=personas[Role.OFFICER], owner=stranger)
    assert _code(error, "owner") == "owner_not_member"


def test_create_through_view(workspace, personas):
    officer, manager = personas[Role.OFFICER], personas[Role.MANAGEMENT]
    response = client_for(officer).post(f"/w/{workspace.slug}/isms/policies/new/", {
        "title": "Zugangssteuerung", "kind": "topic", "owner": officer.pk, "review_interval_months": "24",
        "requires_read_confirmation": "on", "confirmation_roles": ["officer"], "readers": [manager.pk]})
    with workspace_context(workspace):
        policy = Policy.objects.get()
        readers = list(policy.readers.values_list("user_id", flat=True))
    assert response.status_code == 302
    assert policy.review_interval_months == 24
    assert policy.confirmation_roles == ["officer"]
    assert readers == [manager.pk]


def test_auditor_cannot_create_policy(workspace, personas):
    response = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/isms/policies/new/")
    assert response.status_code == 403


def test_draft_needs_content(workspace, personas):
    policy = build.make_policy(workspace, actor=personas[Role.OFFICER])
    with pytest.raises(ValidationError) as error:
        build.draft(policy, actor=personas[Role.OFFICER], text="   ")
    assert _code(error, "text") == "content_missing"


def test_saving_draft_twice_keeps_one_draft(workspace, personas):
    policy = build.make_policy(workspace, actor=personas[Role.OFFICER])
    first = build.draft(policy, actor=personas[Role.OFFICER], text="Erste Fassung")
    second = build.draft(policy, actor=personas[Role.OFFICER], text="Zweite Fassung")
    assert first.pk == second.pk
    assert second.text == "Zweite Fassung"


@time_machine.travel(APPROVAL_TIME, tick=False)
def test_approval_records_hash_and_opens_review_task(workspace, personas):
    text = "# Zweck\n\nDiese Leitlinie gilt für alle Beschäftigten."
    policy = build.make_policy(workspace, actor=personas[Role.OFFICER], review_interval_months=12)
    version = build.approve(build.draft(policy, actor=personas[Role.OFFICER], text=text),
                            signer=personas[Role.MANAGEMENT])
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert version.status == PolicyVersion.Status.APPROVED
    assert version.content_sha256 == digest
    event = AuditEvent.objects.get(action="approve", object_id=str(version.pk))
    assert event.changes["sha256"] == digest
    assert event.actor == personas[Role.MANAGEMENT]
    with workspace_context(workspace):
        policy.refresh_from_db()
        task = Task.objects.get(source_id=str(version.pk))
    assert policy.next_review_on == date(2028, 3, 15)
    assert task.due_on == date(2028, 3, 15)
    assert policy.title in task.title


@time_machine.travel(datetime(2027, 1, 31, 12, 0, tzinfo=dt_timezone.utc), tick=False)
def test_review_date_at_month_end_uses_last_day(workspace, personas):
    policy, _version = build.approved_policy(workspace, author=personas[Role.OFFICER],
                                             signer=personas[Role.MANAGEMENT], review_interval_months=1)
    with workspace_context(workspace):
        policy.refresh_from_db()
    assert policy.next_review_on == date(2027, 2, 28)


@time_machine.travel(datetime(2027, 6, 30, 22, 30, tzinfo=dt_timezone.utc), tick=False)
def test_review_date_counts_from_workspace_day(workspace, personas):
    # 22:30 UTC is already 1 July in Berlin (CEST, UTC+2).
    policy, _version = build.approved_policy(workspace, author=personas[Role.OFFICER],
                                             signer=personas[Role.MANAGEMENT], review_interval_months=6)
    with workspace_context(workspace):
        policy.refresh_from_db()
    assert policy.next_review_on == date(2028, 1, 1)


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2027, 11, 15), 3, date(2028, 2, 15)),
    (date(2027, 12, 1), 12, date(2028, 12, 1)),
    (date(2027, 8, 31), 36, date(2030, 8, 31)),
])
def test_add_months(start, months, expected):
    assert services.add_months(start, months) == expected


def test_approving_twice_is_rejected(workspace, personas):
    _policy, version = build.approved_policy(workspace, author=personas[Role.OFFICER],
                                             signer=personas[Role.MANAGEMENT])
    with pytest.raises(ValidationError) as error:
        build.approve(version, signer=personas[Role.MANAGEMENT])
    assert _code(error, "version") == "already_approved"
    assert AuditEvent.objects.filter(action="approve").count() == 1


def test_approval_needs_correct_password(workspace, personas):
    policy = build.make_policy(workspace, actor=personas[Role.OFFICER])
    version = build.draft(policy, actor=personas[Role.OFFICER])
    with pytest.raises(ValidationError) as error, workspace_context(workspace):
        services.version_approve(actor=personas[Role.MANAGEMENT], version=version,
                                 confirmed_sha256=services.content_sha256(version), password="wrong")
    assert _code(error, "password") == "wrong_password"
    with workspace_context(workspace):
        assert PolicyVersion.objects.get(pk=version.pk).status == PolicyVersion.Status.DRAFT


def test_approval_rejects_changed_draft(workspace, personas):
    policy = build.make_policy(workspace, actor=personas[Role.OFFICER])
    version = build.draft(policy, actor=personas[Role.OFFICER], text="Fassung A")
    seen = services.content_sha256(version)
    build.draft(policy, actor=personas[Role.OFFICER], text="Fassung B")
    with pytest.raises(ValidationError) as error, workspace_context(workspace):
        services.version_approve(actor=personas[Role.MANAGEMENT], version=version, confirmed_sha256=seen,
                                 password=PASSWORD)
    assert _code(error, "confirmed_sha256") == "content_changed"


@pytest.mark.parametrize("role", [Role.OFFICER, Role.AUDITOR, Role.WORKSPACE_ADMIN])
def test_only_management_may_approve(workspace, personas, role):
    policy = build.make_policy(workspace, actor=personas[Role.OFFICER])
    version = build.draft(policy, actor=personas[Role.OFFICER])
    response = client_for(personas[role]).post(
        f"/w/{workspace.slug}/isms/policies/versions/{version.pk}/approve/",
        {"confirmed_sha256": services.content_sha256(version), "confirm": "on", "password": PASSWORD})
    assert response.status_code == 403


def test_management_approves_through_view(workspace, personas):
    policy = build.make_policy(workspace, actor=personas[Role.OFFICER])
    version = build.draft(policy, actor=personas[Role.OFFICER])
    client = client_for(personas[Role.MANAGEMENT])
    page = client.get(f"/w/{workspace.slug}/isms/policies/versions/{version.pk}/")
    assert services.content_sha256(version) in page.content.decode()
    client.post(f"/w/{workspace.slug}/isms/policies/versions/{version.pk}/approve/",
                {"confirmed_sha256": services.content_sha256(version), "confirm": "on", "password": PASSWORD})
    with workspace_context(workspace):
        assert PolicyVersion.objects.get(pk=version.pk).status == PolicyVersion.Status.APPROVED


def test_next_approval_supersedes_and_rotates_review_task(workspace, personas):
    officer, manager = personas[Role.OFFICER], personas[Role.MANAGEMENT]
    policy, first = build.approved_policy(workspace, author=officer, signer=manager)
    second = build.approve(build.draft(policy, actor=officer, text="Neue Fassung"), signer=manager)
    with workspace_context(workspace):
        first.refresh_from_db()
        old_task = Task.objects.get(source_id=str(first.pk))
        new_task = Task.objects.get(source_id=str(second.pk))
    assert first.status == PolicyVersion.Status.SUPERSEDED
    assert second.number == 2
    assert old_task.status == Task.Status.DONE
    assert new_task.status == Task.Status.OPEN


def test_new_draft_starts_from_approved_text_without_touching_it(workspace, personas):
    officer = personas[Role.OFFICER]
    policy, approved = build.approved_policy(workspace, author=officer, signer=personas[Role.MANAGEMENT])
    page = client_for(officer).get(f"/w/{workspace.slug}/isms/policies/{policy.pk}/draft/")
    assert "Diese Leitlinie gilt" in page.content.decode()
    draft = build.draft(policy, actor=officer, text="Geändert")
    with workspace_context(workspace):
        approved.refresh_from_db()
    assert draft.pk != approved.pk
    assert approved.text.startswith("# Zweck")


def test_approved_version_is_frozen(workspace, personas):
    _policy, version = build.approved_policy(workspace, author=personas[Role.OFFICER],
                                             signer=personas[Role.MANAGEMENT])
    with workspace_context(workspace), acting_as(personas[Role.OFFICER]):
        stored = PolicyVersion.objects.get(pk=version.pk)
        stored.text = "Heimlich geändert"
        with pytest.raises(ValueError):
            stored.save()
        assert PolicyVersion.objects.get(pk=version.pk).text.startswith("# Zweck")


@time_machine.travel(APPROVAL_TIME, tick=False)
def test_file_version_hash_is_file_hash(workspace, personas):
    officer = personas[Role.OFFICER]
    content = build.SAMPLES["policy.docx"]
    policy = build.make_policy(workspace, actor=officer)
    version = build.approve(build.draft(policy, actor=officer, upload=build.upload("Leitlinie.docx", content)),
                            signer=personas[Role.MANAGEMENT])
    assert version.content_sha256 == hashlib.sha256(content).hexdigest()
    with pytest.raises(ValidationError) as error, workspace_context(workspace):
        evidence_withdraw(actor=officer, evidence=version.file, reason="Versehen")
    assert _code(error, "evidence") == "policy_content"


def test_draft_upload_with_wrong_content_is_rejected(workspace, personas):
    officer = personas[Role.OFFICER]
    policy = build.make_policy(workspace, actor=officer)
    response = client_for(officer).post(f"/w/{workspace.slug}/isms/policies/{policy.pk}/draft/", {
        "text": "", "file": build.upload("Leitlinie.docx", build.PDF)})
    assert response.status_code == 200
    assert "not a valid DOCX file" in response.content.decode()
    with workspace_context(workspace):
        assert not PolicyVersion.objects.exists()


def test_markdown_is_sanitised():
    html = str(render_markdown("# Titel\n\n<script>alert(1)</script>\n\n[Link](javascript:alert(1)) "
                               "<img src=x onerror=alert(1)> **fett**"))
    assert "<h1>Titel</h1>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<strong>fett</strong>" in html


def test_version_page_renders_markdown_safely(workspace, personas):
    officer = personas[Role.OFFICER]
    policy = build.make_policy(workspace, actor=officer)
    version = build.draft(policy, actor=officer, text="## Geltung\n\n<script>alert('x')</script>")
    body = client_for(personas[Role.AUDITOR]).get(
        f"/w/{workspace.slug}/isms/policies/versions/{version.pk}/").content.decode()
    assert "<h2>Geltung</h2>" in body
    assert "alert('x')" not in body


def test_list_marks_overdue_review(workspace, personas):
    policy, _version = build.approved_policy(workspace, author=personas[Role.OFFICER],
                                             signer=personas[Role.MANAGEMENT], title="Kryptografie")
    with workspace_context(workspace), acting_as(personas[Role.OFFICER]):
        Policy.objects.filter(pk=policy.pk).update(next_review_on=date(2020, 1, 1))
    body = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/isms/policies/").content.decode()
    assert "review overdue" in body
    overview = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/isms/").content.decode()
    assert "1 review overdue" in overview


def _list_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_policy_list_queries_do_not_grow_with_rows(workspace, personas):
    officer, manager = personas[Role.OFFICER], personas[Role.MANAGEMENT]
    client = client_for(personas[Role.AUDITOR])
    path = f"/w/{workspace.slug}/isms/policies/"
    build.approved_policy(workspace, author=officer, signer=manager, title="A")
    _list_queries(client, path)
    small = _list_queries(client, path)
    for index in range(6):
        policy, _version = build.approved_policy(workspace, author=officer, signer=manager, title=f"B{index}")
        build.draft(policy, actor=officer, text="Entwurf")
    assert _list_queries(client, path) == small


def test_only_management_approves_in_the_service(workspace, personas):
    officer = personas[Role.OFFICER]
    policy = build.make_policy(workspace, actor=officer)
    version = build.draft(policy, actor=officer)
    with workspace_context(workspace), pytest.raises(ValidationError) as error:
        services.version_approve(actor=officer, version=version, confirmed_sha256=services.content_sha256(version),
                                 password=PASSWORD)
    assert "approver" in error.value.error_dict
