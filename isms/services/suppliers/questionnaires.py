"""Questionnaire templates from ``isms/data/supplier_questionnaires.yaml``, read once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "supplier_questionnaires.yaml"
CHOICE_ANSWERS = ("yes", "partly", "no", "not_applicable")


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    required: bool
    upload: bool
    controls: tuple
    text_de: str
    text_en: str

    def text(self, language: str) -> str:
        return self.text_de if language == "de" else self.text_en


@dataclass(frozen=True)
class Questionnaire:
    key: str
    title_de: str
    title_en: str
    questions: tuple

    def title(self, language: str) -> str:
        return self.title_de if language == "de" else self.title_en


@lru_cache(maxsize=1)
def _templates() -> dict:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    templates = {}
    for entry in data["templates"]:
        questions = tuple(
            Question(key=item["key"], kind=item["kind"], required=bool(item["required"]),
                     upload=bool(item["upload"]), controls=tuple(item["controls"]),
                     text_de=item["text_de"], text_en=item["text_en"])
            for item in entry["questions"]
        )
        templates[entry["key"]] = Questionnaire(entry["key"], entry["title_de"], entry["title_en"], questions)
    return templates


def questionnaire(key: str) -> Questionnaire | None:
    return _templates().get(key)


def questionnaire_choices(language: str) -> list[tuple[str, str]]:
    return [(template.key, template.title(language)) for template in _templates().values()]
