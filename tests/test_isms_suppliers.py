"""Suppliers: register checks, reviews, the tokenised questionnaire link and the report summary."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import EvidenceFile, SupplierAssessment, Task
from isms.services import suppliers as services
from tests import builders_training as build
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def officer(personas):
    return personas[Role.OFFICER]


def _post(client, token, answers, files=None):
    return client.post(f"/q/{token}/", {**answers, **(files or {})})


def test_supplier_rejects_contract_ending_before_start(workspace, officer):
    with pytest.raises(ValidationError) as error:
        build.supplier(workspace, officer, contract_starts_on=date(2026, 5, 1), contract_ends_on=date(2026, 1, 1))
    assert "contract_ends_on" in error.value.error_dict


def test_supplier_with_review_date_opens_task(workspace, officer):
    build.supplier(workspace, officer, next_review_on=date(2026, 9, 1))
    with workspace_context(workspace):
        assert Task.objects.get().due_on == date(2026, 9, 1)


def test_review_sets_next_review_and_task(workspace, officer):
    supplier = build.supplier(workspace, officer)
    with workspace_context(workspace):
        services.supplier_review_record(actor=officer, supplier=supplier, reviewed_on=date(2026, 6, 1),
                                        risk_rating="medium", notes="ok", today=date(2026, 6, 15))
        supplier.refresh_from_db()
        assert supplier.next_review_on == date(2027, 6, 1)
        assert supplier.risk_rating == "medium"
        assert Task.objects.filter(due_on=date(2027, 6, 1)).exists()


def test_token_is_stored_only_as_hash(workspace, officer):
    assessment, token = build.sent_assessment(build.supplier(workspace, officer), officer)
    assert token not in assessment.token_hash
    assert assessment.token_hash == services.assessments.token_hash(token)


def test_questionnaire_page_needs_no_account(workspace, officer, client):
    _assessment, token = build.sent_assessment(build.supplier(workspace, officer), officer)
    response = client.get(f"/q/{token}/")
    assert response.status_code == 200
    assert b"Supplier information security" in response.content


def test_questionnaire_german_template(workspace, officer, client):
    _assessment, token = build.sent_assessment(build.supplier(workspace, officer), officer, language="de")
    assert "Informationssicherheit bei Lieferanten".encode() in client.get(f"/q/{token}/").content


def test_submission_stores_answers_and_upload(workspace, officer, client):
    assessment, token = build.sent_assessment(build.supplier(workspace, officer), officer)
    response = _post(client, token, build.full_answers(), {"isms_certified__file": build.upload()})
    assert response.status_code == 200
    with workspace_context(workspace):
        assessment.refresh_from_db()
        assert assessment.status == SupplierAssessment.Status.SUBMITTED
        assert assessment.answers["answers"]["encryption"] == "yes"
        assert EvidenceFile.objects.filter(subject_id=assessment.pk).count() == 1


def test_submitted_link_answers_closed_and_stores_nothing(workspace, officer, client):
    assessment, token = build.sent_assessment(build.supplier(workspace, officer), officer)
    _post(client, token, build.full_answers())
    changed = {**build.full_answers(), "encryption": "no"}
    response = _post(client, token, changed)
    assert response.status_code == 410
    assert b"already submitted" in response.content
    with workspace_context(workspace):
        assessment.refresh_from_db()
        assert assessment.answers["answers"]["encryption"] == "yes"


def test_expired_link_answers_closed_and_stores_nothing(workspace, officer, client):
    past = timezone.now() - timedelta(days=40)
    assessment, token = build.sent_assessment(build.supplier(workspace, officer), officer, now=past)
    response = _post(client, token, build.full_answers())
    assert response.status_code == 410
    assert b"expired" in response.content
    with workspace_context(workspace):
        assessment.refresh_from_db()
        assert assessment.status == SupplierAssessment.Status.SENT
        assert assessment.answers == {}


def test_empty_required_answer_is_rejected(workspace, officer, client):
    assessment, token = build.sent_assessment(build.supplier(workspace, officer), officer)
    answers = {**build.full_answers(), "security_contact": "  "}
    response = _post(client, token, answers)
    assert response.status_code == 400
    assert b"Answer this question" in response.content
    with workspace_context(workspace):
        assessment.refresh_from_db()
        assert assessment.status == SupplierAssessment.Status.SENT


def test_upload_failing_content_check_stores_nothing(workspace, officer, client):
    assessment, token = build.sent_assessment(build.supplier(workspace, officer), officer)
    bad = build.upload("certificate.pdf", b"MZ not a pdf at all")
    response = _post(client, token, build.full_answers(), {"isms_certified__file": bad})
    assert response.status_code == 400
    assert b"not a valid" in response.content
    with workspace_context(workspace):
        assert EvidenceFile.objects.count() == 0
        assessment.refresh_from_db()
        assert assessment.status == SupplierAssessment.Status.SENT


def test_unknown_token_is_404(client):
    assert client.get("/q/not-a-token/").status_code == 404


def test_withdrawn_link_is_closed(workspace, officer, client):
    assessment, token = build.sent_assessment(build.supplier(workspace, officer), officer)
    response = client_for(officer).post(
        f"/w/{workspace.slug}/isms/suppliers/assessments/{assessment.pk}/withdraw/")
    assert response.status_code == 302
    assert client.get(f"/q/{token}/").status_code == 410


def test_questionnaire_shows_no_other_supplier_or_workspace(workspace, other_workspace, officer, client):
    build.supplier(workspace, officer, name="ZZ-SECRET-SUPPLIER")
    from tests import factories
    rival = factories.make_user("rival@example.com")
    factories.add_member(other_workspace, rival, Role.OFFICER)
    build.supplier(other_workspace, rival, name="ZZ-RIVAL-SUPPLIER")
    _assessment, token = build.sent_assessment(build.supplier(workspace, officer, name="Mailer AG"), officer)
    content = client.get(f"/q/{token}/").content
    assert b"Mailer AG" in content
    assert b"ZZ-SECRET-SUPPLIER" not in content
    assert b"ZZ-RIVAL-SUPPLIER" not in content
    assert b"Rival Anlagenbau" not in content


def test_questionnaire_is_rate_limited(workspace, officer, client, settings):
    settings.QUESTIONNAIRE_RATE_LIMIT_PER_MINUTE = 2
    _assessment, token = build.sent_assessment(build.supplier(workspace, officer), officer)
    codes = [client.get(f"/q/{token}/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_summary_counts(workspace, officer):
    build.supplier(workspace, officer, name="A", processes_personal_data=True, next_review_on=date(2020, 1, 1))
    supplier = build.supplier(workspace, officer, name="B", criticality="low")
    build.sent_assessment(supplier, officer)
    summary = services.supplier_summary(workspace, today=date(2026, 6, 15))
    assert summary["total"] == 2
    assert summary["reviews_overdue"] == 1
    assert summary["dpa_missing"] == 1
    assert summary["assessments_open"] == 1
    assert summary["critical_without_assessment"] == 1


def test_send_page_shows_link_once(workspace, officer):
    supplier = build.supplier(workspace, officer)
    response = client_for(officer).post(f"/w/{workspace.slug}/isms/suppliers/{supplier.pk}/assessments/new/", {
        "template_key": "standard", "language": "en", "contact_email": "it@supplier.example", "valid_days": "30"})
    assert response.status_code == 200
    assert b"/q/" in response.content


def test_supplier_form_rejects_foreign_risk(workspace, other_workspace, officer):
    response = client_for(officer).post(f"/w/{workspace.slug}/isms/suppliers/new/", {
        "name": "X", "services": "Y", "criticality": "low", "risk_rating": "not_rated",
        "review_interval_months": "12", "risks": ["00000000-0000-0000-0000-000000000001"]})
    assert response.status_code == 400


def test_supplier_pages_render(workspace, officer):
    supplier = build.supplier(workspace, officer)
    client = client_for(officer)
    for path in ("", f"{supplier.pk}/", f"{supplier.pk}/edit/", f"{supplier.pk}/review/",
                 f"{supplier.pk}/assessments/new/", "new/"):
        assert client.get(f"/w/{workspace.slug}/isms/suppliers/{path}").status_code == 200, path
