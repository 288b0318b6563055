"""Load the Annex A catalogue and the §30 BSIG measure areas from ``isms/data/annex_a_2022.yaml``.

Migrations call ``load_annex_a`` with historical models, so it uses only
plain fields and never the models' properties or choices classes.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.db import transaction

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "annex_a_2022.yaml"
THEMES = {"organizational", "people", "physical", "technological"}
_REF = re.compile(r"^A\.(\d+)\.(\d+)$")


class CatalogueError(ValueError):
    """The data file is malformed; the message names the file, the entry and the fix."""


def _position(ref: str) -> int:
    match = _REF.match(ref)
    return int(match.group(1)) * 1000 + int(match.group(2))


def _check_controls(path: Path, controls: list[dict]) -> None:
    seen = set()
    for index, control in enumerate(controls, start=1):
        missing = [key for key in ("ref", "title_en", "title_de", "theme") if not str(control.get(key, "")).strip()]
        if missing:
            raise CatalogueError(f"{path}: control #{index} lacks {', '.join(missing)}.")
        if not _REF.match(control["ref"]):
            raise CatalogueError(f"{path}: control #{index} has ref {control['ref']!r}; use the form A.5.1.")
        if control["theme"] not in THEMES:
            raise CatalogueError(f"{path}: control {control['ref']} has theme {control['theme']!r}; "
                                 f"use one of {', '.join(sorted(THEMES))}.")
        if control["ref"] in seen:
            raise CatalogueError(f"{path}: control {control['ref']} appears twice.")
        seen.add(control["ref"])


def _check_areas(path: Path, areas: list[dict], refs: set[str]) -> None:
    numbers = [area.get("number") for area in areas]
    if sorted(numbers) != list(range(1, 11)):
        raise CatalogueError(f"{path}: measure_areas must be numbered 1 to 10 once each, found {numbers}.")
    for area in areas:
        if not str(area.get("name_en", "")).strip() or not str(area.get("name_de", "")).strip():
            raise CatalogueError(f"{path}: measure area {area['number']} lacks name_en or name_de.")
        unknown = sorted(set(area.get("controls") or []) - refs)
        if unknown:
            raise CatalogueError(f"{path}: measure area {area['number']} maps unknown controls {', '.join(unknown)}.")


def read_annex_a(path: Path = DATA_FILE) -> tuple[str, list[dict], list[dict]]:
    """Read and check the data file; return its version, controls and measure areas."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    version = str((data.get("meta") or {}).get("version", "")).strip()
    if not version:
        raise CatalogueError(f"{path}: meta.version is missing; add a version such as 2026.1.")
    controls = data.get("controls") or []
    areas = data.get("measure_areas") or []
    _check_controls(path, controls)
    _check_areas(path, areas, {control["ref"] for control in controls})
    return version, controls, areas


def load_annex_a(control_model, area_model, path: Path = DATA_FILE) -> tuple[str, int]:
    """Insert or refresh every control and measure area of the file; safe to run again.

    Controls missing from the file are kept as not current, because SoA entries
    point at them. Returns the file's version and the number of controls.
    """
    version, controls, areas = read_annex_a(path)
    with transaction.atomic():
        by_ref = {}
        for control in controls:
            row, _created = control_model.objects.update_or_create(ref=control["ref"], defaults={
                "title_en": control["title_en"].strip(), "title_de": control["title_de"].strip(),
                "theme": control["theme"], "new_in_2022": bool(control.get("new_in_2022")),
                "position": _position(control["ref"]), "data_version": version, "is_current": True,
            })
            by_ref[row.ref] = row
        control_model.objects.exclude(ref__in=by_ref).update(is_current=False)
        for area in areas:
            row, _created = area_model.objects.update_or_create(number=area["number"], defaults={
                "name_en": area["name_en"].strip(), "name_de": area["name_de"].strip(), "data_version": version,
            })
            row.controls.set([by_ref[ref] for ref in area.get("controls") or []])
    return version, len(controls)
