"""Risk methodology: the default, bands, and changes of scale that keep every rating."""

import pytest
from django.core.exceptions import ValidationError

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from civac.tenancy.roles import Role
from isms.models import Band, Risk, RiskAcceptance, RiskMethodology
from isms.services.risks import acceptance_sha256, methodology_for, methodology_update, risk_accept
from tests.builders_risks import make_risk
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _levels(count: int) -> list[dict]:
    return [{"label": f"Level {number}", "description": ""} for number in range(1, count + 1)]


def _update(methodology, *, likelihood=4, impact=4, thresholds=(4, 8, 12), band=Band.LOW, **mappings):
    return methodology_update(actor=None, methodology=methodology, likelihood_levels=_levels(likelihood),
                              impact_levels=_levels(impact), medium_from=thresholds[0], high_from=thresholds[1],
                              critical_from=thresholds[2], acceptance_band=band, **mappings)


def _codes(error: ValidationError, field: str) -> list[str]:
    return [item.code for item in error.error_dict[field]]


def test_default_methodology_created_once(workspace):
    with workspace_context(workspace):
        first = methodology_for(workspace)
        second = methodology_for(workspace)
        count = RiskMethodology.objects.count()
    assert first.pk == second.pk
    assert count == 1
    assert (first.likelihood_count, first.impact_count) == (4, 4)


@pytest.mark.parametrize(("score", "band"), [(1, Band.LOW), (3, Band.LOW), (4, Band.MEDIUM), (6, Band.MEDIUM),
                                             (8, Band.HIGH), (9, Band.HIGH), (12, Band.CRITICAL),
                                             (16, Band.CRITICAL)])
def test_default_bands_by_score(workspace, score, band):
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
    assert methodology.band_for(score) == band


@pytest.mark.parametrize("count", [2, 7])
def test_scale_length_outside_three_to_six_rejected(workspace, count):
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        with pytest.raises(ValidationError) as raised:
            _update(methodology, likelihood=count)
    assert _codes(raised.value, "likelihood_levels") == ["scale_length"]


def test_thresholds_must_rise(workspace):
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        with pytest.raises(ValidationError) as raised:
            _update(methodology, thresholds=(8, 4, 12))
    assert _codes(raised.value, "medium_from") == ["thresholds_not_rising"]


def test_threshold_above_max_score_rejected(workspace):
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        with pytest.raises(ValidationError) as raised:
            _update(methodology, likelihood=3, impact=3, thresholds=(3, 6, 12))
    assert _codes(raised.value, "medium_from") == ["thresholds_not_rising"]


def test_duplicate_level_labels_rejected(workspace):
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        with pytest.raises(ValidationError) as raised:
            methodology_update(actor=None, methodology=methodology,
                               likelihood_levels=[{"label": "low"}, {"label": "Low"}, {"label": "high"}],
                               impact_levels=_levels(4), medium_from=3, high_from=6, critical_from=9,
                               acceptance_band=Band.LOW)
    assert _codes(raised.value, "likelihood_levels") == ["level_label_twice"]


def test_shrinking_used_scale_needs_mapping(workspace):
    risk = make_risk(workspace, inherent=(2, 4), residual=(1, 3))
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        with pytest.raises(ValidationError) as raised:
            _update(methodology, impact=3, thresholds=(3, 6, 9))
        stored = Risk.objects.get(pk=risk.pk)
        methodology.refresh_from_db()
    assert _codes(raised.value, "impact_mapping") == ["mapping_required"]
    assert "3, 4" in raised.value.error_dict["impact_mapping"][0].messages[0]
    assert (stored.inherent_impact, stored.residual_impact) == (4, 3)
    assert methodology.impact_count == 4


def test_mapping_moves_ratings_and_audits_them(workspace):
    risk = make_risk(workspace, inherent=(2, 4), residual=(1, 3))
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        _update(methodology, impact=3, thresholds=(3, 6, 9), impact_mapping={1: 1, 2: 2, 3: 2, 4: 3})
        stored = Risk.objects.get(pk=risk.pk)
        event = AuditEvent.objects.filter(object_id=str(risk.pk), action="update").latest("sequence")
    assert (stored.inherent_impact, stored.residual_impact) == (3, 2)
    assert event.changes["inherent_impact"] == [4, 3]
    assert event.changes["residual_impact"] == [3, 2]


def test_mapping_to_level_outside_new_scale_rejected(workspace):
    make_risk(workspace, inherent=(2, 4))
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        with pytest.raises(ValidationError) as raised:
            _update(methodology, impact=3, thresholds=(3, 6, 9), impact_mapping={4: 4})
    assert _codes(raised.value, "impact_mapping") == ["mapping_outside_scale"]


def test_growing_unused_scale_needs_no_mapping(workspace):
    with workspace_context(workspace):
        methodology = _update(methodology_for(workspace), likelihood=5, impact=5, thresholds=(5, 10, 15))
    assert methodology.max_score == 25


def test_growing_used_scale_needs_mapping(workspace):
    make_risk(workspace, inherent=(1, 1))
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        with pytest.raises(ValidationError) as raised:
            _update(methodology, likelihood=5, thresholds=(5, 10, 15))
    assert _codes(raised.value, "likelihood_mapping") == ["mapping_required"]


def test_moved_residual_voids_acceptance(personas, workspace):
    risk = make_risk(workspace, inherent=(4, 4), residual=(3, 3), treatment_option=Risk.Treatment.RETAIN)
    signer = personas[Role.MANAGEMENT]
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        acceptance = risk_accept(actor=signer, risk=risk, methodology=methodology,
                                 confirmed_sha256=acceptance_sha256(risk, methodology), password=PASSWORD)
        _update(methodology, impact=3, thresholds=(3, 6, 9), impact_mapping={1: 1, 2: 2, 3: 2, 4: 3},
                likelihood=4)
        stored = Risk.objects.get(pk=risk.pk)
        acceptance = RiskAcceptance.objects.get(pk=acceptance.pk)
    assert stored.current_acceptance_id is None
    assert acceptance.voided_at is not None


def test_band_change_voids_acceptance(personas, workspace):
    risk = make_risk(workspace, inherent=(4, 4), residual=(2, 2), treatment_option=Risk.Treatment.RETAIN)
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        risk_accept(actor=personas[Role.MANAGEMENT], risk=risk, methodology=methodology,
                    confirmed_sha256=acceptance_sha256(risk, methodology), password=PASSWORD)
        _update(methodology, thresholds=(5, 8, 12))
        stored = Risk.objects.get(pk=risk.pk)
    assert stored.current_acceptance_id is None


def test_unchanged_band_keeps_acceptance(personas, workspace):
    risk = make_risk(workspace, inherent=(4, 4), residual=(2, 2), treatment_option=Risk.Treatment.RETAIN)
    with workspace_context(workspace):
        methodology = methodology_for(workspace)
        risk_accept(actor=personas[Role.MANAGEMENT], risk=risk, methodology=methodology,
                    confirmed_sha256=acceptance_sha256(risk, methodology), password=PASSWORD)
        _update(methodology, band=Band.MEDIUM)
        stored = Risk.objects.get(pk=risk.pk)
    assert stored.current_acceptance_id is not None
