"""The Statement of Applicability: entries, approval by management, versions, diff and the list page."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from civac.audit.context import acting_as
from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import SoAEntry, SoAVersion
from isms.services.controls import own_control_create
from isms.services.soa import soa_add_catalogue_controls, soa_approve, soa_diff, soa_entry_update, soa_snapshot
from tests import builders_controls, factories
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Applicability = SoAEntry.Applicability
Status = SoAEntry.Status


@pytest.fixture
def officer(workspace):
    builders_controls.annex_a()
    return builders_controls.officer(workspace)


@pytest.fixture
def ceo(workspace):
    return builders_controls.management(workspace)


def _entry(workspace, ref="A.5.1"):
    with workspace_context(workspace):
        return SoAEntry.objects.select_related("catalogue_control").get(catalogue_control__ref=ref)


def _update(workspace, entry, **values):
    arguments = {"applicability": Applicability.APPLICABLE, "status": Status.PLANNED} | values
    with workspace_context(workspace):
        return soa_entry_update(actor=None, entry=entry, **arguments)


def _approve(workspace, user, **overrides):
    with workspace_context(workspace), acting_as(user):
        _rows, digest = soa_snapshot()
        arguments = {"confirmed_digest": digest, "password": factories.PASSWORD} | overrides
        return soa_approve(actor=user, workspace=workspace, **arguments)


def _error_code(raised, field):
    return raised.value.error_dict[field][0].code


def test_adding_catalogue_controls_is_idempotent(workspace, officer):
    with workspace_context(workspace):
        first = soa_add_catalogue_controls(actor=officer, workspace=workspace)
        second = soa_add_catalogue_controls(actor=officer, workspace=workspace)
        undecided = SoAEntry.objects.filter(applicability=Applicability.UNDECIDED).count()
    assert (first, second) == (93, 0)
    assert undecided == 93


def test_exclusion_without_justification_is_rejected(workspace, officer):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    entry = _entry(workspace)
    with pytest.raises(ValidationError) as raised:
        _update(workspace, entry, applicability=Applicability.NOT_APPLICABLE, justification="   ")
    assert _error_code(raised, "justification") == "soa_justification_missing"
    assert _entry(workspace).applicability == Applicability.UNDECIDED


def test_exclusion_sets_status_not_applicable(workspace, officer):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    entry = _update(workspace, _entry(workspace), applicability=Applicability.NOT_APPLICABLE,
                    status=Status.IMPLEMENTED, justification="Keine eigene Softwareentwicklung")
    assert entry.status == Status.NOT_APPLICABLE


@pytest.mark.parametrize("values, field, code", [
    ({"status": "done"}, "status", "soa_status_invalid"),
    ({"applicability": "maybe"}, "applicability", "soa_applicability_invalid"),
    ({"maturity": 6}, "maturity", "soa_maturity_invalid"),
    ({"status": Status.NOT_APPLICABLE}, "status", "soa_status_contradicts"),
])
def test_entry_rejects_bad_values(workspace, officer, values, field, code):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    with pytest.raises(ValidationError) as raised:
        _update(workspace, _entry(workspace), **values)
    assert _error_code(raised, field) == code


def test_entry_owner_must_be_member(workspace, other_workspace, officer):
    stranger = factories.make_user("stranger@rival.example")
    factories.add_member(other_workspace, stranger, "officer")
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    with pytest.raises(ValidationError) as raised:
        _update(workspace, _entry(workspace), owner=stranger)
    assert _error_code(raised, "owner") == "soa_owner_not_member"


def test_approval_freezes_rows_pdf_and_audit_event(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    version = _approve(workspace, ceo)
    pdf = version.file.open("rb").read()
    event = AuditEvent.objects.get(action="approve", object_id=str(version.pk))
    assert version.number == 1
    assert len(version.rows) == 93
    assert pdf.startswith(b"%PDF-")
    assert version.sha256 == hashlib.sha256(pdf).hexdigest()
    assert event.changes["pdf_sha256"] == version.sha256
    assert event.actor_id == ceo.pk


def test_approving_twice_is_rejected(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    _approve(workspace, ceo)
    with pytest.raises(ValidationError) as raised:
        _approve(workspace, ceo)
    assert _error_code(raised, "soa") == "soa_already_approved"
    with workspace_context(workspace):
        assert SoAVersion.objects.count() == 1


def test_approval_rejects_unjustified_exclusion(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    entry = _entry(workspace, "A.8.28")
    with workspace_context(workspace):
        # Data from before the rule, written past the service, must still block approval.
        SoAEntry.objects.filter(pk=entry.pk).update(applicability=Applicability.NOT_APPLICABLE,
                                                    status=Status.NOT_APPLICABLE, justification="")
    with pytest.raises(ValidationError) as raised:
        _approve(workspace, ceo)
    assert _error_code(raised, "soa") == "soa_not_ready"
    assert "A.8.28" in raised.value.messages[0]


def test_approval_rejects_unassessed_controls(workspace, officer, ceo):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    with pytest.raises(ValidationError) as raised:
        _approve(workspace, ceo)
    assert "Decide whether these controls are applicable" in raised.value.messages[0]


def test_approval_rejects_changed_draft(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    with pytest.raises(ValidationError) as raised:
        _approve(workspace, ceo, confirmed_digest="f" * 64)
    assert _error_code(raised, "confirmed_digest") == "soa_changed"


def test_approval_needs_correct_password(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    with pytest.raises(ValidationError) as raised:
        _approve(workspace, ceo, password="wrong")
    assert _error_code(raised, "password") == "wrong_password"


def test_approval_by_officer_is_rejected(workspace, officer):
    builders_controls.assessed_soa(workspace, actor=officer)
    with pytest.raises(ValidationError) as raised:
        _approve(workspace, officer)
    assert _error_code(raised, "soa") == "approver_not_management"


def test_draft_stays_editable_and_diff_shows_change(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    first = _approve(workspace, ceo)
    _update(workspace, _entry(workspace, "A.5.7"), status=Status.PARTIAL, maturity=2)
    with workspace_context(workspace):
        rows, _digest = soa_snapshot()
    changes = soa_diff(base_rows=first.rows, rows=rows)
    assert [(change.ref, change.kind) for change in changes] == [("A.5.7", "changed")]
    assert ("status", "implemented", "partial") in changes[0].fields
    second = _approve(workspace, ceo)
    assert second.number == 2


def test_diff_reports_added_own_control(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    first = _approve(workspace, ceo)
    with workspace_context(workspace):
        own_control_create(actor=officer, workspace=workspace, ref="KUNDE-1", title="Kundenvorgabe Logging")
        rows, _digest = soa_snapshot()
    changes = soa_diff(base_rows=first.rows, rows=rows)
    assert [(change.ref, change.kind) for change in changes] == [("KUNDE-1", "added")]


def test_approve_page_by_management_creates_version(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    client = client_for(ceo)
    page = client.get(f"/w/{workspace.slug}/isms/soa/approve/")
    digest = page.context["digest"]
    response = client.post(f"/w/{workspace.slug}/isms/soa/approve/", {
        "confirmed_digest": digest, "confirm": "on", "password": factories.PASSWORD})
    assert response.status_code == 302
    with workspace_context(workspace):
        assert SoAVersion.objects.filter(number=1).exists()


def test_approve_page_shows_unjustified_controls(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    with workspace_context(workspace):
        SoAEntry.objects.filter(catalogue_control__ref="A.7.4").update(
            applicability=Applicability.NOT_APPLICABLE, status=Status.NOT_APPLICABLE, justification="")
    response = client_for(ceo).get(f"/w/{workspace.slug}/isms/soa/approve/")
    assert b"Justify the exclusion of these controls: A.7.4." in response.content


def test_officer_cannot_open_approval(workspace, officer):
    response = client_for(officer).get(f"/w/{workspace.slug}/isms/soa/approve/")
    assert response.status_code == 403


def test_version_pdf_download_is_audited(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    version = _approve(workspace, ceo)
    response = client_for(officer).get(f"/w/{workspace.slug}/isms/soa/versions/{version.pk}/pdf/")
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == version.sha256
    assert AuditEvent.objects.filter(action="download", object_id=str(version.pk)).count() == 1


def test_entry_page_saves_for_officer(workspace, officer):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    entry = _entry(workspace, "A.8.13")
    response = client_for(officer).post(f"/w/{workspace.slug}/isms/soa/entries/{entry.pk}/", {
        "applicability": "applicable", "status": "partial", "maturity": "2", "owner": officer.pk,
        "inclusion_reason": "Risiko R-3 Datenverlust"})
    assert response.status_code == 302
    saved = _entry(workspace, "A.8.13")
    assert (saved.status, saved.maturity, saved.owner_id) == ("partial", 2, officer.pk)


def test_entry_page_shows_missing_justification(workspace, officer):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    entry = _entry(workspace, "A.8.13")
    response = client_for(officer).post(f"/w/{workspace.slug}/isms/soa/entries/{entry.pk}/", {
        "applicability": "not_applicable", "status": "not_started"})
    assert response.status_code == 400
    assert b"needs a justification for its exclusion" in response.content


def test_entry_page_rejects_post_by_auditor(workspace, officer):
    auditor = factories.make_user("pruefer@acme.example")
    factories.add_member(workspace, auditor, "auditor")
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    entry = _entry(workspace, "A.8.13")
    path = f"/w/{workspace.slug}/isms/soa/entries/{entry.pk}/"
    assert client_for(auditor).get(path).status_code == 200
    assert client_for(auditor).post(path, {"applicability": "applicable", "status": "planned"}).status_code == 403


def test_list_filters_by_theme_and_area(workspace, officer):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    client = client_for(officer)
    people = client.get(f"/w/{workspace.slug}/isms/soa/?theme=people")
    area8 = client.get(f"/w/{workspace.slug}/isms/soa/?area=8")
    assert [entry.ref for entry in people.context["page"]] == [f"A.6.{n}" for n in range(1, 9)]
    assert [entry.ref for entry in area8.context["page"]] == ["A.5.31", "A.8.24"]


def test_list_filters_by_text_and_status(workspace, officer):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    _update(workspace, _entry(workspace, "A.8.24"), status=Status.IMPLEMENTED, notes="TLS 1.3 überall")
    client = client_for(officer)
    by_text = client.get(f"/w/{workspace.slug}/isms/soa/?q=tls")
    by_status = client.get(f"/w/{workspace.slug}/isms/soa/?status=implemented")
    assert [entry.ref for entry in by_text.context["page"]] == ["A.8.24"]
    assert [entry.ref for entry in by_status.context["page"]] == ["A.8.24"]


def test_list_rejects_unknown_status_filter(workspace, officer):
    response = client_for(officer).get(f"/w/{workspace.slug}/isms/soa/?status=finished")
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["status"]
    assert b'class="errorlist' in response.content


def test_list_paginates_25_per_page(workspace, officer):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    response = client_for(officer).get(f"/w/{workspace.slug}/isms/soa/?page=4")
    assert len(response.context["page"]) == 93 - 75


def _add_own_controls(workspace, count, start=0):
    with workspace_context(workspace), acting_as(None):
        for number in range(start, start + count):
            control = own_control_create(actor=None, workspace=workspace, ref=f"OWN-{number}",
                                         title=f"Eigene Maßnahme {number}")
            entry = SoAEntry.objects.get(own_control=control)
            soa_entry_update(actor=None, entry=entry, applicability=Applicability.APPLICABLE,
                             status=Status.PLANNED, owner=None)


def _query_count(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["isms/soa/", "isms/soa/?area=1&page=2", "isms/soa/gap/", "isms/",
                                  "isms/controls/"])
def test_pages_use_constant_queries(workspace, officer, path):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    _add_own_controls(workspace, 3)
    client = client_for(officer)
    client.get(f"/w/{workspace.slug}/{path}")  # warm the session and the language caches
    small = _query_count(client, f"/w/{workspace.slug}/{path}")
    _add_own_controls(workspace, 40, start=100)
    with workspace_context(workspace):
        for entry in SoAEntry.objects.filter(own_control__isnull=False)[:20]:
            entry.owner = officer
            entry.save()
    _link_risks_and_evidence(workspace, officer, count=15)
    large = _query_count(client, f"/w/{workspace.slug}/{path}")
    assert small == large


def _link_risks_and_evidence(workspace, officer, *, count):
    """Give the first ``count`` entries a linked risk and an evidence file each."""
    from isms.services.evidence import evidence_upload
    from isms.services.risk_controls import risk_controls_set
    from tests import builders_risks
    from tests.builders_policies import upload

    with workspace_context(workspace):
        entries = list(SoAEntry.objects.select_related("catalogue_control", "own_control")[:count])
        for number, entry in enumerate(entries):
            risk = builders_risks.make_risk(workspace, actor=officer, title=f"Risk {number}")
            risk_controls_set(actor=officer, risk=risk, entries=[entry])
            evidence_upload(actor=officer, workspace=workspace, subject=entry,
                            upload=upload(f"evidence-{number}.txt", f"Evidence {number}\n".encode()))
    return entries


def test_list_counts_linked_risks_and_evidence(workspace, officer):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    first, second = _link_risks_and_evidence(workspace, officer, count=2)
    page = client_for(officer).get(f"/w/{workspace.slug}/isms/soa/").context["page"]
    counts = {entry.pk: (entry.risk_count, entry.evidence_count) for entry in page}
    assert counts[first.pk] == (1, 1)
    assert counts[second.pk] == (1, 1)
    assert sum(risks + files for risks, files in counts.values()) == 4


def test_gap_counts_empty_workspace_as_not_assessed(workspace, officer):
    response = client_for(officer).get(f"/w/{workspace.slug}/isms/soa/gap/")
    gap = response.context["gap"]
    assert gap.overall.counts == {"not_assessed": 93}
    assert len(gap.not_assessed) == 93


def test_gap_groups_by_theme_and_area(workspace, officer):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
    _update(workspace, _entry(workspace, "A.8.24"), status=Status.IMPLEMENTED, maturity=4)
    _update(workspace, _entry(workspace, "A.5.31"), status=Status.PARTIAL, maturity=2)
    gap = client_for(officer).get(f"/w/{workspace.slug}/isms/soa/gap/").context["gap"]
    crypto = next(group for group in gap.areas if group.key == 8)
    technological = next(group for group in gap.themes if group.key == "technological")
    assert crypto.counts == {"implemented": 1, "partial": 1}
    assert crypto.implemented_share == 50
    assert crypto.average_maturity == 3.0
    assert technological.counts["implemented"] == 1
    assert [item.ref for item in gap.open_applicable] == ["A.5.31"]


def test_overview_cards_show_approved_version(workspace, officer, ceo):
    builders_controls.assessed_soa(workspace, actor=officer)
    _approve(workspace, ceo)
    response = client_for(officer).get(f"/w/{workspace.slug}/isms/")
    assert b"Approved version 1 on" in response.content
    assert b"100 % of applicable controls implemented" in response.content



def _bulk(client, workspace, entries, **values):
    data = {"entries": [str(entry.pk) for entry in entries], "status": "planned"} | values
    return client.post(f"/w/{workspace.slug}/isms/soa/bulk/", data)


def test_bulk_assessment_saves_every_selected_entry(personas, workspace):
    officer = personas[Role.OFFICER]
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
        people = list(SoAEntry.objects.filter(catalogue_control__theme="people"))
    response = _bulk(client_for(officer), workspace, people, applicability="applicable",
                     inclusion_reason="Staff handle customer data")
    assert response.status_code == 302
    with workspace_context(workspace):
        saved = SoAEntry.objects.filter(pk__in=[entry.pk for entry in people])
        assert {entry.applicability for entry in saved} == {"applicable"}
        assert {entry.inclusion_reason for entry in saved} == {"Staff handle customer data"}
    assert AuditEvent.objects.filter(object_type="isms.soaentry", action="update").count() == len(people)


def test_bulk_exclusion_without_justification_saves_nothing(personas, workspace):
    officer = personas[Role.OFFICER]
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=officer, workspace=workspace)
        physical = list(SoAEntry.objects.filter(catalogue_control__theme="physical"))
    _bulk(client_for(officer), workspace, physical, applicability="not_applicable")
    with workspace_context(workspace):
        assert not SoAEntry.objects.filter(applicability="not_applicable").exists()


def test_bulk_ignores_entries_of_another_workspace(personas, workspace, other_workspace):
    officer = personas[Role.OFFICER]
    with workspace_context(other_workspace):
        soa_add_catalogue_controls(actor=officer, workspace=other_workspace)
        foreign = list(SoAEntry.objects.all()[:3])
    response = _bulk(client_for(officer), workspace, foreign, applicability="applicable")
    assert response.status_code == 302
    with workspace_context(other_workspace):
        assert not SoAEntry.objects.filter(applicability="applicable").exists()


def test_auditor_cannot_bulk_assess(personas, workspace):
    with workspace_context(workspace):
        soa_add_catalogue_controls(actor=personas[Role.OFFICER], workspace=workspace)
        some = list(SoAEntry.objects.all()[:2])
    assert _bulk(client_for(personas[Role.AUDITOR]), workspace, some, applicability="applicable").status_code == 403
