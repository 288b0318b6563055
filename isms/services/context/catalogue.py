"""Load the entity types and size thresholds of §28 BSIG from ``isms/data/nis2_entity_types.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

from civac.tenancy.choices import Sector

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "nis2_entity_types.yaml"
RULES = {"size", "any_size", "public_telecom", "trust_service"}


@dataclass(frozen=True)
class SizeThreshold:
    """Passed with at least ``min_employees`` staff, or with turnover AND balance sheet above their limits."""

    min_employees: int
    turnover_over_eur: Decimal
    balance_sheet_over_eur: Decimal


@dataclass(frozen=True)
class EntityType:
    key: str
    annex: int
    sector: str
    rule: str
    name_en: str
    name_de: str

    @property
    def name(self) -> str:
        """The name in the active language; German for any German locale."""
        return self.name_de if (get_language() or "").startswith("de") else self.name_en


@dataclass(frozen=True)
class Nis2Catalogue:
    thresholds: dict[str, SizeThreshold]
    entity_types: dict[str, EntityType]

    def entity_type(self, key: str) -> EntityType:
        try:
            return self.entity_types[key]
        except KeyError:
            raise ValueError(f"unknown NIS-2 entity type {key!r}; use a key of {DATA_FILE.name}") from None


def parse_catalogue(data: dict) -> Nis2Catalogue:
    """Build the catalogue from the YAML structure and reject entries the classification cannot use."""
    thresholds = {
        name: SizeThreshold(
            min_employees=int(values["min_employees"]),
            turnover_over_eur=Decimal(str(values["turnover_over_eur"])),
            balance_sheet_over_eur=Decimal(str(values["balance_sheet_over_eur"])),
        )
        for name, values in data["thresholds"].items()
    }
    missing = {"particularly_important", "important", "public_telecom"} - thresholds.keys()
    if missing:
        raise ValueError(f"{DATA_FILE.name} lacks the thresholds {sorted(missing)}")
    entity_types = {}
    for entry in data["entity_types"]:
        entity = EntityType(key=entry["key"], annex=int(entry["annex"]), sector=entry["sector"], rule=entry["rule"],
                            name_en=entry["en"], name_de=entry["de"])
        if entity.rule not in RULES or entity.annex not in (1, 2) or entity.sector not in Sector.values:
            raise ValueError(f"entity type {entity.key!r} in {DATA_FILE.name} has an unknown rule, annex or sector")
        if entity.key in entity_types:
            raise ValueError(f"entity type {entity.key!r} appears twice in {DATA_FILE.name}")
        entity_types[entity.key] = entity
    return Nis2Catalogue(thresholds=thresholds, entity_types=entity_types)


@lru_cache(maxsize=1)
def load_catalogue() -> Nis2Catalogue:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return parse_catalogue(yaml.safe_load(handle))
