"""Risks: ratings inside the scales, treatment, acceptance by management and the read queries."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Band, Risk, RiskAcceptance, RiskAsset
from isms.services.risks import acceptance_sha256, methodology_for, risk_accept, risk_update
from isms.services.risks.queries import RiskFilters, filtered_risks, heat_map, overview_counts
from tests import factories
from tests.builders_risks import make_asset, make_risk
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _codes(error: ValidationError, field: str) -> list[str]:
    return [item.code for item in error.error_dict[field]]


def _accept(workspace, risk, signer, **overrides):
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        arguments = {"confirmed_sha256": acceptance_sha256(risk, methodology), "password": PASSWORD, **overrides}
        return risk_accept(actor=signer, risk=risk, methodology=methodology, **arguments)


def _update(workspace, risk, **values):
    with workspace_context(workspace):
        return risk_update(actor=None, risk=risk, methodology=methodology_for(workspace), values=values)


@pytest.mark.parametrize(("field", "inherent", "residual"), [
    ("inherent_likelihood", (5, 1), None),
    ("inherent_impact", (1, 0), None),
    ("residual_likelihood", (2, 2), (9, 1)),
    ("residual_impact", (2, 2), (1, 5)),
])
def test_rating_outside_scale_names_field(workspace, field, inherent, residual):
    with pytest.raises(ValidationError) as raised:
        make_risk(workspace, inherent=inherent, residual=residual)
    assert _codes(raised.value, field) == ["rating_outside_scale"]
    assert "1 to 4" in raised.value.error_dict[field][0].messages[0]


def test_half_residual_rating_rejected(workspace):
    with pytest.raises(ValidationError) as raised:
        make_risk(workspace, residual_likelihood=2)
    assert _codes(raised.value, "residual_impact") == ["residual_incomplete"]


def test_new_treatment_due_in_past_rejected(workspace):
    yesterday = timezone.localdate() - timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        make_risk(workspace, treatment_option=Risk.Treatment.MODIFY, treatment_description="Block macros",
                  treatment_due_on=yesterday)
    assert _codes(raised.value, "treatment_due_on") == ["due_in_past"]


def test_unchanged_overdue_date_may_stay(workspace):
    risk = make_risk(workspace, treatment_option=Risk.Treatment.MODIFY, treatment_description="Block macros",
                     treatment_due_on=timezone.localdate(), status=Risk.Status.PLANNED)
    with workspace_context(workspace):
        Risk.objects.filter(pk=risk.pk).update(treatment_due_on=timezone.localdate() - timedelta(days=3))
        risk = Risk.objects.get(pk=risk.pk)
    updated = _update(workspace, risk, status=Risk.Status.IN_PROGRESS)
    assert updated.status == Risk.Status.IN_PROGRESS


def test_modify_needs_description(workspace):
    with pytest.raises(ValidationError) as raised:
        make_risk(workspace, treatment_option=Risk.Treatment.MODIFY)
    assert _codes(raised.value, "treatment_description") == ["treatment_description_missing"]


def test_planned_status_needs_option(workspace):
    with pytest.raises(ValidationError) as raised:
        make_risk(workspace, status=Risk.Status.PLANNED)
    assert _codes(raised.value, "treatment_option") == ["treatment_option_missing"]


def test_owner_must_be_member(workspace, other_workspace):
    stranger = factories.make_user("stranger@rival.example")
    factories.add_member(other_workspace, stranger, Role.OFFICER)
    with pytest.raises(ValidationError) as raised:
        make_risk(workspace, owner=stranger)
    assert _codes(raised.value, "owner") == ["not_member"]


def test_retained_risk_above_criteria_stays_open(workspace):
    with pytest.raises(ValidationError) as raised:
        make_risk(workspace, inherent=(4, 4), residual=(3, 3), treatment_option=Risk.Treatment.RETAIN,
                  status=Risk.Status.CLOSED)
    assert _codes(raised.value, "status") == ["acceptance_required"]


def test_accepted_risk_may_close(personas, workspace):
    risk = make_risk(workspace, inherent=(4, 4), residual=(3, 3), treatment_option=Risk.Treatment.RETAIN)
    _accept(workspace, risk, personas[Role.MANAGEMENT])
    with workspace_context(workspace):
        risk = Risk.objects.get(pk=risk.pk)
    assert _update(workspace, risk, status=Risk.Status.CLOSED).status == Risk.Status.CLOSED


def test_risk_within_criteria_may_close_unaccepted(workspace):
    risk = make_risk(workspace, inherent=(2, 2), residual=(1, 2), treatment_option=Risk.Treatment.RETAIN,
                     status=Risk.Status.CLOSED)
    assert risk.status == Risk.Status.CLOSED


def test_asset_links_are_rows_of_workspace(workspace):
    erp = make_asset(workspace, name="ERP")
    risk = make_risk(workspace, assets=[erp])
    with workspace_context(workspace):
        links = list(RiskAsset.objects.filter(risk=risk).values_list("asset_id", "workspace_id"))
    assert links == [(erp.pk, workspace.pk)]


def test_acceptance_records_rating_and_hash(personas, workspace):
    risk = make_risk(workspace, inherent=(4, 4), residual=(3, 3), treatment_option=Risk.Treatment.RETAIN)
    acceptance = _accept(workspace, risk, personas[Role.MANAGEMENT])
    with workspace_context(workspace):
        event = AuditEvent.objects.get(action="accept", object_id=str(risk.pk))
        stored = Risk.objects.get(pk=risk.pk)
    assert stored.current_acceptance_id == acceptance.pk
    assert event.actor_id == personas[Role.MANAGEMENT].pk
    assert event.changes["text_sha256"] == acceptance.text_sha256
    assert event.changes["residual_likelihood"] == 3
    assert event.changes["residual_impact"] == 3
    assert event.changes["band"] == Band.HIGH


def test_acceptance_needs_management(personas, workspace):
    risk = make_risk(workspace, residual=(3, 3))
    with pytest.raises(ValidationError) as raised:
        _accept(workspace, risk, personas[Role.OFFICER])
    assert _codes(raised.value, "signer") == ["signer_not_management"]


def test_acceptance_needs_correct_password(personas, workspace):
    risk = make_risk(workspace, residual=(3, 3))
    with pytest.raises(ValidationError) as raised:
        _accept(workspace, risk, personas[Role.MANAGEMENT], password="wrong")
    assert _codes(raised.value, "password") == ["wrong_password"]
    with workspace_context(workspace):
        assert not RiskAcceptance.objects.exists()


def test_acceptance_needs_residual_rating(personas, workspace):
    risk = make_risk(workspace)
    with pytest.raises(ValidationError) as raised:
        _accept(workspace, risk, personas[Role.MANAGEMENT])
    assert _codes(raised.value, "residual_likelihood") == ["residual_missing"]


def test_acceptance_of_changed_text_rejected(personas, workspace):
    risk = make_risk(workspace, residual=(3, 3))
    with pytest.raises(ValidationError) as raised:
        _accept(workspace, risk, personas[Role.MANAGEMENT], confirmed_sha256="0" * 64)
    assert _codes(raised.value, "confirmed_sha256") == ["hash_mismatch"]


def test_second_acceptance_rejected(personas, workspace):
    risk = make_risk(workspace, residual=(3, 3))
    _accept(workspace, risk, personas[Role.MANAGEMENT])
    with workspace_context(workspace):
        risk = Risk.objects.get(pk=risk.pk)
    with pytest.raises(ValidationError) as raised:
        _accept(workspace, risk, personas[Role.MANAGEMENT])
    assert _codes(raised.value, "risk") == ["already_accepted"]


@pytest.mark.parametrize("values", [{"residual_impact": 2}, {"residual_likelihood": 2},
                                    {"threat": "Insider copies data"}, {"treatment_option": "share",
                                                                         "treatment_description": "Insurance"}])
def test_change_after_acceptance_voids_it(personas, workspace, values):
    risk = make_risk(workspace, inherent=(4, 4), residual=(3, 3), treatment_option=Risk.Treatment.RETAIN)
    acceptance = _accept(workspace, risk, personas[Role.MANAGEMENT])
    with workspace_context(workspace):
        risk = Risk.objects.get(pk=risk.pk)
    _update(workspace, risk, **values)
    with workspace_context(workspace):
        stored = Risk.objects.get(pk=risk.pk)
        acceptance.refresh_from_db()
    assert stored.current_acceptance_id is None
    assert acceptance.voided_at is not None


def test_change_of_due_date_keeps_acceptance(personas, workspace):
    risk = make_risk(workspace, inherent=(4, 4), residual=(3, 3), treatment_option=Risk.Treatment.RETAIN)
    _accept(workspace, risk, personas[Role.MANAGEMENT])
    with workspace_context(workspace):
        risk = Risk.objects.get(pk=risk.pk)
    _update(workspace, risk, treatment_due_on=timezone.localdate() + timedelta(days=30))
    with workspace_context(workspace):
        assert Risk.objects.get(pk=risk.pk).current_acceptance_id is not None


def test_voiding_reopens_closed_risk_check(personas, workspace):
    """A closed, accepted risk whose residual rating rises cannot stay closed without a new acceptance."""
    risk = make_risk(workspace, inherent=(4, 4), residual=(3, 3), treatment_option=Risk.Treatment.RETAIN)
    _accept(workspace, risk, personas[Role.MANAGEMENT])
    with workspace_context(workspace):
        risk = Risk.objects.get(pk=risk.pk)
    _update(workspace, risk, status=Risk.Status.CLOSED)
    with pytest.raises(ValidationError) as raised:
        _update(workspace, risk, residual_likelihood=4)
    assert _codes(raised.value, "status") == ["acceptance_required"]
    with workspace_context(workspace):
        assert Risk.objects.get(pk=risk.pk).current_acceptance_id is not None


def test_filters_select_matching_risks(personas, workspace):
    officer = personas[Role.OFFICER]
    erp = make_asset(workspace, name="ERP")
    make_risk(workspace, title="Ransomware", inherent=(4, 4), owner=officer, assets=[erp])
    make_risk(workspace, title="Power outage", inherent=(1, 2), residual=(1, 1),
              treatment_option=Risk.Treatment.SHARE, treatment_description="Insurance")
    make_risk(workspace, title="Phishing", inherent=(2, 3), status=Risk.Status.PLANNED,
              treatment_option=Risk.Treatment.MODIFY, treatment_description="Training")
    cases = [
        (RiskFilters(text="ransom"), ["Ransomware"]),
        (RiskFilters(band=Band.CRITICAL), ["Ransomware"]),
        (RiskFilters(band=Band.MEDIUM), ["Phishing"]),
        (RiskFilters(band=Band.LOW), ["Power outage"]),
        (RiskFilters(status=Risk.Status.PLANNED), ["Phishing"]),
        (RiskFilters(owner_id=officer.pk), ["Ransomware"]),
        (RiskFilters(asset_id=erp.pk), ["Ransomware"]),
        (RiskFilters(treatment_option=Risk.Treatment.SHARE), ["Power outage"]),
        (RiskFilters(basis="inherent", likelihood=1, impact=2), ["Power outage"]),
        (RiskFilters(basis="residual", likelihood=1, impact=2), []),
        (RiskFilters(needs_acceptance=True), ["Phishing", "Ransomware"]),
    ]
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        for filters, expected in cases:
            titles = [risk.title for risk in filtered_risks(methodology, filters)]
            assert titles == expected, filters


def test_heat_map_counts_cells(workspace):
    make_risk(workspace, title="A", inherent=(4, 1), residual=(1, 1))
    make_risk(workspace, title="B", inherent=(4, 1))
    make_risk(workspace, title="C", inherent=(2, 3))
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        inherent = heat_map(methodology, "inherent")
        residual = heat_map(methodology, "residual")
    inherent_counts = {(cell["likelihood"], cell["impact"]): cell["count"] for row in inherent for cell in row["cells"]}
    residual_counts = {(cell["likelihood"], cell["impact"]): cell["count"] for row in residual for cell in row["cells"]}
    assert inherent[0]["level"] == 4
    assert inherent_counts[(4, 1)] == 2
    assert inherent_counts[(2, 3)] == 1
    assert sum(inherent_counts.values()) == 3
    assert residual_counts[(1, 1)] == 1
    assert sum(residual_counts.values()) == 1


def test_overview_counts(personas, workspace):
    make_asset(workspace)
    make_risk(workspace, title="Critical unaccepted", inherent=(4, 4))
    accepted = make_risk(workspace, title="Accepted", inherent=(4, 4), residual=(3, 3),
                         treatment_option=Risk.Treatment.RETAIN)
    _accept(workspace, accepted, personas[Role.MANAGEMENT])
    overdue = make_risk(workspace, title="Overdue", inherent=(1, 1), status=Risk.Status.PLANNED,
                        treatment_option=Risk.Treatment.MODIFY, treatment_description="Patch",
                        treatment_due_on=timezone.localdate())
    with workspace_context(workspace):
        Risk.objects.filter(pk=overdue.pk).update(treatment_due_on=timezone.localdate() - timedelta(days=1))
        figures = overview_counts(methodology_for(workspace))
    assert figures["assets"] == 1
    assert figures["total"] == 3
    assert dict(figures["by_band"]) == {Band.LOW: 1, Band.MEDIUM: 0, Band.HIGH: 1, Band.CRITICAL: 1}
    assert figures["above_acceptance"] == 2
    assert figures["awaiting_acceptance"] == 1
    assert figures["treatments_overdue"] == 1


def test_residual_above_inherent_is_rejected(personas, workspace):
    with pytest.raises(ValidationError) as error:
        make_risk(workspace, actor=personas[Role.OFFICER], inherent=(2, 4), residual=(4, 4))
    assert "residual_likelihood" in error.value.error_dict
