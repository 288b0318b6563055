"""Load the versioned officer role catalogue from ``officers/data/officer_roles.yaml``."""

from pathlib import Path

import yaml
from django.db import transaction

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "officer_roles.yaml"
_TEXT_FIELDS = [
    "name_en", "name_de", "legal_basis", "threshold_trigger", "qualification",
    "external_allowed", "written_appointment_required", "source", "verification",
]


class CatalogueError(ValueError):
    pass


def read_catalogue(path: Path = CATALOGUE_FILE) -> tuple[str, list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    version = str(data.get("meta", {}).get("version", "")).strip()
    if not version:
        raise CatalogueError(f"{path}: meta.version is missing; add a version such as 2026.1.")
    roles = data.get("roles") or []
    keys = set()
    for index, role in enumerate(roles):
        missing = [field for field in ["key", *_TEXT_FIELDS] if not str(role.get(field, "")).strip()]
        if missing:
            raise CatalogueError(f"{path}: role #{index + 1} lacks {', '.join(missing)}.")
        if role["key"] in keys:
            raise CatalogueError(f"{path}: role key {role['key']!r} appears twice.")
        keys.add(role["key"])
    return version, roles


def load_catalogue(entry_model, path: Path = CATALOGUE_FILE) -> tuple[str, int]:
    """Insert or refresh the file's version and mark it as the current one.

    Rows of older versions stay, because appointments reference them.
    """
    version, roles = read_catalogue(path)
    with transaction.atomic():
        for role in roles:
            defaults = {field: str(role[field]).strip() for field in _TEXT_FIELDS}
            defaults["is_current"] = True
            # Migrations load the catalogue with older model states that lack this field.
            field_names = {field.name for field in entry_model._meta.fields}
            if "qualification_evidence_required" in field_names:
                defaults["qualification_evidence_required"] = bool(role.get("qualification_evidence_required"))
            if "authority_notice" in field_names:
                defaults["authority_notice"] = str(role.get("authority_notice", "")).strip()
            entry_model.objects.update_or_create(key=role["key"], version=version, defaults=defaults)
        entry_model.objects.exclude(version=version).update(is_current=False)
    return version, len(roles)
