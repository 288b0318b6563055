"""Evidence files: content checks, storage under generated names, audited upload, download and withdrawal."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import EvidenceFile, Task
from isms.services.evidence import evidence_upload, evidence_withdraw
from tests import builders_policies as build
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def policy(workspace, personas):
    return build.make_policy(workspace, actor=personas[Role.OFFICER])


def _upload(workspace, user, subject, name, content, **options):
    with workspace_context(workspace), acting_as(user):
        return evidence_upload(actor=user, workspace=workspace, subject=subject, upload=build.upload(name, content),
                               **options)


def _error_code(error: ValidationError, field: str = "file") -> str:
    return error.value.error_dict[field][0].code


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT / "evidence"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize("name", sorted(build.SAMPLES))
def test_upload_accepts_each_kind(workspace, personas, policy, name):
    content = build.SAMPLES[name]
    evidence = _upload(workspace, personas[Role.OFFICER], policy, name, content)
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()
    assert evidence.size == len(content)
    assert evidence.original_name == name
    assert name.rsplit(".", 1)[0] not in evidence.file.name
    assert evidence.file.name.startswith(f"evidence/{workspace.pk}/")
    with evidence.file.open("rb") as stored:
        assert stored.read() == content


def test_upload_writes_audit_event_with_hash(workspace, personas, policy):
    evidence = _upload(workspace, personas[Role.OFFICER], policy, "scan.pdf", build.PDF)
    event = AuditEvent.objects.get(action="upload", object_id=str(evidence.pk))
    assert event.changes["sha256"] == hashlib.sha256(build.PDF).hexdigest()
    assert event.changes["subject_type"] == "isms.policy"
    assert event.changes["subject_id"] == str(policy.pk)
    assert event.actor == personas[Role.OFFICER]


@pytest.mark.parametrize(("name", "content"), [
    ("scan.pdf", build.PNG),
    ("photo.png", build.JPEG),
    ("photo.jpg", build.PDF),
    ("policy.docx", build.office_bytes("xlsx")),
    ("inventory.xlsx", build.plain_zip_bytes()),
    ("briefing.pptx", build.PDF),
    ("macro.docx", build.office_bytes("docx", main_content_type="application/vnd.ms-word.document.macroEnabled.main+xml")),
    ("notes.txt", b"binary\x00data"),
    ("assets.csv", b"name;owner\n\xff\xfe broken"),
])
def test_upload_rejects_content_not_matching_extension(workspace, personas, policy, settings, name, content):
    with pytest.raises(ValidationError) as error:
        _upload(workspace, personas[Role.OFFICER], policy, name, content)
    assert _error_code(error) == "content_mismatch"
    assert name in error.value.messages[0]
    with workspace_context(workspace):
        assert not EvidenceFile.objects.exists()
    assert _stored_files(settings) == []


def test_upload_rejects_empty_file(workspace, personas, policy):
    with pytest.raises(ValidationError) as error:
        _upload(workspace, personas[Role.OFFICER], policy, "scan.pdf", b"")
    assert _error_code(error) == "empty"


def test_upload_rejects_file_over_limit(workspace, personas, policy, settings):
    settings.CIVAC_EVIDENCE_MAX_BYTES = 1024 * 1024
    content = b"%PDF-1.7\n" + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        _upload(workspace, personas[Role.OFFICER], policy, "scan.pdf", content)
    assert _error_code(error) == "too_large"
    assert "1 MB" in error.value.messages[0]


def test_upload_limit_defaults_to_25_mb(settings):
    from isms.services.evidence import max_upload_bytes

    del settings.CIVAC_EVIDENCE_MAX_BYTES
    assert max_upload_bytes() == 25 * 1024 * 1024


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "C:\\Users\\scan.pdf", "dir/scan.pdf"])
def test_upload_rejects_name_with_path_parts(workspace, personas, policy, name):
    # A plain File keeps its name as given, as an import command would pass it.
    # An UploadedFile would already cut the name down to its last component.
    upload = File(io.BytesIO(build.PDF), name=name)
    with pytest.raises(ValidationError) as error, workspace_context(workspace):
        evidence_upload(actor=personas[Role.OFFICER], workspace=workspace, subject=policy, upload=upload)
    assert _error_code(error) == "name_path"


def test_upload_rejects_unknown_extension(workspace, personas, policy):
    with pytest.raises(ValidationError) as error:
        _upload(workspace, personas[Role.OFFICER], policy, "setup.exe", b"MZ\x90\x00")
    assert _error_code(error) == "unsupported_type"
    assert ".pdf" in error.value.messages[0]


def test_upload_rejects_unregistered_subject(workspace, personas):
    from officers.models import Officer
    from tests import factories

    officer = factories.make_officer(workspace)
    with pytest.raises(ValueError), workspace_context(workspace):
        evidence_upload(actor=personas[Role.OFFICER], workspace=workspace, subject=Officer.objects.get(pk=officer.pk),
                        upload=build.upload("scan.pdf", build.PDF))


def test_view_upload_stores_file_and_returns_to_subject(workspace, personas, policy):
    client = client_for(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/isms/evidence/subjects/{policy.pk}/upload/", {
        "subject_type": "isms.policy", "file": build.upload("../../secret/scan.pdf", build.PDF),
        "description": "Signed minutes",
    })
    assert response.status_code == 302
    assert response["Location"] == f"/w/{workspace.slug}/isms/policies/{policy.pk}/"
    with workspace_context(workspace):
        evidence = EvidenceFile.objects.get()
    assert evidence.original_name == "scan.pdf"
    assert "secret" not in evidence.file.name
    assert evidence.description == "Signed minutes"


def test_view_upload_to_task(workspace, personas):
    with workspace_context(workspace), acting_as(personas[Role.OFFICER]):
        task = Task.objects.create(workspace=workspace, title="Zugriffsrechte prüfen", due_on=timezone.localdate())
    client = client_for(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/isms/evidence/subjects/{task.pk}/upload/", {
        "subject_type": "isms.task", "file": build.upload("review.xlsx", build.SAMPLES["inventory.xlsx"])})
    assert response.status_code == 302
    with workspace_context(workspace):
        assert EvidenceFile.objects.get().subject_id == task.pk


def test_view_upload_shows_error_and_stores_nothing(workspace, personas, policy, settings):
    client = client_for(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/isms/evidence/subjects/{policy.pk}/upload/", {
        "subject_type": "isms.policy", "file": build.upload("scan.pdf", build.PNG)}, follow=True)
    assert "not a valid PDF file" in response.content.decode()
    with workspace_context(workspace):
        assert not EvidenceFile.objects.exists()
    assert _stored_files(settings) == []


def test_htmx_upload_returns_panel_with_error(workspace, personas, policy):
    client = client_for(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/isms/evidence/subjects/{policy.pk}/upload/", {
        "subject_type": "isms.policy", "file": build.upload("scan.pdf", b"")}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<section class="card evidence-panel"')
    assert "The file is empty" in body


def test_htmx_upload_returns_panel_with_new_file(workspace, personas, policy):
    client = client_for(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/isms/evidence/subjects/{policy.pk}/upload/", {
        "subject_type": "isms.policy", "file": build.upload("minutes.pdf", build.PDF)}, HTTP_HX_REQUEST="true")
    assert "minutes.pdf" in response.content.decode()


def test_auditor_cannot_upload(workspace, personas, policy):
    client = client_for(personas[Role.AUDITOR])
    response = client.post(f"/w/{workspace.slug}/isms/evidence/subjects/{policy.pk}/upload/", {
        "subject_type": "isms.policy", "file": build.upload("scan.pdf", build.PDF)})
    assert response.status_code == 403


def test_upload_to_foreign_or_unknown_subject_is_404(workspace, other_workspace, personas, policy):
    from tests import factories

    rival = factories.make_user("rival@rival.example")
    factories.add_member(other_workspace, rival, Role.OFFICER)
    foreign = build.make_policy(other_workspace, actor=rival)
    client = client_for(personas[Role.OFFICER])
    cases = [(foreign.pk, "isms.policy"), (policy.pk, "officers.officer"), (policy.pk, "isms.task"),
             (policy.pk, "")]
    for subject_id, subject_type in cases:
        response = client.post(f"/w/{workspace.slug}/isms/evidence/subjects/{subject_id}/upload/", {
            "subject_type": subject_type, "file": build.upload("scan.pdf", build.PDF)})
        assert response.status_code == 404, (subject_id, subject_type)


def test_download_sends_attachment_and_audits(workspace, personas, policy):
    evidence = _upload(workspace, personas[Role.OFFICER], policy, "Bericht <Q1>.pdf", build.PDF)
    response = client_for(personas[Role.AUDITOR]).get(
        f"/w/{workspace.slug}/isms/evidence/{evidence.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == build.PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    event = AuditEvent.objects.get(action="download", object_id=str(evidence.pk))
    assert event.changes["sha256"] == evidence.sha256
    assert event.actor == personas[Role.AUDITOR]


def test_download_refuses_post(workspace, personas, policy):
    evidence = _upload(workspace, personas[Role.OFFICER], policy, "scan.pdf", build.PDF)
    response = client_for(personas[Role.OFFICER]).post(f"/w/{workspace.slug}/isms/evidence/{evidence.pk}/download/")
    assert response.status_code == 405


def test_download_of_foreign_file_is_404(workspace, other_workspace, personas):
    from tests import factories

    rival = factories.make_user("rival@rival.example")
    factories.add_member(other_workspace, rival, Role.OFFICER)
    foreign_policy = build.make_policy(other_workspace, actor=rival)
    foreign = _upload(other_workspace, rival, foreign_policy, "secret.pdf", build.PDF)
    response = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/isms/evidence/{foreign.pk}/download/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="download").exists()


def test_withdraw_keeps_file_for_auditors(workspace, personas, policy):
    evidence = _upload(workspace, personas[Role.OFFICER], policy, "scan.pdf", build.PDF)
    client = client_for(personas[Role.OFFICER])
    response = client.post(f"/w/{workspace.slug}/isms/evidence/{evidence.pk}/withdraw/", {"reason": "Wrong year"})
    assert response.status_code == 302
    with workspace_context(workspace):
        evidence.refresh_from_db()
    assert evidence.is_withdrawn
    assert evidence.withdrawal_reason == "Wrong year"
    assert AuditEvent.objects.filter(action="update", object_id=str(evidence.pk)).exists()
    download = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/isms/evidence/{evidence.pk}/download/")
    assert b"".join(download.streaming_content) == build.PDF
    page = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/isms/policies/{policy.pk}/")
    assert "Wrong year" in page.content.decode()


def test_withdraw_twice_is_rejected(workspace, personas, policy):
    evidence = _upload(workspace, personas[Role.OFFICER], policy, "scan.pdf", build.PDF)
    with workspace_context(workspace), acting_as(personas[Role.OFFICER]):
        evidence_withdraw(actor=personas[Role.OFFICER], evidence=evidence, reason="Duplicate")
        with pytest.raises(ValidationError) as error:
            evidence_withdraw(actor=personas[Role.OFFICER], evidence=evidence, reason="Again")
    assert _error_code(error, "evidence") == "already_withdrawn"


def test_withdraw_needs_reason(workspace, personas, policy):
    evidence = _upload(workspace, personas[Role.OFFICER], policy, "scan.pdf", build.PDF)
    with pytest.raises(ValidationError) as error, workspace_context(workspace):
        evidence_withdraw(actor=personas[Role.OFFICER], evidence=evidence, reason="  ")
    assert _error_code(error, "reason") == "reason_missing"


def test_auditor_cannot_withdraw(workspace, personas, policy):
    evidence = _upload(workspace, personas[Role.OFFICER], policy, "scan.pdf", build.PDF)
    response = client_for(personas[Role.AUDITOR]).post(
        f"/w/{workspace.slug}/isms/evidence/{evidence.pk}/withdraw/", {"reason": "No"})
    assert response.status_code == 403


def test_panel_on_policy_page_lists_files(workspace, personas, policy):
    _upload(workspace, personas[Role.OFFICER], policy, "minutes.pdf", build.PDF, description="Board minutes")
    officer_page = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/isms/policies/{policy.pk}/")
    auditor_page = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/isms/policies/{policy.pk}/")
    assert "minutes.pdf" in officer_page.content.decode()
    assert "Board minutes" in auditor_page.content.decode()
    assert 'enctype="multipart/form-data"' in officer_page.content.decode()
    assert 'enctype="multipart/form-data"' not in auditor_page.content.decode()


def _bulk_files(workspace, user, subjects, count):
    now = timezone.now()
    rows = [EvidenceFile(workspace=workspace, subject_type=subject._meta.label_lower, subject_id=subject.pk,
                         original_name=f"file-{index}.pdf", file=f"evidence/{workspace.pk}/{index:06d}.pdf",
                         size=10, content_type="application/pdf", sha256="0" * 64, uploaded_by=user,
                         uploaded_at=now) for index in range(count) for subject in [subjects[index % len(subjects)]]]
    with workspace_context(workspace), acting_as(user):
        EvidenceFile.objects.bulk_create(rows)


def _list_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_evidence_list_queries_do_not_grow_with_rows(workspace, personas, policy):
    with workspace_context(workspace), acting_as(personas[Role.OFFICER]):
        task = Task.objects.create(workspace=workspace, title="Backup-Test", due_on=timezone.localdate())
    client = client_for(personas[Role.AUDITOR])
    path = f"/w/{workspace.slug}/isms/evidence/"
    _bulk_files(workspace, personas[Role.OFFICER], [policy, task], 4)
    _list_queries(client, path)  # the first request of a session does one-off work
    small = _list_queries(client, path)
    _bulk_files(workspace, personas[Role.OFFICER], [policy, task], 130)
    large = _list_queries(client, path)
    assert small == large
    assert _list_queries(client, path + "?type=isms.task&page=2") <= large


def test_evidence_list_filters_by_subject_type(workspace, personas, policy):
    with workspace_context(workspace), acting_as(personas[Role.OFFICER]):
        task = Task.objects.create(workspace=workspace, title="Backup-Test", due_on=timezone.localdate())
    _upload(workspace, personas[Role.OFFICER], policy, "policy-scan.pdf", build.PDF)
    _upload(workspace, personas[Role.OFFICER], task, "task-proof.pdf", build.PDF)
    body = client_for(personas[Role.AUDITOR]).get(
        f"/w/{workspace.slug}/isms/evidence/?type=isms.task").content.decode()
    assert "task-proof.pdf" in body
    assert "policy-scan.pdf" not in body
    assert "Backup-Test" in body
