"""The Annex A catalogue, its loader and a workspace's own controls."""

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command

from civac.audit.models import AuditEvent
from civac.tenancy.context import workspace_context
from isms.models import CatalogueControl, MeasureArea, OwnControl, SoAEntry
from isms.services.controls import CatalogueError, load_annex_a, own_control_create, own_control_update
from isms.services.controls.catalogue import DATA_FILE, read_annex_a
from tests import builders_controls
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_catalogue_has_93_controls_in_four_themes():
    builders_controls.annex_a()
    assert CatalogueControl.objects.filter(is_current=True).count() == 93
    counts = {theme: CatalogueControl.objects.filter(theme=theme).count()
              for theme in ("organizational", "people", "physical", "technological")}
    assert counts == {"organizational": 37, "people": 8, "physical": 14, "technological": 34}


def test_catalogue_marks_eleven_controls_new_in_2022():
    builders_controls.annex_a()
    new = set(CatalogueControl.objects.filter(new_in_2022=True).values_list("ref", flat=True))
    assert new == {"A.5.7", "A.5.23", "A.5.30", "A.7.4", "A.8.9", "A.8.10", "A.8.11", "A.8.12", "A.8.16",
                   "A.8.23", "A.8.28"}


def test_every_control_has_both_titles():
    _version, controls, _areas = read_annex_a()
    assert all(control["title_en"].strip() for control in controls)
    assert all(control["title_de"].strip() for control in controls)


def test_measure_areas_are_ten_and_each_maps_controls():
    builders_controls.annex_a()
    assert list(MeasureArea.objects.values_list("number", flat=True)) == list(range(1, 11))
    for area in MeasureArea.objects.prefetch_related("controls"):
        assert area.controls.exists(), area.number


def test_catalogue_sorts_numerically():
    builders_controls.annex_a()
    refs = list(CatalogueControl.objects.values_list("ref", flat=True)[:11])
    assert refs[8:11] == ["A.5.9", "A.5.10", "A.5.11"]


def test_loader_runs_again_without_duplicates():
    builders_controls.annex_a()
    call_command("load_annex_a", verbosity=0)
    call_command("load_annex_a", verbosity=0)
    assert CatalogueControl.objects.count() == 93
    assert MeasureArea.objects.get(number=8).controls.count() == 2


def test_loader_keeps_dropped_control_as_not_current(tmp_path):
    builders_controls.annex_a()
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    data["controls"] = [control for control in data["controls"] if control["ref"] != "A.8.34"]
    for area in data["measure_areas"]:
        area["controls"] = [ref for ref in area["controls"] if ref != "A.8.34"]
    smaller = tmp_path / "annex.yaml"
    smaller.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    load_annex_a(CatalogueControl, MeasureArea, path=smaller)
    assert CatalogueControl.objects.get(ref="A.8.34").is_current is False
    assert CatalogueControl.objects.filter(is_current=True).count() == 92


@pytest.mark.parametrize("change, message", [
    (lambda data: data["controls"][0].update(theme="legal"), "theme 'legal'"),
    (lambda data: data["controls"].append(dict(data["controls"][0])), "appears twice"),
    (lambda data: data["measure_areas"][0]["controls"].append("A.9.1"), "unknown controls A.9.1"),
    (lambda data: data["meta"].pop("version"), "meta.version is missing"),
    (lambda data: data["controls"][1].update(title_de=""), "lacks title_de"),
])
def test_loader_rejects_malformed_file(tmp_path, change, message):
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    broken = tmp_path / "annex.yaml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError, match=message):
        read_annex_a(broken)


def _create(workspace, **overrides):
    values = {"ref": "ORG-1", "title": "Schlüsselverwaltung Werk Leipzig", "theme": "physical"}
    values |= overrides
    with workspace_context(workspace):
        return own_control_create(actor=None, workspace=workspace, **values)


def test_own_control_gets_not_assessed_soa_entry(workspace):
    builders_controls.annex_a()
    control = _create(workspace, measure_areas=list(MeasureArea.objects.filter(number__in=[1, 9])))
    with workspace_context(workspace):
        entry = SoAEntry.objects.get(own_control=control)
        areas = sorted(control.measure_areas.values_list("number", flat=True))
    assert entry.applicability == SoAEntry.Applicability.UNDECIDED
    assert areas == [1, 9]


def test_own_control_creation_is_audited(workspace):
    builders_controls.annex_a()
    control = _create(workspace)
    assert AuditEvent.objects.filter(object_type="isms.owncontrol", object_id=str(control.pk),
                                     action="create").exists()


@pytest.mark.parametrize("ref, code", [
    ("org-1", "own_control_ref_duplicate"),
    ("A.5.1", "own_control_ref_is_annex_a"),
    ("", "own_control_ref_invalid"),
    ("ORG 1/2", "own_control_ref_invalid"),
])
def test_own_control_rejects_bad_ids(workspace, ref, code):
    builders_controls.annex_a()
    _create(workspace)
    with pytest.raises(ValidationError) as raised:
        _create(workspace, ref=ref)
    assert raised.value.error_dict["ref"][0].code == code


def test_own_control_ids_are_per_workspace(workspace, other_workspace):
    builders_controls.annex_a()
    _create(workspace)
    other = _create(other_workspace)
    assert other.ref == "ORG-1"


def test_own_control_rejects_unknown_theme(workspace):
    builders_controls.annex_a()
    with pytest.raises(ValidationError) as raised:
        _create(workspace, theme="legal")
    assert "theme" in raised.value.error_dict


def test_own_control_update_keeps_its_own_id(workspace):
    builders_controls.annex_a()
    control = _create(workspace)
    with workspace_context(workspace):
        own_control_update(actor=None, control=control, ref="ORG-1", title="Neuer Titel", theme="people",
                           measure_areas=list(MeasureArea.objects.filter(number=2)))
        control.refresh_from_db()
        areas = list(control.measure_areas.values_list("number", flat=True))
    assert control.title == "Neuer Titel"
    assert areas == [2]


def test_controls_page_lists_catalogue_and_own_controls(workspace):
    builders_controls.annex_a()
    user = builders_controls.officer(workspace)
    _create(workspace, title="Werksausweis-Kontrolle")
    response = client_for(user).get(f"/w/{workspace.slug}/isms/controls/")
    assert response.status_code == 200
    assert b"A.8.34" in response.content
    assert "Werksausweis-Kontrolle".encode() in response.content


def test_own_control_form_shows_duplicate_id_error(workspace):
    builders_controls.annex_a()
    user = builders_controls.officer(workspace)
    _create(workspace)
    response = client_for(user).post(f"/w/{workspace.slug}/isms/controls/own/new/",
                                     {"ref": "ORG-1", "title": "Zweite", "theme": "people"})
    assert response.status_code == 400
    assert b"already has a control with the ID ORG-1" in response.content


def test_auditor_cannot_add_own_control(workspace):
    builders_controls.annex_a()
    auditor = builders_controls.officer(workspace, "auditor@acme.example")
    from civac.tenancy.models import Membership
    with workspace_context(workspace):
        Membership.objects.filter(user=auditor).update(role="auditor")
    response = client_for(auditor).post(f"/w/{workspace.slug}/isms/controls/own/new/",
                                        {"ref": "ORG-9", "title": "X", "theme": "people"})
    assert response.status_code == 403
    with workspace_context(workspace):
        assert not OwnControl.objects.filter(ref="ORG-9").exists()
